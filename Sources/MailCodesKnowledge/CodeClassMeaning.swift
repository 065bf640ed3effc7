import MailCodesSMTP
import MailCodesSupport

/// The meaning of the digits of a code taken one by one: the class and second digit of a
/// basic code (RFC 5321 §4.2.1) and the class and subject of an enhanced code (RFC 3463 §2).
///
/// These explain any code, even one the reference does not list.
public struct CodeClassMeaning: Sendable, Hashable {
  /// A short title, e.g. "Transient negative".
  public let title: LocalizedText
  /// One sentence on what the digit says.
  public let explanation: LocalizedText

  /// The first digit of a basic code, 2 to 5.
  public static func basicClass(_ digit: Int) -> CodeClassMeaning? {
    switch digit {
    case 2:
      return CodeClassMeaning(
        title: LocalizedText("Positive completion", "肯定完成"),
        explanation: LocalizedText(
          "The requested action was completed; the client may send a new command.",
          "请求的操作已完成，客户端可以发送新的命令。"))
    case 3:
      return CodeClassMeaning(
        title: LocalizedText("Positive intermediate", "肯定中间"),
        explanation: LocalizedText(
          "The command was accepted, but the server waits for more: the message content after DATA or the next step of AUTH.",
          "命令已被接受，但服务器还在等待后续内容：DATA 之后的邮件正文，或 AUTH 的下一步。"))
    case 4:
      return CodeClassMeaning(
        title: LocalizedText("Transient negative", "暂时性否定"),
        explanation: LocalizedText(
          "The command was refused for now; the condition is temporary and the sender retries later.",
          "命令暂时被拒绝；这是暂时性的情况，发件方会稍后重试。"))
    case 5:
      return CodeClassMeaning(
        title: LocalizedText("Permanent negative", "永久性否定"),
        explanation: LocalizedText(
          "The command was refused and will fail again if repeated unchanged; the sender bounces the message.",
          "命令被拒绝，不做更改地重复仍会失败；发件方会退信。"))
    default:
      return nil
    }
  }

  /// The second digit of a basic code, 0 to 5.
  public static func basicCategory(_ digit: Int) -> CodeClassMeaning? {
    switch digit {
    case 0:
      return CodeClassMeaning(
        title: LocalizedText("Syntax", "语法"),
        explanation: LocalizedText(
          "Syntax errors, and commands that are unimplemented, superfluous or fit no other category.",
          "语法错误，以及未实现、多余或无法归入其他类别的命令。"))
    case 1:
      return CodeClassMeaning(
        title: LocalizedText("Information", "信息"),
        explanation: LocalizedText(
          "Replies to requests for information, such as status or help.",
          "对状态、帮助等信息请求的应答。"))
    case 2:
      return CodeClassMeaning(
        title: LocalizedText("Connections", "连接"),
        explanation: LocalizedText(
          "Replies about the transmission channel (the connection).",
          "与传输通道（连接）相关的应答。"))
    case 3:
      return CodeClassMeaning(
        title: LocalizedText("Unspecified", "未指定"),
        explanation: LocalizedText(
          "Not assigned by RFC 5321; used by extensions, above all AUTH (334, 530, 535).",
          "RFC 5321 未分配此类别；由扩展使用，主要是 AUTH（334、530、535）。"))
    case 4:
      return CodeClassMeaning(
        title: LocalizedText("Unspecified", "未指定"),
        explanation: LocalizedText(
          "Not assigned by RFC 5321.",
          "RFC 5321 未分配此类别。"))
    case 5:
      return CodeClassMeaning(
        title: LocalizedText("Mail system", "邮件系统"),
        explanation: LocalizedText(
          "The state of the receiving mail system for the requested transfer: mailboxes, storage, policy.",
          "接收方邮件系统针对所请求传输的状态：邮箱、存储、策略等。"))
    default:
      return nil
    }
  }

  /// The class digit of an enhanced code: 2, 4 or 5.
  public static func enhancedClass(_ digit: Int) -> CodeClassMeaning? {
    switch digit {
    case 2:
      return CodeClassMeaning(
        title: LocalizedText("Success", "成功"),
        explanation: LocalizedText(
          "The action completed successfully.",
          "操作已成功完成。"))
    case 4:
      return CodeClassMeaning(
        title: LocalizedText("Persistent transient failure", "持续性暂时失败"),
        explanation: LocalizedText(
          "The message is valid but a temporary condition stopped it; sending it again later may succeed.",
          "邮件本身有效，但因暂时性的情况未能投递；稍后重新发送可能成功。"))
    case 5:
      return CodeClassMeaning(
        title: LocalizedText("Permanent failure", "永久失败"),
        explanation: LocalizedText(
          "Resending the message in its current form will not succeed; something must change first.",
          "以当前形式重新发送不会成功；必须先做出更改。"))
    default:
      return nil
    }
  }

  /// The subject of an enhanced code: 0 to 7.
  public static func enhancedSubject(_ subject: Int) -> CodeClassMeaning? {
    switch subject {
    case 0:
      return CodeClassMeaning(
        title: LocalizedText("Other or undefined status", "其他或未定义状态"),
        explanation: LocalizedText("No further detail is available.", "没有更多细节信息。"))
    case 1:
      return CodeClassMeaning(
        title: LocalizedText("Addressing status", "地址状态"),
        explanation: LocalizedText(
          "A problem with the sender or recipient address.",
          "发件人或收件人地址有问题。"))
    case 2:
      return CodeClassMeaning(
        title: LocalizedText("Mailbox status", "邮箱状态"),
        explanation: LocalizedText(
          "A problem with the recipient's mailbox, which exists.",
          "收件人邮箱（存在）本身有问题。"))
    case 3:
      return CodeClassMeaning(
        title: LocalizedText("Mail system status", "邮件系统状态"),
        explanation: LocalizedText(
          "A problem with the destination mail system.",
          "目标邮件系统有问题。"))
    case 4:
      return CodeClassMeaning(
        title: LocalizedText("Network and routing status", "网络与路由状态"),
        explanation: LocalizedText(
          "A problem with the network, DNS or routing.",
          "网络、DNS 或路由有问题。"))
    case 5:
      return CodeClassMeaning(
        title: LocalizedText("Mail delivery protocol status", "邮件投递协议状态"),
        explanation: LocalizedText(
          "A problem in the SMTP exchange itself.",
          "SMTP 协议交互本身有问题。"))
    case 6:
      return CodeClassMeaning(
        title: LocalizedText("Message content or media status", "邮件内容或媒体状态"),
        explanation: LocalizedText(
          "A problem with the content of the message.",
          "邮件内容有问题。"))
    case 7:
      return CodeClassMeaning(
        title: LocalizedText("Security or policy status", "安全或策略状态"),
        explanation: LocalizedText(
          "A security or policy decision: authentication, relaying, spam, blocklists, SPF/DKIM/DMARC.",
          "安全或策略决定：身份验证、中继、垃圾邮件、黑名单、SPF/DKIM/DMARC 等。"))
    default:
      return nil
    }
  }
}
