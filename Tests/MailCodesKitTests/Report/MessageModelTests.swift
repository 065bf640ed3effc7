import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// The message model on written Postfix lines: bounds, merges, `--by` fields, the parts of a
/// delivery line.
@Suite("Messages: the model's bounds, merges and fields")
struct MessageModelTests {
  /// A Postfix message received over SMTP, queued and (optionally) delivered and removed.
  static func message(
    _ id: String, day: Int = 28, time: String = "06:25:01", sender: String = "a@example.org",
    recipient: String = "b@example.net", size: Int = 1000, delivered: Bool = true
  ) -> String {
    let stamp = "Nov \(day) \(time) mx"
    var lines = [
      "\(stamp) postfix/smtpd[10]: \(id): client=client.example[192.0.2.10]",
      "\(stamp) postfix/cleanup[11]: \(id): message-id=<\(id)@example.org>",
      "\(stamp) postfix/qmgr[12]: \(id): from=<\(sender)>, size=\(size), nrcpt=1 (queue active)",
    ]
    if delivered {
      lines.append(
        "\(stamp) postfix/smtp[13]: \(id): to=<\(recipient)>, relay=mx.example.net[198.51.100.7]:25, delay=1.5, "
          + "delays=0.1/0.2/0.3/0.9, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as X)")
      lines.append("\(stamp) postfix/qmgr[12]: \(id): removed")
    }
    return lines.joined(separator: "\n")
  }

