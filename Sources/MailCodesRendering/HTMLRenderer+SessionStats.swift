import MailCodesAnalysis
import MailCodesFormats
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The HTML report's sections on what sessions were like (`SessionStats`): TLS, SASL,
/// postscreen, session durations; each left out when it has no counts.
extension HTMLRenderer {
  func sessionStatsSections(_ r: Report) -> [String] {
    let s = r.sessionStats
    var body: [String] = []
    let top = r.top
    func group(_ family: LogFamily, _ direction: Direction) -> String {
      "\(family.description) \(HTMLText.direction(direction, language))"
    }
    // Left out without any TLS summary, as in the text report.
    if !s.tls.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.tls)))</h2>")
      let use = s.tlsUse.counts
      var groups = Set(use.keys.map { SessionStats.SessionGroup(family: $0.family, direction: $0.direction) })
      for (key, _) in s.tls.entries {
        groups.insert(SessionStats.SessionGroup(family: key.family, direction: key.direction))
      }
      for g in groups.sorted() {
        let with = use[SessionStats.TLSUseKey(family: g.family, direction: g.direction, withTLS: true)]
        let without = use[SessionStats.TLSUseKey(family: g.family, direction: g.direction, withTLS: false)]
        let text: String
        if with == nil, without == nil {
          let handshakes = s.tls.entries.reduce(0) {
            $0 + ($1.key.family == g.family && $1.key.direction == g.direction ? $1.count : 0)
          }
          text = HTMLText.tlsHandshakesOnly(handshakes, language)
        } else {
          text = HTMLText.tlsShare(
            with ?? 0, (with ?? 0) + (without ?? 0), TextRenderer.tlsUnit(g.family, g.direction), language)
        }
        body.append("<p>\(h(group(g.family, g.direction))): \(h(text))</p>")
      }
      if !s.tls.isEmpty {
        body.append(
          table(
            [HTMLText.formatDirection, HTMLText.tlsProtocol, HTMLText.tlsLevel, HTMLText.count, HTMLText.cipher].map(t),
            s.tls.sorted(by: <).prefix(top).map { key, n in
              [
                h(group(key.family, key.direction)), h(key.protocolName), h(key.level.isEmpty ? "-" : key.level),
                num(n), h(key.cipher),
              ]
            }))
      }
      body.append("</section>")
    }
    if !s.sasl.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.sasl)))</h2>")
      let rows = s.sasl.sorted(by: <)
      let shown = rows.filter { !$0.key.failed }.prefix(top) + rows.filter { $0.key.failed }.prefix(top)
      body.append(
        table(
          [HTMLText.result, HTMLText.format, HTMLText.method, HTMLText.user, HTMLText.count].map(t),
          shown.map { key, n in
            [
              h(t(key.failed ? HTMLText.loginFailed : HTMLText.loggedIn)), h(key.family.description), h(key.method),
              h(key.user.isEmpty ? t(HTMLText.notLogged) : key.user), num(n),
            ]
          }))
      body.append("</section>")
    }
    if !s.postscreen.isEmpty || !s.dnsbl.isEmpty {
      body.append("<section><h2>postscreen</h2>")
      if !s.postscreen.isEmpty {
        body.append(
          table(
            [HTMLText.verdict, HTMLText.count].map(t),
            s.postscreen.counts.sorted { $0.key < $1.key }.map { key, n in
              [h(key.verdict == PostscreenVerdict.dnsblRank.name ? "\(key.verdict) \(key.rank)" : key.verdict), num(n)]
            }))
      }
      if !s.dnsbl.isEmpty {
        body.append(
          table(
            [HTMLText.dnsList, HTMLText.listReply, HTMLText.count].map(t),
            s.dnsbl.sorted(by: <).prefix(top).map { key, n in [h(key.list), h(key.reply), num(n)] }))
      }
      body.append("</section>")
    }
    if !s.durations.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.durations)))</h2>")
      body.append(
        table(
          [t(HTMLText.formatDirection), t(HTMLText.sessions), "p50", "p90", "p99", t(HTMLText.longest)],
          s.durations.sorted { $0.key < $1.key }.map { g, d in
            [h(group(g.family, g.direction)), num(d.sessions)]
              + [50, 90, 99].map { p in d.percentile(p).map { num(Int($0)) } ?? "-" } + [num(Int(d.longest))]
          }))
      body.append("</section>")
    }
    if s.restrictedOnlyByWindowAndClient, !body.isEmpty {
      body.append("<p>\(h(t(HTMLText.sessionStatsFilterNote)))</p>")
    }
    return body
  }
}

extension HTMLText {
  static let tls = LocalizedText("TLS", "TLS 加密")
  static let formatDirection = LocalizedText("Format, direction", "格式、方向")
  static let tlsProtocol = LocalizedText("Protocol", "协议")
  static let tlsLevel = LocalizedText("Trust", "信任级别")
  static let cipher = LocalizedText("Cipher", "加密套件")
  static let sasl = LocalizedText("SASL logins", "SASL 登录")
  static let format = LocalizedText("Format", "格式")
  static let method = LocalizedText("Method", "方式")
  static let user = LocalizedText("User", "用户")
  static let loggedIn = LocalizedText("message after login", "登录后的邮件")
  static let loginFailed = LocalizedText("failed login", "登录失败")
  static let notLogged = LocalizedText("(not logged)", "（日志未记录）")
  static let verdict = LocalizedText("Verdict", "判定")
  static let dnsList = LocalizedText("DNS list", "DNS 黑名单")
  static let listReply = LocalizedText("Listed as", "列入代码")
  static let longest = LocalizedText("max", "最长")
  static let durations = LocalizedText("Session durations (seconds, connect to end)", "会话时长（秒，从连接到结束）")

  static func direction(_ direction: Direction, _ language: ReferenceLanguage) -> String {
    guard language == .zh else { return direction.description }
    return direction == .inbound ? "入站" : "出站"
  }

  /// `25 of 481 sessions with TLS (5 %)`.
  static func tlsShare(_ with: Int, _ total: Int, _ unit: String, _ language: ReferenceLanguage) -> String {
    let share = total > 0 ? " (\(with * 100 / total) %)" : ""
    guard language == .zh else {
      return "\(TextLayout.number(with)) of \(TextLayout.number(total)) \(unit) with TLS\(share)"
    }
    let noun =
      switch unit {
      case "messages from hosts": "封来自远程主机的邮件"
      case "deliveries to hosts": "次向远程主机的投递"
      default: "个会话"
      }
    return "\(TextLayout.number(total)) \(noun)中 \(TextLayout.number(with)) 使用 TLS\(share)"
  }

  static func tlsHandshakesOnly(_ n: Int, _ language: ReferenceLanguage) -> String {
    language == .zh
      ? "\(TextLayout.number(n)) 次 TLS 握手（日志不记录未加密的连接）"
      : "\(TextLayout.count(n, "TLS handshake", "TLS handshakes")) (plain ones are not logged)"
  }
}
