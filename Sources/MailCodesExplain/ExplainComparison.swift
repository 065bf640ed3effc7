import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The "key differences" of a comparison of two or more codes (`mailcodes explain 221 530`).
///
/// Differences are derived from the data (class, retry behavior, the commands answered), and
/// completed by hand-written notes for pairs that often meet in the same log.
struct ExplainComparison {
  let items: [ExplainItem]
  let language: ReferenceLanguage

  private func pick(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }
  private var labels: ExplainLabels { ExplainLabels(language: language) }
  private var period: String { pick(".", "。") }
  private var clauseSeparator: String { pick("; ", "；") }

  /// The bullet points, in order: nature, retries, commands, pair notes.
  func keyDifferences() -> [String] {
    var bullets: [String] = [natureDifference(), retryDifference()]
    if let commands = commandDifference() { bullets.append(commands) }
    bullets += pairNotes()
    return bullets
  }

  /// What a class digit makes a code: singular and plural English, and Chinese.
  private func nature(_ digit: Int?, plural: Bool) -> String {
    switch digit {
    case 2: return pick(plural ? "successes" : "a success", "成功应答")
    case 3:
      return pick(
        plural
          ? "intermediate replies (the server waits for more)" : "an intermediate reply (the server waits for more)",
        "中间应答（服务器等待后续内容）")
    case 4: return pick(plural ? "transient failures" : "a transient failure", "暂时性失败")
    case 5: return pick(plural ? "permanent failures" : "a permanent failure", "永久性失败")
    default: return pick(plural ? "registry codes without a class" : "a registry code without a class", "不带类别的注册表代码")
    }
  }

  /// "221", "221 and 530", "450, 550 and 554" (zh: "221 和 530", "450、550 和 554").
  private func joinedLabels(_ labels: [String]) -> String {
    guard labels.count > 1 else { return labels.first ?? "" }
    let head = labels.dropLast().joined(separator: pick(", ", "、"))
    return head + pick(" and ", " 和 ") + labels.last!
  }

  /// The items grouped by a key, groups in order of first appearance.
  private func grouped<Key: Equatable>(by key: (ExplainItem) -> Key) -> [(key: Key, labels: [String])] {
    var groups: [(key: Key, labels: [String])] = []
    for item in items {
      if let index = groups.firstIndex(where: { $0.key == key(item) }) {
        groups[index].labels.append(item.label)
      } else {
        groups.append((key(item), [item.label]))
      }
    }
    return groups
  }

  private func natureDifference() -> String {
    let groups = grouped(by: \.classDigit)
    if groups.count == 1 {
      let who = items.count == 2 ? pick("Both", "两者") : pick("All", "它们")
      return pick(
        "\(who) are \(nature(groups[0].key, plural: true)); they differ in the cause, as the meanings show.",
        "\(who)都是\(nature(groups[0].key, plural: false))；区别在于原因，见“含义”一行。")
    }
    let clauses = groups.map { group in
      let plural = group.labels.count > 1
      return pick(
        "\(joinedLabels(group.labels)) \(plural ? "are" : "is") \(nature(group.key, plural: plural))",
        "\(joinedLabels(group.labels)) 是\(nature(group.key, plural: false))")
    }
    return capitalized(clauses.joined(separator: clauseSeparator)) + period
  }