  /// The message summary of `text` read with a message bound of `bound`.
  static func summary(_ text: String, bound: Int = 200_000) -> (MessageSummary, Summary) {
    let path = Fixtures.temporaryFile(text + "\n")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let names = NameTable()
    var sink = SummaryBuilder(names: names, maxOpenMessages: bound)
    let totals = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &sink)
    let s = sink.finish(totals: totals)
    return (s.messages, s)
  }

  @Test("memory stays bounded: 20,000 messages that never leave the queue, 500 kept, the rest evicted and counted")
  func bounded() {
    let text = (0..<20_000).map { Self.message(String(format: "A%09X", $0), size: 100 + $0 % 7, delivered: false) }
      .joined(separator: "\n")
    let (m, summary) = Self.summary(text, bound: 500)
    #expect(m.limits.openMessages == 500)
    #expect(m.limits.evictedMessages == 19_500)
    // The counts stay exact: each message was counted when its lines came.
    #expect(m.totals.received == 20_000)
    #expect(m.totals.receivedBytes == Int64((0..<20_000).reduce(0) { $0 + 100 + $1 % 7 }))
    let report = TextRenderer().render(Report(summary: summary))
    #expect(report.contains("19,500 messages evicted (open-message bound)"))
    // An evicted message's later lines still count, without what its earlier lines said.
    let late =
      text + "\n" + "Nov 28 06:30:00 mx postfix/local[14]: A000000000: to=<u@example.org>, relay=local, "
      + "delay=300, delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)"
    let (m2, _) = Self.summary(late, bound: 500)
    #expect(m2.totals.delivered == 1 && m2.totals.deliveredBytes == 0)
  }

  @Test("relayed paths past their bound (10,000): counted in the total, under (other), and as counts beyond bounds")
  func relayedBound() {
    let text = (0..<10_005).map {
      Self.message(String(format: "R%09X", $0), recipient: "r\($0)@example.net")
    }.joined(separator: "\n")
    let (m, summary) = Self.summary(text)
    #expect(m.totals.relayed == 10_005)
    #expect(m.relayed.counts.count == 10_001)
    #expect(m.limits.overflowedCounts == 5)
    #expect(TextRenderer().render(Report(summary: summary)).contains("5 message counts beyond table bounds"))
  }

  @Test("a million messages that never leave the queue: the open-message table stays at its bound")
  func millionNeverEnding() throws {
    // One qmgr line a message (its arrival in the queue), written in pieces: 90 MB of log
    // that the test never holds whole.
    let path = Fixtures.temporaryFile("")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let file = try #require(FileHandle(forWritingAtPath: path))
    var chunk = ""
    for i in 0..<1_000_000 {
      chunk += "Nov 28 06:25:01 mx postfix/qmgr[12]: \(String(0x10_0000_0000 + i, radix: 16, uppercase: true)): "
      chunk += "from=<s\(i % 1000)@example.org>, size=\(100 + i % 7), nrcpt=1 (queue active)\n"
      if i % 50_000 == 49_999 {
        file.write(Data(chunk.utf8))
        chunk = ""
      }
    }
    try file.close()
    let names = NameTable()
    var sink = SummaryBuilder(names: names, maxOpenMessages: 1_000)
    let totals = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &sink)
    let m = sink.finish(totals: totals).messages
    #expect(m.limits.openMessages == 1_000)
    #expect(m.limits.evictedMessages == 999_000)
    #expect(m.senders.rows.count <= 1_000)
  }

  @Test("a delivery line's parts: relay, delay, delays=a/b/c/d, dsn, transport, forwarded")
  func deliveryLine() {
    let (m, _) = Self.summary(
      Self.message("B1000000001") + "\n" + """
        Nov 28 06:25:02 mx postfix/smtpd[10]: C10000000A1: client=client.example[192.0.2.10]
        Nov 28 06:25:02 mx postfix/qmgr[12]: C10000000A1: from=<a@example.org>, size=500, nrcpt=1 (queue active)
        Nov 28 06:25:03 mx postfix/local[15]: C10000000A1: to=<list@example.org>, orig_to=<alias@example.org>, relay=local, \
        delay=0.03, delays=0.01/0/0/0.02, dsn=2.0.0, status=sent (forwarded as D10000000A1)
        Nov 28 06:25:03 mx postfix/qmgr[12]: C10000000A1: removed
        """)
    #expect(m.totals.delivered == 1 && m.totals.forwarded == 1)
    #expect(m.delays.count == 1 && m.delays.max == 1500 && m.delays.percentile(50) == 1500)
    #expect(m.delayParts.map(\.max) == [100, 200, 300, 900])
    #expect(
      m.transports.rows == [MessageSummary.TransportKey(agent: .smtp, name: "smtp"): Volume(count: 1, bytes: 1000)])
    #expect(m.domains.rows["example.net"]?.delivered == 1 && m.domains.rows["example.net"]?.averageDelay == 1500)
    #expect(m.queueTimes.count == 2)
  }

  @Test("a content filter's re-injection (smtpd with orig_queue_id= after XFORWARD) is one message with a filter hop")
  func contentFilter() {
    let (m, _) = Self.summary(
      """
      Nov 28 06:25:01 mx postfix/smtpd[10]: 1A2B3C4D5E: client=client.example[192.0.2.10]
      Nov 28 06:25:01 mx postfix/cleanup[11]: 1A2B3C4D5E: message-id=<m1@example.org>
      Nov 28 06:25:01 mx postfix/qmgr[12]: 1A2B3C4D5E: from=<a@example.org>, size=1000, nrcpt=1 (queue active)
      Nov 28 06:25:02 mx postfix/10025/smtpd[20]: 6F7A8B9C0D: client=localhost[127.0.0.1], \
      orig_queue_id=1A2B3C4D5E, orig_client=client.example[192.0.2.10]
      Nov 28 06:25:02 mx postfix/cleanup[11]: 6F7A8B9C0D: message-id=<m1@example.org>
      Nov 28 06:25:02 mx postfix/qmgr[12]: 6F7A8B9C0D: from=<a@example.org>, size=1400, nrcpt=1 (queue active)
      Nov 28 06:25:02 mx postfix/smtp[13]: 1A2B3C4D5E: to=<b@example.org>, relay=127.0.0.1[127.0.0.1]:10024, \
      delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): \
      250 2.0.0 Ok: queued as 6F7A8B9C0D)
      Nov 28 06:25:02 mx postfix/qmgr[12]: 1A2B3C4D5E: removed
      Nov 28 06:25:03 mx postfix/local[14]: 6F7A8B9C0D: to=<b@example.org>, relay=local, delay=1, \
      delays=0/0/0/1, dsn=2.0.0, status=sent (delivered to mailbox)
      Nov 28 06:25:03 mx postfix/qmgr[12]: 6F7A8B9C0D: removed
      """)
    #expect(m.totals.received == 1 && m.totals.filterHops == 1)
    #expect(m.totals.delivered == 1 && m.totals.deliveredMessages == 1)
    #expect(m.senders.rows["a@example.org"]?.count == 1 && m.totals.receivedBytes == 1000)
    #expect(m.transports.rows.keys.map(\.name) == ["local"])
  }

  @Test("merge: two days of one rotated log merge into the report of both; a message across midnight is the exception")
  func mergeDays() throws {
    let dir = NSTemporaryDirectory() + "mailcodes-merge-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    func write(_ name: String, _ text: String) -> String {
      let path = dir + "/" + name
      _ = FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8))
      return path
    }
    let day1 = (0..<30).map {
      Self.message("E10000000\($0 + 10)", day: 28, sender: "s\($0 % 4)@one.example", size: 200 + $0)
    }
    let day2 = (0..<20).map {
      Self.message("F10000000\($0 + 10)", day: 29, sender: "s\($0 % 3)@two.example", size: 300 + $0)
    }
    let older = write("mail.log.1", day1.joined(separator: "\n"))
    let newer = write("mail.log", day2.joined(separator: "\n"))
    let both = Engine.summary([older, newer]).0
    var merged = try SummaryJSONReader.read(SummaryJSON.render(Engine.summary([older]).0))
    merged.merge(try SummaryJSONReader.read(SummaryJSON.render(Engine.summary([newer]).0)))
    #expect(merged.messages == both.messages)
    #expect(both.messages.totals.received == 50 && both.messages.senders.count == 7)
    let report = { (s: Summary) in
      TextRenderer().render(Report(summary: s)).split(separator: "\n")
        .filter { !$0.contains("mail.log") && !$0.hasPrefix("mailcodes report") && !$0.hasPrefix("Period") }
    }
    #expect(report(merged) == report(both))

    // A message received at 23:59 and delivered after midnight: each day alone does not know
    // the other's half (its size for the bytes delivered, its arrival for the queue time).
    let crossing = write(
      "cross.log.1", Self.message("A1B2C3D4E5", day: 28, time: "23:59:59", size: 777, delivered: false))
    let next = write(
      "cross.log",
      Self.message("A1B2C3D4E5", day: 29, time: "00:00:01").split(separator: "\n").suffix(2)
        .joined(separator: "\n"))
    let together = Engine.summary([crossing, next]).0.messages
    var apart = Engine.summary([crossing]).0.messages
    apart.merge(Engine.summary([next]).0.messages)
    #expect(together.totals.received == apart.totals.received && together.totals.delivered == apart.totals.delivered)
    #expect(together.totals.deliveredBytes == 777 && apart.totals.deliveredBytes == 0)
    #expect(together.queueTimes.count == 1 && apart.queueTimes.count == 0)
    #expect(together.limits.openMessages == 0 && apart.limits.openMessages == 1)
  }

  @Test("merge: relayed paths of two servers' logs merge into the run of both, through JSON")
  func mergeRelayed() throws {
    let exim = Fixtures.lab("exim-mainlog")
    let postfix = Fixtures.lab("postfix-syslog.log")
    let both = Engine.summary([exim, postfix]).0
    var merged = try SummaryJSONReader.read(SummaryJSON.render(Engine.summary([exim]).0))
    merged.merge(try SummaryJSONReader.read(SummaryJSON.render(Engine.summary([postfix]).0)))
    #expect(merged.messages.relayed.counts == both.messages.relayed.counts)
    #expect(merged.messages.totals.relayed == 13 && both.messages.totals.relayed == 13)
    #expect(merged.messages == both.messages)
  }

  @Test("--by sender, sasl_user, size with --count messages; reason and message_id on replies; transport of deliveries")
  func byFields() throws {
    let postfix = [Fixtures.lab("postfix-syslog.log")]
    func table(_ paths: [String], _ fields: [GroupField], messages: Bool = false) -> [String: Int] {
      let names = NameTable()
      var sink = GroupByTable(fields: fields, countSessions: false, names: names, countMessages: messages)
      _ = Pipeline.run(paths.map(InputFile.init(path:)), options: Engine.options(), names: names, sink: &sink)
      return sink.table().counts
    }
    let m = Engine.summary(postfix).0.messages
    let senders = table(postfix, [.sender], messages: true)
    #expect(senders["labuser@lab.test"] == m.senders.rows["labuser@lab.test"]?.count)
    #expect(senders["sender@client.example"] == 26)
    // The submission service's authenticated senders (smtpd `sasl_username=`).
    let sasl = try String(contentsOfFile: postfix[0], encoding: .utf8).split(separator: "\n")
      .filter { $0.contains(": client=") && $0.contains("sasl_username=labuser@mail.lab.test") }.count
    #expect(table(postfix, [.saslUser], messages: true)["labuser@mail.lab.test"] == sasl)
    #expect(table(postfix, [.size], messages: true).values.reduce(0, +) == senders.values.reduce(0, +))
    let reasons = table(postfix, [.reason])
    #expect(reasons["relay-denied"] == 31 && reasons["unknown-recipient"] == 38 && reasons["greylisting"] == 3)
    let ids = table(postfix, [.messageID, .code])
    #expect(ids.keys.contains { $0.hasSuffix("|550") && !$0.hasPrefix("|") })
    // eximstats's deliveries by transport: the sent rows of `--by transport,delivery --count messages`.
    let transports = table([Fixtures.lab("exim-mainlog")], [.transport, .delivery], messages: true)
    #expect(
      transports["local_mailbox|sent"] == 248 && transports["remote_smtp|sent"] == 10
        && transports["remote_smtp_slow|sent"] == 1 && transports["smtp_to_postfix|sent"] == 2)
    // A field known only from message lines makes a table of messages.
    #expect(GroupByTable(fields: [.transport], countSessions: false, names: NameTable()).countMessages)
  }

  @Test("reasons: texts that differ per client are one row; a DNSBL keeps its list's name")
  func reasons() {
    func classify(_ text: String, code: UInt16 = 554, command: SMTPCommand = .rcpt) -> (RejectionReason, String) {
      let normalized = withByteView(text) { RejectionReason.normalized($0) }
      return normalized.withUnsafeBufferPointer { b in
        let view = ByteView(base: b.baseAddress!, count: b.count)
        let c = RejectionReason.classify(view, code: code, enhanced: nil, command: command, kind: .reject)
        return (c.reason, c.detail.map { view.slice($0.lowerBound, $0.upperBound).string } ?? "")
      }
    }
    let a = withByteView(
      "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; "
        + "https://www.spamhaus.org/query/ip/192.0.2.1"
    ) { RejectionReason.normalized($0) }
    let b = withByteView(
      "554 5.7.1 Service unavailable; Client host [198.51.100.9] blocked using zen.spamhaus.org; "
        + "https://www.spamhaus.org/query/ip/198.51.100.9"
    ) { RejectionReason.normalized($0) }
    #expect(a == b)
    #expect(classify("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.spamcop.net").0 == .dnsbl)
    #expect(
      classify("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.spamcop.net").1
        == "bl.spamcop.net")
    #expect(classify("554 5.7.1 <x@y>: Relay access denied").0 == .relayDenied)
    #expect(
      classify("550 5.1.1 <x@y>: Recipient address rejected: User unknown in local recipient table").0
        == .unknownRecipient)
    #expect(classify("450 4.2.0 <x@y>: Recipient address rejected: Greylisted, see http://postgrey").0 == .greylisting)
    #expect(classify("504 5.5.2 <x>: Sender address rejected: need fully-qualified address").0 == .sender)
    #expect(classify("501 5.5.2 <x>: Helo command rejected: Invalid name").0 == .helo)
    #expect(classify("552 5.3.4 Message size exceeds fixed limit", code: 552, command: .mail).0 == .size)
    #expect(classify("rejected because 192.0.2.1 is in a black list at dnsbl.example.net").1 == "dnsbl.example.net")
  }
}
