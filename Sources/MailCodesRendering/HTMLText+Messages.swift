import MailCodesAnalysis
import MailCodesFormats
import MailCodesKnowledge
import MailCodesSupport

/// The texts of the HTML report's message sections (`HTMLRenderer+Messages`), in English and
/// Simplified Chinese. As in the rest of the page, what comes from the logs (addresses,
/// domains, transports, reply texts, daemon names) stays as it is; the names of the traffic
/// kinds, refusal reasons and severities (also JSON and `--by` values) get a Chinese gloss in
/// front of the English name.
extension HTMLText {
  static let messages = LocalizedText("Messages", "邮件")
  static let messagesPerHour = LocalizedText("Messages per hour", "每小时邮件")
  static let messagesPerDay = LocalizedText("Messages per day", "每日邮件")
  static let refusalsByReason = LocalizedText("Refusals by reason", "按原因划分的拒绝")
  static let reason = LocalizedText("Reason", "原因")
  static let repliesAndTexts = LocalizedText("Replies and texts", "应答与文本")
  static let senders = LocalizedText("Senders", "发件人")
  static let recipients = LocalizedText("Recipients", "收件人")
  static let deliveryByDomain = LocalizedText("Delivery by recipient domain", "按收件域划分的投递")
  static let domain = LocalizedText("Domain", "域")
  static let sent = LocalizedText("Sent", "已发送")
  static let bytes = LocalizedText("Bytes", "字节")
  static let deferred = LocalizedText("Deferred", "延迟")
  static let bounced = LocalizedText("Bounced", "退回")
  static let expired = LocalizedText("Expired", "过期")
  static let averageDelay = LocalizedText("Avg delay", "平均延迟")
  static let maximumDelay = LocalizedText("Max delay", "最大延迟")
  static let receptionByDomain = LocalizedText("Reception by sender domain", "按发件域划分的接收")
  static let messageCount = LocalizedText("Messages", "邮件数")
  static let topSendersRecipients = LocalizedText("Top senders and recipients", "主要发件人和收件人")
  static let sendersByCount = LocalizedText("Senders by messages", "按邮件数排列的发件人")
  static let sendersBySize = LocalizedText("Senders by size", "按大小排列的发件人")
  static let recipientsByCount = LocalizedText("Recipients by deliveries", "按投递数排列的收件人")
  static let recipientsBySize = LocalizedText("Recipients by size", "按大小排列的收件人")
  static let address = LocalizedText("Address", "地址")
  static let delays = LocalizedText("Delays", "延迟时间")
  static let series = LocalizedText("Series", "序列")
  static let maximum = LocalizedText("Max", "最大值")
  static let day = LocalizedText("Day", "日期")
  static let hour = LocalizedText("Hour", "小时")
  static let daemonProblems = LocalizedText("Daemon warnings and errors", "守护进程的警告和错误")
  static let severity = LocalizedText("Severity", "严重程度")
  static let program = LocalizedText("Program", "程序")
  static let text = LocalizedText("Text", "文本")
  static let transport = LocalizedText("Transport", "传输")
  static let agent = LocalizedText("Agent", "投递代理")
  static let delivered = LocalizedText("Delivered", "已投递")
  static let forwarded = LocalizedText("forwarded", "已转发")
  static let held = LocalizedText("held", "已暂扣 (held)")
  static let discarded = LocalizedText("discarded", "已丢弃 (discarded)")
  static let notifications = LocalizedText("notifications made by the server", "服务器生成的通知")
  static let bouncedRecipients = LocalizedText("bounced recipients", "被退回的收件人")
  static let expiredMessages = LocalizedText("expired messages", "过期的邮件")
  static let relayedRecipients = LocalizedText(
    "recipients relayed (from clients to remote hosts)", "已中继的收件人（从客户端到远程主机）")
  static let relayed = LocalizedText(
    "Relayed: received from a client, sent on to a remote host", "中继：从客户端接收，再发往远程主机")
  static let client = LocalizedText("Client", "客户端")
  static let sender = LocalizedText("Sender", "发件人")
  static let remoteHost = LocalizedText("Remote host", "远程主机")
  static let recipient = LocalizedText("Recipient", "收件人")
  static let total = LocalizedText("Total", "合计")
  static let sessionStatsFilterNote = LocalizedText(
    "TLS, SASL and postscreen counts are restricted by the time window and --client only, not by the other filters, which are about replies; durations count the sessions the sessions table counts.",
    "TLS、SASL 和 postscreen 的计数只受时间窗口和 --client 限制，不受其他针对应答的过滤条件限制；持续时间统计的会话与会话表相同。")

  /// `Deferred queue at 2026-11-29T00:13:23 (messages; minutes since arrival, as qshape)`.
  static func deferredQueue(_ end: String, _ language: ReferenceLanguage) -> String {
    language == .zh
      ? "\(end) 时的延迟队列（邮件数；按到达后的分钟数，同 qshape）"
      : "Deferred queue at \(end) (messages; minutes since arrival, as qshape)"
  }

