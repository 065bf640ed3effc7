import MailCodesAnalysis
import MailCodesFormats
import MailCodesSMTP
import MailCodesSupport

/// The text report's sections on what sessions were like (`SessionStats`): TLS, SASL,
/// postscreen, session durations. A section whose counts are all zero is left out.
extension TextRenderer {
  func sessionStats(_ r: Report, _ out: inout [String]) {
    let s = r.sessionStats
    tls(s, top: r.top, &out)
    sasl(s, top: r.top, &out)
    postscreen(s, top: r.top, &out)
    durations(s, &out)
    if s.restrictedOnlyByWindowAndClient, !s.isEmpty {
      out.append("")
      out.append(contentsOf: TextLayout.wrap(TextRenderer.sessionStatsFilterNote, width: width - 2).map { "  " + $0 })
    }
  }

  /// Said under the TLS, SASL, postscreen and duration sections when filters other than the
  /// time window and --client were given.
  static let sessionStatsFilterNote =
    "(TLS, SASL and postscreen counts are restricted by the time window and --client only, not by the other filters, which are about replies; durations count the sessions SESSIONS BY OUTCOME counts.)"

  private func label(_ family: LogFamily, _ direction: Direction) -> String {
    "\(family.description) \(direction.description)"
  }

  /// What a TLS-use count counts, per family and direction.
  static func tlsUnit(_ family: LogFamily, _ direction: Direction) -> String {
    switch (family, direction) {
    case (.exim, .inbound): "messages from hosts"
    case (.exim, _): "deliveries to hosts"
    default: "sessions"
    }
  }

  private func tls(_ s: SessionStats, top: Int, _ out: inout [String]) {
    // No TLS summary at all: TLS is off, or Postfix's `smtpd_tls_loglevel` is 0 (then nothing
    // tells a session with TLS from one without); the section would only mislead.
    guard !s.tls.isEmpty else { return }
    out.append("")
    out.append("TLS")
    let use = s.tlsUse.counts
    var groups = Set(use.keys.map { SessionStats.SessionGroup(family: $0.family, direction: $0.direction) })
    for (key, _) in s.tls.entries {
      groups.insert(SessionStats.SessionGroup(family: key.family, direction: key.direction))
    }
    for g in groups.sorted() {
      let with = use[SessionStats.TLSUseKey(family: g.family, direction: g.direction, withTLS: true)]
      let without = use[SessionStats.TLSUseKey(family: g.family, direction: g.direction, withTLS: false)]
      let lead = "  " + TextLayout.cell(label(g.family, g.direction), 18)
      if with == nil, without == nil {
        let handshakes = s.tls.entries.reduce(0) {
          $0 + ($1.key.family == g.family && $1.key.direction == g.direction ? $1.count : 0)
        }
        out.append(
          TextLayout.fit(
            lead + "\(TextLayout.count(handshakes, "TLS handshake", "TLS handshakes")) (plain ones are not logged)",
            width))
      } else {
        let w = with ?? 0
        let total = w + (without ?? 0)
        let share = total > 0 ? " (\(w * 100 / total) %)" : ""
        out.append(
          TextLayout.fit(
            lead
              + "\(TextLayout.number(w)) of \(TextLayout.number(total)) \(TextRenderer.tlsUnit(g.family, g.direction)) "
              + "with TLS\(share)", width))
      }
    }
    guard !s.tls.isEmpty else { return }
    out.append(
      "  " + TextLayout.cell("format direction", 18) + TextLayout.cell("protocol", 9) + TextLayout.cell("level", 17)
        + TextLayout.right("count", 8) + "  cipher")
    for (key, n) in s.tls.sorted(by: <).prefix(top) {
      let lead =
        "  " + TextLayout.cell(label(key.family, key.direction), 18) + TextLayout.cell(safe(key.protocolName), 8) + " "
        + TextLayout.cell(key.level.isEmpty ? "-" : key.level, 17) + TextLayout.column(TextLayout.number(n), 8) + "  "
      let cipher = safe(key.cipher)
      // GnuTLS names run to 50 characters: such a cipher gets a line of its own.
      if lead.count + cipher.count <= width {
        out.append(lead + cipher)
      } else {
        out.append(String(lead.dropLast(2)))
        out.append(TextLayout.fit("      " + cipher, width))
      }
    }
    if s.tls.entries.count > top {
      out.append("  ... \(TextLayout.count(s.tls.entries.count - top, "more row", "more rows"))")
    }
  }

