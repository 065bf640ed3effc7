import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSupport

/// The deferred queue at the end of the log (what Postfix's qshape shows of the deferred
/// queue): messages whose last deferral had no final result after it, by recipient domain and
/// age since arrival in qshape's buckets.
@Suite("Messages: the deferred queue at the end of the log (qshape)")
struct DeferredQueueTests {
  /// The summary of `paths` up to `until` (a time window: the queue at the window's end).
  static func summary(_ paths: [String], until: LogTimestamp? = nil) -> Summary {
    var filter = EventFilter()
    if let until { filter.window = TimeExpression.Window(start: nil, end: until.wallSeconds) }
    let names = NameTable()
    var sink = FilteredSink(SummaryBuilder(names: names), filter: filter)
    let totals = Pipeline.run(paths.map(InputFile.init(path:)), options: Engine.options(), names: names, sink: &sink)
    return sink.inner.finish(totals: totals)
  }

  @Test("qshape's buckets: under 5 minutes, then one per doubling, 1280 minutes and more last")
  func buckets() {
    let minute: Int64 = 60_000
    let cases: [(Int64, UInt8)] = [
      (0, 1), (5 * minute - 1, 1), (5 * minute, 2), (10 * minute - 1, 2), (10 * minute, 3), (20 * minute, 4),
      (40 * minute, 5), (80 * minute, 6), (160 * minute, 7), (320 * minute, 8), (640 * minute, 9),
      (1280 * minute - 1, 9), (1280 * minute, 10), (100_000 * minute, 10),
    ]
    for (age, bucket) in cases { #expect(MessageStatsBuilder.queueBucket(age) == bucket, "\(age)") }
    #expect(
      MessageSummary.QueueShapeKey.bucketTitles[1] == "5" && MessageSummary.QueueShapeKey.bucketTitles[10] == "1280+")
  }

