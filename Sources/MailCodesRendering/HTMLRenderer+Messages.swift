import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// The message sections of the HTML report (the text report's, as tables and charts).
extension HTMLRenderer {
  private func bytes(_ n: Int64) -> String { "<span class=\"num\">\(h(MessageReport.bytes(n)))</span>" }

  /// Grand totals as cards, and traffic per hour as a chart.
  func messageTotals(_ r: Report) -> [String] {
    guard let m = r.messages, m.hasMessageLines else { return [] }
    let t = m.totals
    var body: [String] = []
    body.append("<section><h2>\(h(self.t(HTMLText.messages)))</h2><div class=\"cards\">")
    let rate = SummaryJSON.format2(t.rejectionRate)
    var cards: [(Int, String)] = [
      (t.received, HTMLText.receivedCard(MessageReport.bytes(t.receivedBytes), language)),
      (t.delivered, HTMLText.deliveredCard(t.deliveredMessages, MessageReport.bytes(t.deliveredBytes), language)),
      (t.forwarded, self.t(HTMLText.forwarded)),
      (t.deferredMessages, HTMLText.deferredCard(t.deferrals, language)),
      (t.bounced, self.t(HTMLText.bouncedRecipients)),
      (t.expiredMessages, self.t(HTMLText.expiredMessages)),
      (t.rejected, HTMLText.rejectedCard(rate, language)),
      (t.held, self.t(HTMLText.held)),
      (t.discarded, self.t(HTMLText.discarded)),
      (t.notifications, self.t(HTMLText.notifications)),
    ]
    if t.relayed > 0 { cards.insert((t.relayed, self.t(HTMLText.relayedRecipients)), at: 3) }
    for (count, label) in cards {
      body.append(
        "<div class=\"card\"><div class=\"count\">\(TextLayout.number(count))</div><div>\(h(label))</div></div>")
    }
    body.append("</div>")
    body.append(
      "<p>"
        + h(
          HTMLText.distinct(
            senders: m.distinct.senders, senderDomains: m.distinct.senderDomains, recipients: m.distinct.recipients,
            recipientDomains: m.distinct.recipientDomains, atLeast: m.distinct.atLeast, language)) + "</p>")
    if !m.transports.isEmpty {
      body.append(
        table(
          [self.t(HTMLText.transport), self.t(HTMLText.agent), self.t(HTMLText.delivered), self.t(HTMLText.bytes)],
          m.transports.map { row in
            [h(row.key.name), h(row.key.agent.description), num(row.volume.count), bytes(row.volume.bytes)]
          }))
    }
    let kinds: [(MessageSummary.Traffic, String)] = [
      (.received, "#1565c0"), (.delivered, "#2e7d32"), (.deferred, "#f9a825"),
      (.bounced, "#c62828"), (.rejected, "#6a1b9a"),
    ]
    if !m.hourly.isEmpty {
      body.append(
        HTMLChart.hourColumns(
          hours: m.hourly.map(\.period),
          series: kinds.map { HTMLChart.Series(label: HTMLText.traffic($0.0, language), color: $0.1) },
          values: m.hourly.map { row in kinds.map { row.counts[$0.0] ?? 0 } },
          title: self.t(HTMLText.messagesPerHour), noData: self.t(HTMLText.noData)))
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
      body.append("<section><h2>\(h(t(HTMLText.refusalsByReason)))</h2>")
      body.append(
        HTMLChart.bars(
          m.rejections.map {
            HTMLChart.Bar(label: HTMLText.reason($0.reason, language), href: nil, value: $0.count, color: "#c62828")
          },
          title: t(HTMLText.refusalsByReason), noData: t(HTMLText.noData)))
      body.append(
        table(
          [
            t(HTMLText.reason), t(HTMLText.count), t(HTMLText.repliesAndTexts), t(HTMLText.senders),
            t(HTMLText.recipients), t(HTMLText.clients),
          ],
          m.rejections.map { g in
            let texts = g.texts.map { t in
              "\(t.count)× \(t.code == 0 ? "-" : String(t.code)) \(t.enhanced) \(t.command == .none ? "" : t.command.description) "
                + (t.text.isEmpty ? "" : "“\(t.text)”")
            }.joined(separator: "\n")
            func list(_ items: [(name: String, count: Int)]) -> String {
              h(items.prefix(5).map { "\($0.name) (\($0.count))" }.joined(separator: ", "))
            }
            var reason = HTMLText.reason(g.reason, language)
            if !g.details.isEmpty {
              reason += ": " + g.details.map { "\($0.name) (\($0.count))" }.joined(separator: ", ")
            }
            return [
              h(reason), num(g.count), h(texts).replacingNewlines(), list(g.senders), list(g.recipients),
              list(g.clients),
            ]
          }))
      body.append("</section>")
    }
    if !m.domains.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.deliveryByDomain)))</h2>")
      body.append(
        table(
          [
            t(HTMLText.domain), t(HTMLText.sent), t(HTMLText.bytes), t(HTMLText.deferred), t(HTMLText.bounced),
            t(HTMLText.expired), t(HTMLText.averageDelay), t(HTMLText.maximumDelay),
          ],
          m.domains.map { row in
            let s = row.stats
            return [
              h(row.domain), num(s.delivered), bytes(s.bytes), num(s.deferred), num(s.bounced), num(s.expired),
              h(s.averageDelay.map(MessageReport.duration) ?? "-"), h(MessageReport.duration(s.delayMax)),
            ]
          }))
      body.append("</section>")
    }
    if !m.senderDomains.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.receptionByDomain)))</h2>")
      body.append(
        table(
          [t(HTMLText.domain), t(HTMLText.messageCount), t(HTMLText.bytes)],
          m.senderDomains.map { [h($0.name), num($0.count), bytes($0.bytes)] }))
      body.append("</section>")
    }
    if !m.relayed.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.relayed)))</h2>")
      body.append(
        table(
          [t(HTMLText.count), t(HTMLText.client), t(HTMLText.sender), t(HTMLText.remoteHost), t(HTMLText.recipient)],
          m.relayed.map { row in
            [
              num(row.count), h(row.key.client.isEmpty ? "-" : row.key.client),
              h(row.key.sender.isEmpty ? "<>" : row.key.sender), h(row.key.remote), h(row.key.recipient),
            ]
          }))
      body.append("</section>")
    }
    if !m.sendersByCount.isEmpty || !m.recipientsByCount.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.topSendersRecipients)))</h2><div class=\"grid2\">")
      for (title, rows) in [
        (HTMLText.sendersByCount, m.sendersByCount), (HTMLText.sendersBySize, m.sendersBySize),
        (HTMLText.recipientsByCount, m.recipientsByCount), (HTMLText.recipientsBySize, m.recipientsBySize),
      ]
      where !rows.isEmpty {
        body.append("<div><h3>\(h(t(title)))</h3>")
        body.append(
          table(
            [t(HTMLText.address), t(HTMLText.count), t(HTMLText.bytes)],
            rows.map { [h($0.name), num($0.count), bytes($0.bytes)] }))
        body.append("</div>")
      }
      body.append("</div></section>")
    }
    let delayRows = m.delays + (m.queueTime.map { [$0] } ?? [])
    if !delayRows.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.delays)))</h2>")
      body.append(
        table(
          [t(HTMLText.series), t(HTMLText.count), "p50", "p90", "p99", t(HTMLText.maximum)],
          delayRows.map { row in
            [
              h(HTMLText.delaySeries(row.label, language)), num(row.count), h(MessageReport.duration(row.p50)),
              h(MessageReport.duration(row.p90)), h(MessageReport.duration(row.p99)),
              h(MessageReport.duration(row.max)),
            ]
          }))
      body.append("</section>")
    }
    if !m.deferredQueue.isEmpty {
      let end = m.queueEnd.map { LogTimestamp(wallSeconds: $0 / 1000).description } ?? "-"
      body.append("<section><h2>\(h(HTMLText.deferredQueue(end, language)))</h2>")
      let unknown = m.deferredQueue[0].counts[1] > 0
      let columns = [0] + (unknown ? [1] : []) + Array(2..<12)
      let titles = [t(HTMLText.total)] + MessageSummary.QueueShapeKey.bucketTitles
      body.append(
        table(
          [t(HTMLText.domain)] + columns.map { titles[$0] },
          m.deferredQueue.map { row in
            [h(row.domain == "TOTAL" ? t(HTMLText.total) : row.domain)] + columns.map { num(row.counts[$0]) }
          }))
      body.append("</section>")
    }
    if m.hasMessageLines, !m.daily.isEmpty {
      let kinds: [MessageSummary.Traffic] = [.received, .delivered, .deferred, .bounced, .expired, .rejected]
      let perDay = m.daily.count > 1
      let rows = perDay ? m.daily : m.hourly
      body.append("<section><h2>\(h(t(perDay ? HTMLText.messagesPerDay : HTMLText.messagesPerHour)))</h2>")
      body.append(
        table(
          [t(perDay ? HTMLText.day : HTMLText.hour)] + kinds.map { HTMLText.traffic($0, language) },
          rows.map { row in
            [h(row.period.replacingFirstT())] + kinds.map { num(row.counts[$0] ?? 0) }
          }))
      body.append("</section>")
    }
    if !m.problems.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.daemonProblems)))</h2>")
      body.append(
        table(
          [t(HTMLText.severity), t(HTMLText.program), t(HTMLText.count), t(HTMLText.text)],
          m.problems.prefix(50).map { row in
            [h(HTMLText.severity(row.severity, language)), h(row.program), num(row.count), h(row.text)]
          }))
      body.append("</section>")
    }
    return body
  }
}

extension String {
  /// Newlines as `<br>` (in text already escaped for HTML).
  func replacingNewlines() -> String {
    split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>")
  }
}