  private func sasl(_ s: SessionStats, top: Int, _ out: inout [String]) {
    guard !s.sasl.isEmpty else { return }
    out.append("")
    let ok = s.sasl.entries.reduce(0) { $0 + ($1.key.failed ? 0 : $1.count) }
    let failed = s.sasl.entries.reduce(0) { $0 + ($1.key.failed ? $1.count : 0) }
    out.append(
      "SASL (\(TextLayout.count(ok, "message", "messages")) from logged-in clients, "
        + "\(TextLayout.count(failed, "failed login", "failed logins")))")
    let userWidth = max(20, width - 2 - 8 - 8 - 16 - 8)
    out.append(
      "  " + TextLayout.cell("result", 8) + TextLayout.cell("format", 8) + TextLayout.cell("method", 16)
        + TextLayout.cell("user", userWidth) + TextLayout.right("count", 8))
    for failedRows in [false, true] {
      let rows = s.sasl.sorted(by: <).filter { $0.key.failed == failedRows }
      for (key, n) in rows.prefix(top) {
        out.append(
          "  " + TextLayout.cell(failedRows ? "failed" : "ok", 8) + TextLayout.cell(key.family.description, 8)
            + TextLayout.cell(safe(key.method), 15) + " "
            + TextLayout.cell(key.user.isEmpty ? "(not logged)" : safe(key.user), userWidth)
            + TextLayout.column(TextLayout.number(n), 8))
      }
      if rows.count > top { out.append("  ... \(TextLayout.count(rows.count - top, "more row", "more rows"))") }
    }
  }

  private func postscreen(_ s: SessionStats, top: Int, _ out: inout [String]) {
    guard !s.postscreen.isEmpty || !s.dnsbl.isEmpty else { return }
    out.append("")
    out.append("POSTSCREEN")
    let verdicts = s.postscreen.counts.sorted { $0.key < $1.key }.map { key, n in
      let name = key.verdict == PostscreenVerdict.dnsblRank.name ? "\(key.verdict) \(key.rank)" : key.verdict
      return "\(safe(name)) \(TextLayout.number(n))"
    }
    if !verdicts.isEmpty {
      out.append(contentsOf: TextLayout.wrap(verdicts, lead: "  verdicts: ", indent: "            ", width: width))
    }
    if !s.dnsbl.isEmpty {
      let lists = s.dnsbl.sorted(by: <).prefix(top).map { key, n in
        "\(safe(key.list))\(key.reply.isEmpty ? "" : " as " + safe(key.reply)) \(TextLayout.number(n))"
      }
      out.append(
        contentsOf: TextLayout.wrap(Array(lists), lead: "  DNSBL hits: ", indent: "              ", width: width))
    }
  }

  private func durations(_ s: SessionStats, _ out: inout [String]) {
    guard !s.durations.isEmpty else { return }
    out.append("")
    out.append("SESSION DURATIONS (seconds, connect to end)")
    out.append(
      "  " + TextLayout.cell("format direction", 18) + TextLayout.right("sessions", 10) + TextLayout.right("p50", 8)
        + TextLayout.right("p90", 8) + TextLayout.right("p99", 8) + TextLayout.right("max", 8))
    for (group, d) in s.durations.sorted(by: { $0.key < $1.key }) {
      func cell(_ p: Int) -> String { TextLayout.column(d.percentile(p).map { TextLayout.number(Int($0)) } ?? "-", 8) }
      out.append(
        "  " + TextLayout.cell(label(group.family, group.direction), 18)
          + TextLayout.column(TextLayout.number(d.sessions), 10) + cell(50) + cell(90) + cell(99)
          + TextLayout.column(TextLayout.number(Int(d.longest)), 8))
    }
  }
}
