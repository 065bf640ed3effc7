import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Every text of the HTML report's own, in English and Simplified Chinese (`--lang`).
///
/// What comes from the logs (addresses, reply samples, host names) and the protocol's own
/// words (SMTP commands, `sent`/`deferred`, the `--outcome` names) stay as they are; the
/// outcome names get a Chinese gloss in front. Diagnostics about inputs (read errors, the
/// transcript dialect) are the engine's English messages.
enum HTMLText {
  static let defaultTitle = LocalizedText("mailcodes report", "mailcodes 报告")
  static let noTimestamps = LocalizedText("no timestamped lines", "没有带时间戳的行")
  static let problems = LocalizedText("Problems", "问题")
  static let noProblems = LocalizedText(
    "None: no 4xx/5xx replies, no timeouts, no lost or refused sessions.", "无：没有 4xx/5xx 应答，没有超时，没有丢失或被拒绝的会话。")
  static let repliesPerHour = LocalizedText("Replies per hour", "每小时应答")
  static let repliesByClassPerHour = LocalizedText("Replies by class per hour", "每小时各类应答")
  static let noCode = LocalizedText("no code", "无代码")
  static let noData = LocalizedText("No data.", "无数据。")
  static let repliesSent = LocalizedText("Replies sent by this server", "本服务器发出的应答")
  static let topCodes = LocalizedText("Top codes", "最常见的代码")
  static let code = LocalizedText("Code", "代码")
  static let enhanced = LocalizedText("Enhanced", "增强码")
  static let command = LocalizedText("Command", "命令")
  static let count = LocalizedText("Count", "次数")
  static let clients = LocalizedText("Clients", "客户端")
  static let meaning = LocalizedText("Meaning", "含义")
  static let sampleReply = LocalizedText("Sample reply", "应答示例")
  static let inferredNote = LocalizedText(
    "* inferred: not printed in the log, but the server certainly sent it.", "* 推断：日志中未记录，但服务器确实发送了该应答。")
  static let topClientsPerCode = LocalizedText("Top clients per problem code", "各问题代码的主要客户端")
  static let unlogged = LocalizedText("Refusals whose reply the log does not print", "日志未记录应答的拒绝")
  static let unloggedNote = LocalizedText(
    "Postfix counts them in its disconnect line (mail=0/1) without a reply.",
    "Postfix 只在 disconnect 行中计数（mail=0/1），不记录应答。")
  static let likelyReply = LocalizedText("Likely reply", "可能的应答")
  static let topClients = LocalizedText("Top clients", "主要客户端")
  static let outcomesByStage = LocalizedText("Outcomes by stage", "各阶段的结果")
  static let outcome = LocalizedText("Outcome", "结果")
  static let sessions = LocalizedText("Sessions", "会话数")
  static let endedAt = LocalizedText("Ended at", "结束于")
  static let topPeers = LocalizedText("Top clients or servers", "主要客户端或服务器")
  static let outbound = LocalizedText("Remote replies to our deliveries", "远程服务器对我方投递的应答")
  static let result = LocalizedText("Result", "结果")
  static let remotes = LocalizedText("Remotes", "远程服务器")
  static let hangUp = LocalizedText("hang-up", "挂断")
  static let reply = LocalizedText("reply", "应答")
  static let remoteClosed = LocalizedText("remote closed without QUIT", "远程服务器未经 QUIT 关闭连接")
  static let noReply = LocalizedText("no reply", "无应答")
  static let input = LocalizedText("Input", "输入")
  static let lines = LocalizedText("Lines", "行数")
  static let recognized = LocalizedText("Recognized", "已识别")
  static let ignored = LocalizedText("Ignored", "已忽略")
  static let unrecognized = LocalizedText("Unrecognized", "未识别")
  static let notes = LocalizedText("Notes", "备注")
  static let warning = LocalizedText("warning: ", "警告：")
  static let error = LocalizedText("ERROR: ", "错误：")
  static let codesMeaning = LocalizedText("What the codes mean", "代码含义")
  static let whenItAppears = LocalizedText("When it appears", "何时出现")
  static let fixClient = LocalizedText("Fix (client)", "解决（客户端）")
  static let fixServer = LocalizedText("Fix (server)", "解决（服务器端）")
  static let footer = LocalizedText("Made by mailcodes. Codes marked * are inferred.", "由 mailcodes 生成。标有 * 的代码为推断所得。")

