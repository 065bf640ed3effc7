import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The message sections of the text report (`MessageReport`): grand totals, refusals by
/// reason, deliveries per domain, reception, top senders and recipients, delays, traffic per
/// day and hour, daemon warnings and errors.
extension TextRenderer {
  private func clean(_ text: String) -> String { Sanitizer.terminalSafe(text) }

  private func n(_ value: Int) -> String { TextLayout.number(value) }

  /// `MESSAGES`: the grand totals.
  func messageTotals(_ r: Report, _ out: inout [String]) {
    guard let m = r.messages, m.hasMessageLines else { return }
    let t = m.totals
    out.append("")
    out.append("MESSAGES")
    func row(_ label: String, _ count: Int, _ note: String = "") {
      let line = "  " + TextLayout.cell(label, 22) + TextLayout.right(n(count), 9) + (note.isEmpty ? "" : "  " + note)
      out.append(TextLayout.fit(line, width))
    }
    var origins: [String] = []
    if t.receivedSMTP > 0 { origins.append("smtp \(n(t.receivedSMTP))") }
    if t.receivedLocal > 0 { origins.append("local \(n(t.receivedLocal))") }
    row(
      "received", t.received,
      (origins.isEmpty ? "" : origins.joined(separator: ", ") + "; ")
        + MessageReport.bytes(t.receivedBytes))
    row(
      "delivered", t.delivered,
      "recipients, in \(n(t.deliveredMessages)) messages; "
        + MessageReport.bytes(t.deliveredBytes))
    if !m.transports.isEmpty {
      let items = m.transports.map {
        "\(clean($0.key.name.isEmpty ? $0.key.agent.description : $0.key.name)) \(n($0.volume.count))"
      }
      out.append(contentsOf: TextLayout.wrap(items, lead: "    by transport: ", indent: "      ", width: width))
    }
    row("forwarded", t.forwarded)
    if t.relayed > 0 { row("relayed", t.relayed, "recipients, from a client to a remote host") }
    row("deferred", t.deferredMessages, "messages, \(n(t.deferrals)) deferrals (attempts)")
    row("bounced", t.bounced, "recipients, in \(n(t.bouncedMessages)) messages")
    row("expired", t.expiredMessages, "messages (queue lifetime ran out)")
    let rate = t.rejectionRate
    let rateText =
      rate == 0
      ? "0"
      : rate < 0.1
        ? "<0.1"
        : String(Int((rate * 10).rounded()) / 10) + "."
          + String(Int((rate * 10).rounded()) % 10)
    row("rejected", t.rejected, "\(rateText) % of received + rejected")
    if t.rejectedAfterData > 0 { row("  after DATA", t.rejectedAfterData, "messages (content, milter)") }
    row("held", t.held)
    row("discarded", t.discarded)
    if t.notifications > 0 { row("notifications", t.notifications, "bounces and delay notices the server made") }
    if t.filterHops > 0 { row("filter re-injections", t.filterHops, "counted once, with the original message") }
    let more = m.distinct.atLeast ? "at least " : ""
    out.append(
      contentsOf: TextLayout.wrap(
        [
          "\(more)\(n(m.distinct.senders)) senders", "\(n(m.distinct.senderDomains)) sending domains",
          "\(n(m.distinct.recipients)) recipients", "\(n(m.distinct.recipientDomains)) recipient domains",
        ],
        lead: "  ", indent: "  ", width: width))
  }

  /// `REFUSALS BY REASON`: classes of refusals with their texts and who got them.
  func rejectionReasons(_ r: Report, _ out: inout [String]) {
    guard let m = r.messages, !m.rejections.isEmpty else { return }
    out.append("")
    out.append("REFUSALS BY REASON (\(n(m.totals.rejected)) refusals the log reports)")
    for g in m.rejections {
      var label = g.reason.description
      if !g.details.isEmpty { label += ": " + g.details.map { "\($0.name) \(n($0.count))" }.joined(separator: ", ") }
      out.append(TextLayout.fit("  " + TextLayout.right(n(g.count), 7) + "  " + clean(label), width))
      for text in g.texts {
        var reply = text.code == 0 ? "-" : String(text.code)
        if !text.enhanced.isEmpty { reply += " " + text.enhanced }
        if text.command != .none { reply += " " + text.command.description }
        let quoted = text.text.isEmpty ? "" : " \"" + clean(text.text) + "\""
        out.append(TextLayout.fit("         " + TextLayout.right(n(text.count), 6) + "  " + reply + quoted, width))
      }
      if g.distinctTexts > g.texts.count {
        out.append("                 (\(n(g.distinctTexts - g.texts.count)) more texts)")
      }
      for (noun, list) in [("senders", g.senders), ("recipients", g.recipients), ("clients", g.clients)]
      where !list.isEmpty {
        let items = list.map { "\(clean($0.name)) (\(n($0.count)))" }
        out.append(
          contentsOf: TextLayout.wrap(
            items, lead: "           \(noun): ", indent: String(repeating: " ", count: 13),
            width: width))
      }
    }
  }

