import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The headings and fixed phrases of `mailcodes explain`, in the chosen language.
struct ExplainLabels {
  let language: ReferenceLanguage

  private func pick(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

  var classLabel: String { pick("Class", "类别") }
  var category: String { pick("Category", "子类") }
  var subject: String { pick("Subject", "主题") }
  var retried: String { pick("Retried", "是否重试") }
  var answers: String { pick("Answers", "应答的命令") }
  var usuallyWith: String { pick("Usually with", "常见搭配") }
  var definedIn: String { pick("Defined in", "定义于") }
  var registered: String { pick("Registered", "注册表") }
  var meaning: String { pick("Meaning", "含义") }
  var reply: String { pick("Reply", "应答") }
  var note: String { pick("Note", "注意") }
  var description: String { pick("Description", "描述") }
  var whenItAppears: String { pick("When it appears", "何时出现") }
  var whenYouMeetIt: String { pick("When you meet it", "何时遇到") }
  var clientFix: String { pick("How to fix (client / sender)", "如何修复（客户端 / 发件方）") }
  var serverFix: String { pick("How to fix (server admin)", "如何修复（服务器管理员）") }
  var whoMustAct: String { pick("Who must act", "谁需要处理") }
  var typicalTexts: String { pick("Typical texts", "典型回复文本") }
  var keyDifferences: String { pick("Key differences", "主要区别") }
  var versus: String { pick(" vs ", " 与 ") }
  var sender: String { pick("Sender", "发送方") }
  var code: String { pick("Code", "代码") }
  var anyCommand: String { pick("any command", "任意命令") }
  var none: String { pick("none", "无") }
  /// Between the items of an inline list: ", " or "、".
  var listSeparator: String { pick(", ", "、") }

  /// "Codes matching 5xx (12)".
  func listTitle(_ patterns: [String], count: Int) -> String {
    let joined = list(patterns)
    return pick("Codes matching \(joined) (\(count))", "匹配 \(joined) 的代码（\(count) 个）")
  }

  var noMatch: String {
    pick("No code in the reference matches.", "参考资料中没有匹配的代码。")
  }

  /// The names of the SMTP steps a code answers.
  func commandName(_ command: SMTPCommand) -> String {
    switch command {
    case .connect: return pick("connection (greeting)", "建立连接（问候）")
    case .endOfData: return pick("end of DATA", "DATA 结束")
    default: return command.description
    }
  }

  func commandList(_ commands: [SMTPCommand]) -> String {
    commands.isEmpty ? anyCommand : commands.map(commandName).joined(separator: listSeparator)
  }

  /// A short retry statement for narrow columns.
  func shortRetry(_ retry: RetryBehavior?) -> String {
    switch retry {
    case .notApplicable: return pick("Not applicable (not an error)", "不适用（不是错误）")
    case .retried: return pick("Yes: transient, retried later", "是：暂时性，稍后重试")
    case .notRetried: return pick("No: permanent, bounced", "否：永久性，退信")
    case nil: return pick("Depends on the class it is sent with", "取决于所带的类别")
    }
  }

  /// Said of a basic code the reference does not list.
  func unknownBasic(_ code: Int) -> String {
    pick(
      "\(code) is not defined by any RFC the reference covers; its digits are all that is known. Read the text of the reply.",
      "\(code) 未被参考资料所涵盖的任何 RFC 定义；只能从其数字得知上述含义。请阅读应答文本。")
  }

  /// Said of an enhanced code whose detail the registry does not list.
  func unregisteredEnhanced(_ label: String, detail: Int) -> String {
    pick(
      "\(label) is not in the IANA registry: the detail \(detail) is specific to the server that sent it, and the reply text explains it. Class and subject still apply.",
      "\(label) 不在 IANA 注册表中：细节代码 \(detail) 是发送它的服务器自定义的，应以应答文本为准。类别和主题的含义仍然适用。")
  }

  /// Said of a registered enhanced code sent in a class the registry does not use it with.
  func unusualClass(_ label: String, classes: [Int], subject: Int, detail: Int) -> String {
    let used = classes.map { "\($0).\(subject).\(detail)" }.joined(separator: listSeparator)
    return pick(
      "\(label) is unusual: the registry uses this code as \(used).",
      "\(label) 不常见：注册表中此代码的用法是 \(used)。")
  }

  /// "used as 4.7.1, 5.7.1".
  func usedAs(_ entry: EnhancedCodeEntry) -> String {
    let used = entry.classes.map { "\($0).\(entry.subject).\(entry.detail)" }.joined(separator: listSeparator)
    return pick("used as \(used)", "用作 \(used)")
  }

  /// "X.7.1 (RFC 3463), used as 4.7.1, 5.7.1".
  func registration(_ entry: EnhancedCodeEntry) -> String {
    let references = entry.references.joined(separator: listSeparator)
    return pick("\(entry.label) (\(references)), \(usedAs(entry))", "\(entry.label)（\(references)），\(usedAs(entry))")
  }

  /// Codes or references as an inline list.
  func list(_ items: [String]) -> String { items.joined(separator: listSeparator) }

  /// Who must act, for a code the reference does not describe.
  func genericAction(classDigit: Int?) -> String {
    switch classDigit {
    case 2: return pick("None: success.", "无需处理：成功。")
    case 3: return pick("None: the client continues.", "无需处理：客户端继续即可。")
    case 4: return pick("Usually none (retried); read the reply text if it lasts.", "通常无需处理（会重试）；持续出现时阅读应答文本。")
    case 5: return pick("The sender: read the reply text, something must change.", "发件方：阅读应答文本，必须做出更改。")
    default: return "-"
    }
  }

  /// "5xx", "x3x", "5.x.x", "x.7.x".
  static func classPattern(basic digit: Int) -> String { "\(digit)xx" }
  static func categoryPattern(basic digit: Int) -> String { "x\(digit)x" }
  static func classPattern(enhanced digit: Int) -> String { "\(digit).x.x" }
  static func subjectPattern(enhanced subject: Int) -> String { "x.\(subject).x" }
}