  /// The messages a log shows deferred and not finished by `until`, per recipient domain of
  /// the last deferral: worked out from the lines themselves.
  static func expected(_ path: String, deferral: String, final: [String], id: (String) -> String?)
    throws -> [String: Int]
  {
    var lastDeferred: [String: String] = [:]
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init) {
      guard let key = id(line) else { continue }
      if line.contains(deferral), let at = line.range(of: #"@[^>, ]+"#, options: .regularExpression) {
        lastDeferred[key] = String(line[at].dropFirst())
      } else if final.contains(where: { line.contains($0) }) {
        lastDeferred[key] = nil
      }
    }
    var counts: [String: Int] = [:]
    for (_, domain) in lastDeferred { counts[domain, default: 0] += 1 }
    return counts
  }

  static func cut(_ path: String, before: String, stamp: (String) -> String) -> String {
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    let kept = text.split(separator: "\n").map(String.init).filter { stamp($0) < before }
    return Fixtures.temporaryFile(kept.joined(separator: "\n") + "\n")
  }

  @Test(
    "the lab's Postfix and Exim logs at 00:13:30: each message deferred and not finished, by domain, under 5 minutes")
  func labAtWindowEnd() throws {
    let until = LogTimestamp(year: 2026, month: 11, day: 29, hour: 0, minute: 13, second: 29)
    // Postfix: `QID: to=<r>, ... status=deferred`; finished by sent, bounced, expired, removed.
    let postfix = Self.cut(Fixtures.lab("postfix-syslog.log"), before: "Nov 29 00:13:30") { String($0.prefix(15)) }
    defer { try? FileManager.default.removeItem(atPath: postfix) }
    let pf = try Self.expected(
      postfix, deferral: "status=deferred",
      final: ["status=sent", "status=bounced", "status=expired", ": removed"]
    ) { line in
      let w = line.split(separator: " ")
      return w.count > 5 && w[5].hasSuffix(":") && w[5].count >= 11 ? String(w[5].dropLast()) : nil
    }
    let ours = Self.summary([Fixtures.lab("postfix-syslog.log")], until: until).messages
    var byDomain: [String: Int] = [:]
    for (key, n) in ours.deferredQueue.counts {
      #expect(key.bucket == 1 && key.host == "vm")
      byDomain[key.domain, default: 0] += n
    }
    #expect(byDomain == pf)
    #expect(byDomain.values.reduce(0, +) == 12)
    #expect(ours.queueEnds["vm"].map { $0 / 1000 <= until.wallSeconds } == true)
    // The whole log: every deferred message ended (expired, bounced or delivered).
    #expect(Engine.summary([Fixtures.lab("postfix-syslog.log")]).0.messages.deferredQueue.isEmpty)

    // Exim: `ID == rcpt ...`; finished by `=>`, `**`, `Completed`.
    let exim = Self.cut(Fixtures.lab("exim-mainlog"), before: "2026-11-29 00:13:30") { String($0.prefix(19)) }
    defer { try? FileManager.default.removeItem(atPath: exim) }
    let ex = try Self.expected(exim, deferral: " == ", final: [" => ", " ** ", " Completed"]) { line in
      let w = line.split(separator: " ")
      return w.count > 3 && w[2].count >= 16 && w[2].contains("-") ? String(w[2]) : nil
    }
    var eximDomains: [String: Int] = [:]
    for (key, n) in Self.summary([Fixtures.lab("exim-mainlog")], until: until).messages.deferredQueue.counts {
      eximDomains[key.domain, default: 0] += n
    }
    #expect(eximDomains == ex && eximDomains.values.reduce(0, +) == 11)
  }

  @Test("a day's queue replaces the day before's in a merge: the merged report is the report of both days")
  func mergeDays() throws {
    // A deferred on day 1 and again on day 2 (still there), B deferred on day 1 and delivered
    // on day 2, C deferred on day 2 only. Postfix's `delay=` dates A's arrival on day 2 too.
    func deferral(_ id: String, _ stamp: String, _ domain: String, delay: Int) -> String {
      "\(stamp) mx postfix/smtp[13]: \(id): to=<u@\(domain)>, relay=none, delay=\(delay), "
        + "delays=0/0/\(delay)/0, dsn=4.4.1, status=deferred (connect to \(domain)[192.0.2.9]:25: Connection refused)"
    }
    let day1 = [
      DeferredQueueTests.received("A1B2C3D4E5", "Nov 28 22:00:00"),
      deferral("A1B2C3D4E5", "Nov 28 22:00:01", "a.example", delay: 1),
      DeferredQueueTests.received("B1B2C3D4E5", "Nov 28 23:00:00"),
      deferral("B1B2C3D4E5", "Nov 28 23:00:01", "b.example", delay: 1),
    ]
    let day2 = [
      deferral("A1B2C3D4E5", "Nov 29 01:00:00", "a.example", delay: 10_800),
      "Nov 29 01:00:00 mx postfix/smtp[13]: B1B2C3D4E5: to=<u@b.example>, relay=b.example[192.0.2.8]:25, "
        + "delay=7200, delays=0/0/0/0, dsn=2.0.0, status=sent (250 ok)",
      "Nov 29 01:00:00 mx postfix/qmgr[12]: B1B2C3D4E5: removed",
      DeferredQueueTests.received("C1B2C3D4E5", "Nov 29 01:30:00"),
      deferral("C1B2C3D4E5", "Nov 29 01:30:01", "a.example", delay: 1),
    ]
    let dir = NSTemporaryDirectory() + "mailcodes-queue-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let older = dir + "/mail.log.1"
    let newer = dir + "/mail.log"
    _ = FileManager.default.createFile(atPath: older, contents: Data((day1.joined(separator: "\n") + "\n").utf8))
    _ = FileManager.default.createFile(atPath: newer, contents: Data((day2.joined(separator: "\n") + "\n").utf8))
    let both = Engine.summary([older, newer]).0.messages
    // At 01:30:01: A is 211 minutes old (160-320), C under 5 minutes; B left.
    #expect(
      both.deferredQueue.counts == [
        MessageSummary.QueueShapeKey(host: "mx", domain: "a.example", bucket: 7): 1,
        MessageSummary.QueueShapeKey(host: "mx", domain: "a.example", bucket: 1): 1,
      ])
    let first = Engine.summary([older]).0
    #expect(first.messages.deferredQueue.total == 2)
    var merged = try SummaryJSONReader.read(SummaryJSON.render(first))
    merged.merge(try SummaryJSONReader.read(SummaryJSON.render(Engine.summary([newer]).0)))
    #expect(merged.messages.deferredQueue.counts == both.deferredQueue.counts)
    #expect(merged.messages.queueEnds == both.queueEnds)
    // Merged the other way round, the later day still wins.
    var reversed = Engine.summary([newer]).0
    reversed.merge(first)
    #expect(reversed.messages.deferredQueue.counts == both.deferredQueue.counts)
    // The text, JSON and HTML reports show it.
    let report = Report(summary: Engine.summary([older, newer]).0)
    let text = TextRenderer().render(report)
    #expect(text.contains("DEFERRED QUEUE AT 2026-11-29T01:30:01 (minutes since arrival, qshape)"))
    #expect(text.contains("  a.example             2    1    0    0    0    0    0    1    0    0     0"))
    #expect(
      SummaryJSON.render(Engine.summary([older, newer]).0).contains(
        #"{"host":"mx","domain":"a.example","bucket":"320","count":1}"#))
    #expect(HTMLRenderer(language: .zh).render(report).contains("时的延迟队列"))
  }

  static func received(_ id: String, _ stamp: String) -> String {
    [
      "\(stamp) mx postfix/smtpd[10]: \(id): client=client.example[192.0.2.10]",
      "\(stamp) mx postfix/qmgr[12]: \(id): from=<s@example.org>, size=1000, nrcpt=1 (queue active)",
    ].joined(separator: "\n")
  }
}