  /// Deliveries per domain, reception per domain, top senders and recipients, delays.
  func messageDetails(_ r: Report, _ out: inout [String]) {
    guard let m = r.messages else { return }
    if !m.domains.isEmpty {
      out.append("")
      let more = m.domainCount > m.domains.count ? " (top \(m.domains.count) of \(n(m.domainCount)))" : ""
      out.append("DELIVERY BY RECIPIENT DOMAIN" + more)
      out.append("  domain                sent     bytes deferred bounced expired avg dly max dly")
      for row in m.domains {
        let s = row.stats
        out.append(
          "  " + TextLayout.cell(clean(row.domain), 20) + TextLayout.right(n(s.delivered), 6)
            + TextLayout.right(MessageReport.bytes(s.bytes), 10) + TextLayout.right(n(s.deferred), 9)
            + TextLayout.right(n(s.bounced), 8) + TextLayout.right(n(s.expired), 8)
            + TextLayout.right(s.averageDelay.map(MessageReport.duration) ?? "-", 8)
            + TextLayout.right(MessageReport.duration(s.delayMax), 8))
      }
    }
    if !m.senderDomains.isEmpty {
      out.append("")
      out.append("RECEPTION BY SENDER DOMAIN")
      out.append("  domain                                          messages       bytes")
      for row in m.senderDomains {
        out.append(
          "  " + TextLayout.cell(clean(row.name), 46) + TextLayout.right(n(row.count), 10)
            + TextLayout.right(MessageReport.bytes(row.bytes), 12))
      }
    }
    relayed(m, &out)
    namedList("TOP SENDERS BY MESSAGES", m.sendersByCount, bySize: false, &out)
    namedList("TOP SENDERS BY SIZE", m.sendersBySize, bySize: true, &out)
    namedList("TOP RECIPIENTS BY DELIVERIES", m.recipientsByCount, bySize: false, &out)
    namedList("TOP RECIPIENTS BY SIZE", m.recipientsBySize, bySize: true, &out)
    if !m.delays.isEmpty || m.queueTime != nil {
      out.append("")
      out.append("DELAYS (delivered recipients; Postfix's delays=a/b/c/d below the total)")
      out.append("                                   count      p50      p90      p99      max")
      for row in m.delays + (m.queueTime.map { [$0] } ?? []) {
        out.append(
          "  " + TextLayout.cell(row.label, 30) + TextLayout.right(n(row.count), 8)
            + TextLayout.right(MessageReport.duration(row.p50), 9)
            + TextLayout.right(MessageReport.duration(row.p90), 9)
            + TextLayout.right(MessageReport.duration(row.p99), 9)
            + TextLayout.right(MessageReport.duration(row.max), 9))
      }
    }
    deferredQueue(m, &out)
    traffic(m, &out)
  }

  /// `DEFERRED AT THE END`: qshape's view of the deferred queue, from the log.
  private func deferredQueue(_ m: MessageReport, _ out: inout [String]) {
    guard !m.deferredQueue.isEmpty else { return }
    out.append("")
    let end = m.queueEnd.map { " AT " + LogTimestamp(wallSeconds: $0 / 1000).description } ?? ""
    out.append(TextLayout.fit("DEFERRED QUEUE\(end) (minutes since arrival, qshape)", width))
    // qshape's columns: the total, then the buckets; `?` (arrival not in the log) only when used.
    let unknown = m.deferredQueue[0].counts[1] > 0
    let columns = [0] + (unknown ? [1] : []) + Array(2..<12)
    let titles = ["T"] + MessageSummary.QueueShapeKey.bucketTitles
    out.append(
      "  " + TextLayout.cell("domain", 18) + columns.map { TextLayout.right(titles[$0], $0 == 11 ? 6 : 5) }.joined())
    for (domain, counts) in m.deferredQueue {
      out.append(
        TextLayout.fit(
          "  " + TextLayout.cell(clean(domain), 18)
            + columns.map { TextLayout.right(n(counts[$0]), $0 == 11 ? 6 : 5) }.joined(),
          width))
    }
    if m.deferredDomains + 1 > m.deferredQueue.count {
      out.append("  (\(n(m.deferredDomains + 1 - m.deferredQueue.count)) more domains)")
    }
  }