  /// `3 inputs, 5,922 lines. Period: A to B.`
  static func meta(inputs: Int, lines: Int, period: String, _ language: ReferenceLanguage) -> String {
    switch language {
    case .en:
      return "\(inputs) input\(inputs == 1 ? "" : "s"), \(TextLayout.count(lines, "line", "lines")). Period: \(period)."
    case .zh:
      return "\(inputs) 个输入，\(TextLayout.number(lines)) 行。时段：\(period)。"
    }
  }

  /// `A to B`.
  static func period(_ first: String, _ last: String, _ language: ReferenceLanguage) -> String {
    language == .zh ? "\(first) 至 \(last)" : "\(first) to \(last)"
  }

  static let incompleteGaps = LocalizedText(
    "Incomplete: problems may be missing from this report.", "不完整：本报告可能遗漏了问题。")
  static let noProblemsSeen = LocalizedText(
    "None found in what was read and understood: see Incomplete above.", "在已读取并理解的内容中未发现问题：见上方“不完整”。")
  static let limitsAndHandovers = LocalizedText("Limits and hand-overs", "限制与交接")
  static let limitsNote = LocalizedText(
    "Every bound that was hit, and what it kept out (see Docs/Limits.md).", "触及的每个上限，以及因此未计入的内容（见 Docs/Limits.md）。")
  static let limitWhat = LocalizedText("What", "项目")
  static let limitTruncated = LocalizedText("Truncated lines (longer than the line limit)", "被截断的行（超过行长上限）")
  static let limitEvicted = LocalizedText("Sessions evicted (open-session bound)", "被逐出的会话（打开会话数上限）")
  static let limitUnterminated = LocalizedText("Sessions without an end line (pid reused)", "没有结束行的会话（pid 被重用）")
  static let limitOverflowed = LocalizedText("Counts beyond table bounds in (other)", "超出表上限、计入 (other) 的计数")
  static let limitHandoffs = LocalizedText("Postscreen sessions handed to smtpd", "postscreen 移交给 smtpd 的会话")

  /// `Table full: peers, counts in (other): ...`
  static func tableFull(_ table: String, _ consequence: String, _ language: ReferenceLanguage) -> String {
    language == .zh
      ? "表已满：\(table)，计数归入 (other)：\(consequence)"
      : "Table full: \(table), counts in (other): \(consequence)"
  }

  /// `Table full: 1,234 replies of other hours not shown.`
  static func hourlyBeyondBound(_ replies: Int, _ language: ReferenceLanguage) -> String {
    language == .zh
      ? "表已满：其他小时的 \(TextLayout.number(replies)) 个应答未显示。"
      : "Table full: \(TextLayout.count(replies, "reply", "replies")) of other hours not shown."
  }

  static func incomplete(_ errors: Int, _ language: ReferenceLanguage) -> String {
    language == .zh ? "不完整：\(errors) 个输入错误，见下方“输入”。" : "Incomplete: \(errors) input error(s), see Input below."
  }

  static func sessionsByOutcome(_ total: Int, _ language: ReferenceLanguage) -> String {
    language == .zh ? "按结果划分的会话（\(TextLayout.number(total))）" : "Sessions by outcome (\(TextLayout.number(total)))"
  }

  static func truncated(_ lines: Int, _ language: ReferenceLanguage) -> String {
    language == .zh ? "\(TextLayout.number(lines)) 行被截断" : "\(TextLayout.count(lines, "line", "lines")) truncated"
  }