  /// `received (1.2 MB)`.
  static func receivedCard(_ bytes: String, _ language: ReferenceLanguage) -> String {
    language == .zh ? "已接收（\(bytes)）" : "received (\(bytes))"
  }

  /// `delivered recipients, 12 messages (1.2 MB)`.
  static func deliveredCard(_ messages: Int, _ bytes: String, _ language: ReferenceLanguage) -> String {
    language == .zh
      ? "已投递的收件人，\(TextLayout.number(messages)) 封邮件（\(bytes)）"
      : "delivered recipients, \(TextLayout.number(messages)) messages (\(bytes))"
  }

  /// `deferred messages, 5 deferrals`.
  static func deferredCard(_ deferrals: Int, _ language: ReferenceLanguage) -> String {
    language == .zh
      ? "被延迟的邮件，\(TextLayout.number(deferrals)) 次延迟"
      : "deferred messages, \(TextLayout.number(deferrals)) deferrals"
  }

  /// `rejected (2.5 % of received + rejected)`.
  static func rejectedCard(_ rate: String, _ language: ReferenceLanguage) -> String {
    language == .zh ? "被拒绝（占接收与拒绝之和的 \(rate) %）" : "rejected (\(rate) % of received + rejected)"
  }

  /// `3 senders, 2 sending domains, 5 recipients, 4 recipient domains.`
  static func distinct(
    senders: Int, senderDomains: Int, recipients: Int, recipientDomains: Int, atLeast: Bool,
    _ language: ReferenceLanguage
  ) -> String {
    let n = TextLayout.number
    if language == .zh {
      return "\(n(senders)) 个发件人，\(n(senderDomains)) 个发件域，\(n(recipients)) 个收件人，"
        + "\(n(recipientDomains)) 个收件域\(atLeast ? "（至少：有表达到了上限）" : "")。"
    }
    return "\(n(senders)) senders, \(n(senderDomains)) sending domains, \(n(recipients)) recipients, "
      + "\(n(recipientDomains)) recipient domains\(atLeast ? " (at least: a table reached its bound)" : "")."
  }

  /// A traffic kind's name, with a Chinese gloss in front in `zh`.
  static func traffic(_ traffic: MessageSummary.Traffic, _ language: ReferenceLanguage) -> String {
    guard language == .zh else { return traffic.description }
    let gloss: String
    switch traffic {
    case .received: gloss = "已接收"
    case .delivered: gloss = "已投递"
    case .deferred: gloss = "延迟"
    case .bounced: gloss = "退回"
    case .expired: gloss = "过期"
    case .rejected: gloss = "被拒绝"
    }
    return "\(gloss) (\(traffic))"
  }

  /// A refusal reason's name (`RejectionReason.description`), with a Chinese gloss in front.
  static func reason(_ reason: RejectionReason, _ language: ReferenceLanguage) -> String {
    guard language == .zh else { return reason.description }
    let gloss: String
    switch reason {
    case .other: gloss = "其他"
    case .relayDenied: gloss = "拒绝中继"
    case .unknownRecipient: gloss = "未知收件人"
    case .mailboxUnavailable: gloss = "邮箱不可用"
    case .dnsbl: gloss = "DNS 黑名单"
    case .clientHost: gloss = "客户端主机"
    case .helo: gloss = "HELO/EHLO"
    case .sender: gloss = "发件人地址"
    case .greylisting: gloss = "灰名单"
    case .policyService: gloss = "策略服务"
    case .content: gloss = "内容"
    case .size: gloss = "邮件大小"
    case .rateLimit: gloss = "速率限制"
    case .tooManyRecipients: gloss = "收件人过多"
    case .authentication: gloss = "认证"
    case .protocolError: gloss = "协议"
    }
    return "\(gloss) (\(reason))"
  }

  /// A daemon problem's severity, with a Chinese gloss in front.
  static func severity(_ severity: ProblemSeverity, _ language: ReferenceLanguage) -> String {
    guard language == .zh else { return severity.description }
    let gloss: String
    switch severity {
    case .warning: gloss = "警告"
    case .error: gloss = "错误"
    case .fatal: gloss = "致命"
    case .panic: gloss = "崩溃"
    case .notice: gloss = "通知"
    }
    return "\(gloss) (\(severity))"
  }

  /// The labels of `MessageReport.delays` and `queueTime`; a label this table does not know
  /// stays as it is.
  static func delaySeries(_ label: String, _ language: ReferenceLanguage) -> String {
    guard language == .zh else { return label }
    let zh: [String: String] = [
      "delay (to delivery)": "延迟（至投递）",
      "  before the queue manager": "  进入队列管理器之前",
      "  in the queue manager": "  在队列管理器中",
      "  connection setup": "  建立连接",
      "  transmission": "  传输",
      "time in the queue (messages)": "在队列中的时间（邮件）",
    ]
    return zh[label] ?? label
  }
}