  /// `RELAYED`: recipients received from a client and sent on to a remote host, per path.
  private func relayed(_ m: MessageReport, _ out: inout [String]) {
    guard !m.relayed.isEmpty else { return }
    out.append("")
    let more = m.relayedPaths > m.relayed.count ? ", top \(m.relayed.count) of \(n(m.relayedPaths))" : ""
    out.append("RELAYED (client, sender => remote host, recipient\(more))")
    for (key, count) in m.relayed {
      out.append(
        TextLayout.fit(
          "  " + TextLayout.right(n(count), 7) + "  " + clean(key.client.isEmpty ? "-" : key.client) + " "
            + clean(key.sender.isEmpty ? "<>" : key.sender), width))
      out.append(TextLayout.fit("           => " + clean(key.remote) + " " + clean(key.recipient), width))
    }
  }

  private func namedList(_ title: String, _ rows: [MessageReport.Named], bySize: Bool, _ out: inout [String]) {
    guard !rows.isEmpty else { return }
    out.append("")
    out.append(title)
    for row in rows {
      let first = bySize ? MessageReport.bytes(row.bytes) : n(row.count)
      let second = bySize ? "\(n(row.count)) msg" : MessageReport.bytes(row.bytes)
      out.append(
        TextLayout.fit(
          "  " + TextLayout.right(first, 10) + TextLayout.right(second, 12) + "  " + clean(row.name), width))
    }
  }

  /// Message traffic per day (when the report spans several) and per hour (the last 48).
  private func traffic(_ m: MessageReport, _ out: inout [String]) {
    guard m.hasMessageLines, !m.hourly.isEmpty else { return }
    let kinds: [MessageSummary.Traffic] = [.received, .delivered, .deferred, .bounced, .expired, .rejected]
    let header = "  " + TextLayout.cell("", 14) + kinds.map { TextLayout.right($0.description, 10) }.joined()
    func line(_ label: String, _ counts: [MessageSummary.Traffic: Int]) -> String {
      "  " + TextLayout.cell(label, 14) + kinds.map { TextLayout.right(n(counts[$0] ?? 0), 10) }.joined()
    }
    if m.daily.count > 1 {
      out.append("")
      out.append("MESSAGES PER DAY")
      out.append(header)
      for row in m.daily { out.append(line(row.period, row.counts)) }
    }
    out.append("")
    out.append(m.hourly.count > 48 ? "MESSAGES PER HOUR (the last 48 hours with traffic)" : "MESSAGES PER HOUR")
    out.append(header)
    for row in m.hourly.suffix(48) { out.append(line(row.period.replacingFirstT() + "h", row.counts)) }
  }

  /// `DAEMON WARNINGS AND ERRORS`, grouped by text.
  func daemonProblems(_ r: Report, _ out: inout [String]) {
    guard let m = r.messages, !m.problems.isEmpty else { return }
    out.append("")
    let total = m.problems.reduce(0) { $0 + $1.count }
    out.append("DAEMON WARNINGS AND ERRORS (\(n(total)) lines)")
    var shown: [ProblemSeverity: Int] = [:]
    for row in m.problems {
      // The top rows of each severity; panics and fatal errors are always all shown.
      let kept = shown[row.severity, default: 0]
      guard kept < r.top || row.severity == .panic || row.severity == .fatal else { continue }
      shown[row.severity] = kept + 1
      out.append(
        TextLayout.fit(
          "  " + TextLayout.cell(row.severity.description, 8) + TextLayout.right(n(row.count), 6)
            + "  " + clean(row.program) + ": " + clean(row.text), width))
    }
    let hidden = m.problems.count - shown.values.reduce(0, +)
    if hidden > 0 { out.append("  (\(n(hidden)) more texts)") }
  }

  /// Lines for the LIMITS part: the message model's bounds.
  func messageLimits(_ r: Report) -> [String] {
    guard let m = r.messages else { return [] }
    var lines: [String] = []
    if m.limits.evictedMessages > 0 {
      lines.append("\(n(m.limits.evictedMessages)) messages evicted (open-message bound)")
    }
    if m.limits.overflowedCounts > 0 {
      lines.append("\(n(m.limits.overflowedCounts)) message counts beyond table bounds in (other)")
    }
    return lines
  }
}
