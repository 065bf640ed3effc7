import MailCodesSupport
import MailCodesSMTP
import MailCodesInput
import MailCodesFormats
import MailCodesAnalysis

/// The message sections of the HTML report (the text report's, as tables and charts).
extension HTMLRenderer {
  private func bytes(_ n: Int64) -> String { "<span class=\"num\">\(h(MessageReport.bytes(n)))</span>" }

  /// Grand totals as cards, and traffic per hour as a chart.
  func messageTotals(_ r: Report) -> [String] {
    guard let m = r.messages, m.hasMessageLines else { return [] }
    let t = m.totals
    var body: [String] = []
    body.append("<section><h2>Messages</h2><div class=\"cards\">")
    let rate = SummaryJSON.format2(t.rejectionRate)
    let cards: [(Int, String)] = [
      (t.received, "received (\(MessageReport.bytes(t.receivedBytes)))"),
      (t.delivered, "delivered recipients, \(TextLayout.number(t.deliveredMessages)) messages (\(MessageReport.bytes(t.deliveredBytes)))"),
      (t.forwarded, "forwarded"),
      (t.deferredMessages, "deferred messages, \(TextLayout.number(t.deferrals)) deferrals"),
      (t.bounced, "bounced recipients"),
      (t.expiredMessages, "expired messages"),
      (t.rejected, "rejected (\(rate) % of received + rejected)"),
      (t.held, "held"),
      (t.discarded, "discarded"),
      (t.notifications, "notifications made by the server"),
    ]
    for (count, label) in cards {
      body.append("<div class=\"card\"><div class=\"count\">\(TextLayout.number(count))</div><div>\(h(label))</div></div>")
    }
    body.append("</div>")
    body.append("<p>\(TextLayout.number(m.distinct.senders)) senders, \(TextLayout.number(m.distinct.senderDomains)) sending "
      + "domains, \(TextLayout.number(m.distinct.recipients)) recipients, \(TextLayout.number(m.distinct.recipientDomains)) "
      + "recipient domains\(m.distinct.atLeast ? " (at least: a table reached its bound)" : "").</p>")
    if !m.transports.isEmpty {
      body.append(table(["Transport", "Agent", "Delivered", "Bytes"], m.transports.map { row in
        [h(row.key.name), h(row.key.agent.description), num(row.volume.count), bytes(row.volume.bytes)]
      }))
    }
    let kinds: [(MessageSummary.Traffic, String)] = [(.received, "#1565c0"), (.delivered, "#2e7d32"), (.deferred, "#f9a825"),
                                                     (.bounced, "#c62828"), (.rejected, "#6a1b9a")]
    if !m.hourly.isEmpty {
      body.append(SVGChart.stackedColumns(
        categories: m.hourly.map { $0.period.replacingFirstT() + "h" },
        series: kinds.map { SVGChart.Series(label: $0.0.description, color: $0.1) },
        values: m.hourly.map { row in kinds.map { row.counts[$0.0] ?? 0 } }, title: "Messages per hour"))
    }
    body.append("</section>")
    return body
  }