  private func retryDifference() -> String {
    let groups = grouped { item in item.classDigit.map(RetryBehavior.init(classDigit:)) }
    let both = items.count == 2
    if groups.count == 1, let behavior = groups[0].key {
      switch behavior {
      case .notApplicable:
        return both
          ? pick("Neither needs a retry: they are not errors.", "两者都无需重试：它们都不是错误。")
          : pick("None needs a retry: they are not errors.", "它们都无需重试：都不是错误。")
      case .retried:
        return both
          ? pick("The sender retries after both: they are temporary.", "两者都是暂时性的：发件方会稍后重试。")
          : pick("The sender retries after all of them: they are temporary.", "它们都是暂时性的：发件方会稍后重试。")
      case .notRetried:
        return both
          ? pick(
            "After either the sender gives up and bounces the message; something must change before sending again.",
            "无论哪个，发件方都会放弃投递并退信；再次发送前必须做出更改。")
          : pick(
            "After any of them the sender gives up and bounces the message; something must change before sending again.",
            "无论哪个，发件方都会放弃投递并退信；再次发送前必须做出更改。")
      }
    }
    let clauses = groups.map { group in
      let labels = joinedLabels(group.labels)
      switch group.key {
      case .notApplicable?:
        return pick("\(labels) \(group.labels.count > 1 ? "need" : "needs") no retry", "\(labels) 无需重试")
      case .retried?:
        return pick(
          "after \(labels) the sender keeps the message and retries later",
          "收到 \(labels) 后，发件方保留邮件并稍后重试")
      case .notRetried?:
        return pick(
          "after \(labels) the sender gives up and bounces the message",
          "收到 \(labels) 后，发件方放弃投递并退信")
      case nil:
        return pick(
          "for \(labels) it depends on the class the code is sent with",
          "\(labels) 取决于所带的类别")
      }
    }
    return capitalized(clauses.joined(separator: clauseSeparator)) + period
  }

  /// Which commands each code answers, when at least two items are basic codes in the reference.
  private func commandDifference() -> String? {
    let described = items.compactMap { item -> String? in
      guard let entry = item.basicPart?.entry else { return nil }
      let commands = labels.commandList(entry.repliesTo)
      return pick("\(item.label) answers \(commands)", "\(item.label) 应答 \(commands)")
    }
    guard described.count >= 2 else { return nil }
    return capitalized(described.joined(separator: clauseSeparator)) + period
  }

  /// Hand-written notes for pairs of codes that often appear together.
  private func pairNotes() -> [String] {
    var notes: [String] = []
    for first in 0..<items.count {
      for second in (first + 1)..<items.count {
        for a in Self.noteKeys(items[first]) {
          for b in Self.noteKeys(items[second]) {
            let key = a < b ? "\(a)|\(b)" : "\(b)|\(a)"
            if let note = Self.notes[key]?.text(language), !notes.contains(note) { notes.append(note) }
          }
        }
      }
    }
    return notes
  }

  /// The keys under which notes are filed: the basic code and the class-less enhanced code.
  private static func noteKeys(_ item: ExplainItem) -> [String] {
    var keys: [String] = []
    if let basic = item.basicPart { keys.append(String(basic.code)) }
    if let enhanced = item.enhancedPart { keys.append("X.\(enhanced.subject).\(enhanced.detail)") }
    return keys
  }

  private func capitalized(_ text: String) -> String {
    guard language == .en, let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
  }