  /// `idle-timeout after EHLO`.
  static func outcomeAfter(_ outcome: Outcome, _ stage: String, _ language: ReferenceLanguage) -> String {
    language == .zh ? "\(HTMLText.outcome(outcome, language))，于 \(stage)" : "\(outcome) after \(stage)"
  }

  /// An outcome's name (`--outcome`), with a Chinese gloss in front in `zh`.
  static func outcome(_ outcome: Outcome, _ language: ReferenceLanguage) -> String {
    guard language == .zh else { return outcome.description }
    let gloss: String
    switch outcome {
    case .quit: gloss = "正常退出"
    case .idleTimeout: gloss = "空闲超时"
    case .lostConnection: gloss = "连接丢失"
    case .rejected: gloss = "被拒绝"
    case .open: gloss = "未结束"
    }
    return "\(gloss) (\(outcome))"
  }

  /// `clients`, `remote servers`, `peers` (`Report.peerNoun`).
  static func peerNoun(_ noun: String, _ language: ReferenceLanguage) -> String {
    guard language == .zh else { return noun }
    switch noun {
    case "remote servers": return "远程服务器"
    case "peers": return "对端"
    default: return "客户端"
    }
  }

  /// The labels of `Report.problems`; a label this table does not know stays as it is.
  static func problem(_ label: String, _ language: ReferenceLanguage) -> String {
    guard language == .zh else { return label }
    let zh: [String: String] = [
      "5xx permanent rejections sent": "发出的 5xx 永久拒绝",
      "4xx temporary rejections sent": "发出的 4xx 临时拒绝",
      "Authentication failures": "认证失败",
      "Idle timeouts (server closed, no QUIT)": "空闲超时（服务器关闭，无 QUIT）",
      "Lost connections (client left, no QUIT)": "连接丢失（客户端离开，无 QUIT）",
      "Sessions ended by the server (rejected)": "被服务器结束的会话（拒绝）",
      "Rejections whose reply the log omits": "日志未记录应答的拒绝",
      "Remote 5xx replies to our deliveries": "远程服务器对我方投递的 5xx 应答",
      "Remote 4xx replies to our deliveries": "远程服务器对我方投递的 4xx 应答",
      "Remote hang-ups without QUIT": "远程服务器未经 QUIT 挂断",
    ]
    return zh[label] ?? label
  }

  /// A refusal's likely reply (`Hint.description`).
  static func hint(_ hint: Hint, _ language: ReferenceLanguage) -> String {
    guard language == .zh else { return hint.description }
    switch hint {
    case .none: return ""
    case .startTLSRequired: return "可能是 530 5.7.0 必须先发出 STARTTLS 命令"
    case .authenticationRequired: return "可能是 530/553 需要认证"
    case .syntaxError: return "可能是 501 语法错误"
    case .unknownCommand: return "可能是 500/502 未知或已禁用的命令"
    case .badSequence: return "可能是 503 命令顺序错误"
    case .tooManyRecipients: return "可能是 452 4.5.3 收件人过多"
    case .authRefused: return "可能是 5xx AUTH 被拒绝（未记录 SASL 失败）"
    case .contentRejected: return "DATA 之后邮件被拒绝"
    case .mailRefused: return "可能是 501 语法错误或 503 顺序错误"
    case .refusedAfterConnectReject: return "可能是 503 5.7.0 拒绝访问（已在 CONNECT 时被拒绝）"
    case .quitOrHangUpAfterMessage: return "可能是 QUIT 之后的 221（邮件之后的挂断不会被记录）"
    case .milterChoseCode: return "可能是 550（代码由 Milter 选择；日志只有增强码）"
    case .noValidRecipients: return "可能是 503 或 554 5.5.1（没有有效收件人；日志未记录是否发出了 MAIL）"
    }
  }
}