  /// Refusals by reason, deliveries per domain, reception, top senders and recipients, delays,
  /// daemon problems.
  func messageDetails(_ r: Report) -> [String] {
    guard let m = r.messages else { return [] }
    var body: [String] = []
    if !m.rejections.isEmpty {
      body.append("<section><h2>Refusals by reason</h2>")
      body.append(SVGChart.bars(m.rejections.map { (label: $0.reason.description, href: nil, value: $0.count, color: "#c62828") },
                                title: "Refusals by reason"))
      body.append(table(["Reason", "Count", "Replies and texts", "Senders", "Recipients", "Clients"], m.rejections.map { g in
        let texts = g.texts.map { t in
          "\(t.count)× \(t.code == 0 ? "-" : String(t.code)) \(t.enhanced) \(t.command == .none ? "" : t.command.description) "
            + (t.text.isEmpty ? "" : "“\(t.text)”")
        }.joined(separator: "\n")
        func list(_ items: [(name: String, count: Int)]) -> String {
          h(items.prefix(5).map { "\($0.name) (\($0.count))" }.joined(separator: ", "))
        }
        var reason = g.reason.description
        if !g.details.isEmpty { reason += ": " + g.details.map { "\($0.name) (\($0.count))" }.joined(separator: ", ") }
        return [h(reason), num(g.count), h(texts).replacingNewlines(), list(g.senders), list(g.recipients), list(g.clients)]
      }))
      body.append("</section>")
    }
    if !m.domains.isEmpty {
      body.append("<section><h2>Delivery by recipient domain</h2>")
      body.append(table(["Domain", "Sent", "Bytes", "Deferred", "Bounced", "Expired", "Avg delay", "Max delay"], m.domains.map { row in
        let s = row.stats
        return [h(row.domain), num(s.delivered), bytes(s.bytes), num(s.deferred), num(s.bounced), num(s.expired),
                h(s.averageDelay.map(MessageReport.duration) ?? "-"), h(MessageReport.duration(s.delayMax))]
      }))
      body.append("</section>")
    }
    if !m.senderDomains.isEmpty {
      body.append("<section><h2>Reception by sender domain</h2>")
      body.append(table(["Domain", "Messages", "Bytes"], m.senderDomains.map { [h($0.name), num($0.count), bytes($0.bytes)] }))
      body.append("</section>")
    }
    if !m.sendersByCount.isEmpty || !m.recipientsByCount.isEmpty {
      body.append("<section><h2>Top senders and recipients</h2><div class=\"grid2\">")
      for (title, rows) in [("Senders by messages", m.sendersByCount), ("Senders by size", m.sendersBySize),
                            ("Recipients by deliveries", m.recipientsByCount), ("Recipients by size", m.recipientsBySize)]
      where !rows.isEmpty {
        body.append("<div><h3>\(h(title))</h3>")
        body.append(table(["Address", "Count", "Bytes"], rows.map { [h($0.name), num($0.count), bytes($0.bytes)] }))
        body.append("</div>")
      }
      body.append("</div></section>")
    }
    let delayRows = m.delays + (m.queueTime.map { [$0] } ?? [])
    if !delayRows.isEmpty {
      body.append("<section><h2>Delays</h2>")
      body.append(table(["Series", "Count", "p50", "p90", "p99", "Max"], delayRows.map { row in
        [h(row.label), num(row.count), h(MessageReport.duration(row.p50)), h(MessageReport.duration(row.p90)),
         h(MessageReport.duration(row.p99)), h(MessageReport.duration(row.max))]
      }))
      body.append("</section>")
    }
    if m.hasMessageLines, !m.daily.isEmpty {
      let kinds: [MessageSummary.Traffic] = [.received, .delivered, .deferred, .bounced, .expired, .rejected]
      let rows = m.daily.count > 1 ? m.daily : m.hourly
      body.append("<section><h2>Messages per \(m.daily.count > 1 ? "day" : "hour")</h2>")
      body.append(table([m.daily.count > 1 ? "Day" : "Hour"] + kinds.map(\.description), rows.map { row in
        [h(row.period.replacingFirstT())] + kinds.map { num(row.counts[$0] ?? 0) }
      }))
      body.append("</section>")
    }
    if !m.problems.isEmpty {
      body.append("<section><h2>Daemon warnings and errors</h2>")
      body.append(table(["Severity", "Program", "Count", "Text"], m.problems.prefix(50).map { row in
        [h(row.severity.description), h(row.program), num(row.count), h(row.text)]
      }))
      body.append("</section>")
    }
    return body
  }
}

extension String {
  /// Newlines as `<br>` (in text already escaped for HTML).
  func replacingNewlines() -> String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>") }
}