  /// Keys are two note keys in ascending string order, joined by "|".
  private static let notes: [String: LocalizedText] = {
    var notes: [String: LocalizedText] = [:]
    notes["221|530"] = LocalizedText(
      "They often appear in the same session: a client that gets 530 on MAIL FROM usually sends QUIT next and gets 221. The 221 is only the polite end of the failed session; the 530 is the problem to fix.",
      "两者经常出现在同一个会话中：客户端在 MAIL FROM 时收到 530 后，通常接着发送 QUIT 并收到 221。221 只是失败会话的正常结束；需要解决的是 530。")
    notes["221|421"] = LocalizedText(
      "Both close the connection. 221 is the normal goodbye after QUIT; 421 is the server hanging up on its own for a temporary reason (timeout, overload, too many errors), and the sender retries later.",
      "两者都会关闭连接。221 是 QUIT 之后的正常道别；421 是服务器因暂时性原因（超时、过载、错误太多）主动挂断，发件方稍后会重试。")
    notes["450|550"] = LocalizedText(
      "The same kind of refusal with a different permanence: 450 says \"try again later\" (greylisting, a check that could not be completed), 550 says \"stop\". Postfix with soft_bounce=yes turns 5xx into 4xx.",
      "同一类拒绝，但持久性不同：450 表示“稍后再试”（灰名单、无法完成的检查），550 表示“停止”。Postfix 设置 soft_bounce=yes 时会把 5xx 变成 4xx。")
    notes["550|554"] = LocalizedText(
      "550 is mostly about a mailbox or recipient (unknown user, relaying, policy); 554 is a general transaction failure, also used at the greeting (no service for this client) and by Postfix for relay and blocklist rejections.",
      "550 多与邮箱或收件人有关（用户不存在、中继、策略）；554 是一般性的事务失败，也用于问候时（不为该客户端提供服务），Postfix 还用它拒绝中继和黑名单命中的客户端。")
    notes["530|535"] = LocalizedText(
      "530 means the client did not authenticate (or did not start TLS) before sending mail; 535 means it tried AUTH and the credentials were rejected.",
      "530 表示客户端在发信前没有进行身份验证（或没有启用 TLS）；535 表示客户端尝试了 AUTH，但凭据被拒绝。")
    notes["530|554"] = LocalizedText(
      "Both stop unauthenticated clients. A submission port asks for authentication with 530; an MX on port 25 that is not the final destination answers 554 5.7.1 \"Relay access denied\". The cure is the same: authenticate on the submission port.",
      "两者都会阻止未经身份验证的客户端。提交端口用 530 要求身份验证；25 端口上不是最终目的地的 MX 则回复 554 5.7.1“Relay access denied”。解决办法相同：在提交端口上进行身份验证。")
    notes["454|535"] = LocalizedText(
      "535 is a wrong user name or password (the user must act); 454 is a temporary failure of the authentication backend or of TLS on the server (its admin must act).",
      "535 是用户名或密码错误（需要用户处理）；454 是服务器上身份验证后端或 TLS 的暂时性故障（需要其管理员处理）。")
    notes["534|535"] = LocalizedText(
      "535 rejects the credentials themselves; with 534 they may be right, but the mechanism is too weak for the server's policy (use an app password, OAuth or TLS).",
      "535 拒绝的是凭据本身；而 534 时凭据可能是正确的，只是所用机制达不到服务器策略的要求（使用应用专用密码、OAuth 或 TLS）。")
    notes["452|552"] = LocalizedText(
      "452 is temporary: too many recipients in one transaction or short storage; 552 is permanent: the message is too big or the mailbox is over quota.",
      "452 是暂时性的：单个事务中收件人过多或存储不足；552 是永久性的：邮件过大或邮箱超出配额。")
    notes["421|554"] = LocalizedText(
      "Both can replace the greeting. 421 means \"not now, try later\"; 554 means \"no service for you\", often because the client's IP address is blocklisted.",
      "两者都可能代替问候语出现。421 表示“现在不行，稍后再试”；554 表示“不为你提供服务”，通常是因为客户端 IP 地址被列入黑名单。")
    notes["500|502"] = LocalizedText(
      "500: the server does not know the command at all; 502: it knows the command but does not implement it or has disabled it (VRFY, EXPN).",
      "500：服务器完全不认识该命令；502：服务器认识该命令，但没有实现或已禁用（VRFY、EXPN）。")
    notes["X.1.1|X.7.1"] = LocalizedText(
      "X.1.1 says the recipient address does not exist (fix the address); X.7.1 says the address may be fine but policy refused the message (authenticate, or fix reputation).",
      "X.1.1 表示收件人地址不存在（修正地址）；X.7.1 表示地址可能没问题，但邮件被策略拒绝（进行身份验证或改善信誉）。")
    notes["X.7.1|X.7.26"] = LocalizedText(
      "X.7.1 is the general policy refusal; X.7.26 says specifically that sender authentication (SPF, DKIM, DMARC) failed.",
      "X.7.1 是一般性的策略拒绝；X.7.26 则明确表示发件人认证（SPF、DKIM、DMARC）失败。")
    return notes
  }()
}
