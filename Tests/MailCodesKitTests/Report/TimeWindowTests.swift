import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesExplain
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesKnowledge
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

@Suite("Time expressions and windows")
struct TimeWindowTests {
  /// 2026-11-29 (a Sunday) 10:30 wall clock.
  static let now = LogTimestamp(year: 2026, month: 11, day: 29, hour: 10, minute: 30).wallSeconds

  func window(_ word: String) -> (String?, String?) {
    let w = TimeExpression.range(word, now: Self.now)
    return (
      w?.start.map { LogTimestamp(wallSeconds: $0).description },
      w?.end.map { LogTimestamp(wallSeconds: $0).description }
    )
  }

  @Test func words() {
    #expect(window("today") == ("2026-11-29T00:00:00", "2026-11-30T00:00:00"))
    #expect(window("yesterday") == ("2026-11-28T00:00:00", "2026-11-29T00:00:00"))
    #expect(window("-24h") == ("2026-11-28T10:30:00", "2026-11-29T10:30:00"))
    #expect(window("7d") == ("2026-11-22T10:30:00", "2026-11-29T10:30:00"))
    #expect(window("this-week") == ("2026-11-23T00:00:00", "2026-11-30T00:00:00"))
    #expect(window("last-week") == ("2026-11-16T00:00:00", "2026-11-23T00:00:00"))
    #expect(window("this-month") == ("2026-11-01T00:00:00", "2026-12-01T00:00:00"))
    #expect(window("last-month") == ("2026-10-01T00:00:00", "2026-11-01T00:00:00"))
    #expect(window("2026-11-28") == ("2026-11-28T00:00:00", "2026-11-29T00:00:00"))
    #expect(window("2026-11-28T06") == ("2026-11-28T06:00:00", "2026-11-28T07:00:00"))
    #expect(window("2026-11-28 06:25") == ("2026-11-28T06:25:00", "2026-11-28T06:26:00"))
    #expect(TimeExpression.range("soon", now: Self.now) == nil)
    #expect(TimeExpression.range("2026-13-01", now: Self.now) == nil)
  }

  @Test("--since A --until B covers from the start of A to the end of B")
  func sinceUntil() throws {
    let w = try TimeExpression.window(since: "2026-11-27", until: "2026-11-28", now: Self.now).get()
    #expect(w.start == LogTimestamp(year: 2026, month: 11, day: 27).wallSeconds)
    #expect(w.end == LogTimestamp(year: 2026, month: 11, day: 29).wallSeconds)
    let relative = try TimeExpression.window(since: "-2h", until: "-1h", now: Self.now).get()
    #expect(relative.end! - relative.start! == 3600)
  }

  @Test("a window on the lab log counts only the events inside it")
  func windowOnLab() {
    var filter = EventFilter()
    filter.window = TimeExpression.Window(
      start: LogTimestamp(year: 2026, month: 11, day: 29, hour: 0, minute: 13).wallSeconds,
      end: LogTimestamp(year: 2026, month: 11, day: 29, hour: 0, minute: 14).wallSeconds)
    let names = NameTable()
    var sink = FilteredSink(SummaryBuilder(names: names), filter: filter)
    let totals = Pipeline.run(
      [InputFile(path: Fixtures.lab("postfix-syslog.log"))], options: Engine.options(), names: names,
      sink: &sink)
    let summary = sink.inner.finish(totals: totals)
    let all = Engine.events([Fixtures.lab("postfix-syslog.log")]).filter {
      guard let t = $0["time"] as? String else { return false }
      return t >= "2026-11-29T00:13:00" && t < "2026-11-29T00:14:00"
        && ($0["code"] is Int
          || ["reject", "warning", "auth-failure", "auth-required"].contains($0["kind"] as? String))
    }
    #expect(summary.replies.total == all.count)
    #expect(summary.replies.total > 10)
    #expect(summary.period.first!.description >= "2026-11-29T00:13:00")
    #expect(summary.period.last!.description < "2026-11-29T00:14:00")
  }
}

@Suite("Years of classic syslog logs across rotated files")
struct YearRolloverTests {
  static func write(_ text: String, name: String, in dir: String, modified: (Int, Int, Int)) throws -> String {
    let path = dir + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    var c = DateComponents()
    (c.year, c.month, c.day, c.hour) = (modified.0, modified.1, modified.2, 12)
    c.timeZone = TimeZone(identifier: "UTC")
    let date = Calendar(identifier: .gregorian).date(from: c)!
    try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    return path
  }

  static func line(_ stamp: String, _ pid: Int, _ ip: String, _ quit: Bool = true) -> String {
    "\(stamp) mx1 postfix/smtpd[\(pid)]: connect from unknown[\(ip)]\n"
      + "\(stamp) mx1 postfix/smtpd[\(pid)]: NOQUEUE: reject: RCPT from unknown[\(ip)]: 550 5.1.1 <x@y>: Recipient address rejected: User unknown; from=<a@b> to=<x@y> proto=ESMTP helo=<h>\n"
      + "\(stamp) mx1 postfix/smtpd[\(pid)]: disconnect from unknown[\(ip)] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4\n"
  }

  @Test("December in mail.log.1, January in mail.log, a rollover inside mail.log.1, given in any order")
  func rotatedSeries() throws {
    let dir = NSTemporaryDirectory() + "mailcodes-years-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // mail.log.2.gz: Dec 30; mail.log.1: Dec 31 then Jan 1 (rollover inside); mail.log: Jan 2.
    let older = Self.line("Dec 30 23:00:00", 1, "192.0.2.1")
    let gzPath = dir + "/mail.log.2"
    _ = FileManager.default.createFile(atPath: gzPath, contents: Data(older.utf8))
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    gzip.arguments = ["-n", gzPath]
    try gzip.run()
    gzip.waitUntilExit()
    var c = DateComponents()
    (c.year, c.month, c.day) = (2026, 12, 30)
    c.timeZone = TimeZone(identifier: "UTC")
    try FileManager.default.setAttributes(
      [.modificationDate: Calendar(identifier: .gregorian).date(from: c)!],
      ofItemAtPath: gzPath + ".gz")
    _ = try Self.write(
      Self.line("Dec 31 23:59:59", 2, "192.0.2.2") + Self.line("Jan  1 00:00:01", 3, "192.0.2.3"), name: "mail.log.1",
      in: dir, modified: (2027, 1, 1))
    _ = try Self.write(Self.line("Jan  2 08:00:00", 4, "192.0.2.4"), name: "mail.log", in: dir, modified: (2027, 1, 2))
    var options = Engine.options(year: nil)
    options.now = nil
    let paths = ["mail.log", "mail.log.2.gz", "mail.log.1"].map { dir + "/" + $0 }
    let events = Engine.events(paths, options: options).filter { $0["kind"] as? String == "reject" }
    #expect(
      events.map { $0["time"] as? String ?? "" } == [
        "2026-12-30T23:00:00", "2026-12-31T23:59:59", "2027-01-01T00:00:01", "2027-01-02T08:00:00",
      ])
    let (summary, _) = Engine.summary(paths, options: options)
    #expect(
      summary.inputs.map { $0.name.split(separator: "/").last.map(String.init) ?? "" }
        == ["mail.log.2.gz", "mail.log.1", "mail.log"])
    #expect(summary.inputs.map(\.yearRollovers) == [0, 1, 0])
    #expect(summary.inputs[0].compressed)
    #expect(summary.period.first?.description == "2026-12-30T23:00:00")
    #expect(summary.period.last?.description == "2027-01-02T08:00:00")
    let text = TextRenderer().render(Report(summary: summary))
    #expect(text.contains("Period: 2026-12-30T23:00:00 to 2027-01-02T08:00:00"))
    #expect(text.contains("year rollover (Dec -> Jan) inside the file"))
    var named = summary
    for i in named.inputs.indices {
      named.inputs[i].name = String(named.inputs[i].name.split(separator: "/").last ?? "")
    }
    Golden.check(TextRenderer().render(Report(summary: named)), "rotated-year-rollover.txt")
    Golden.check(SummaryJSON.render(named.withoutFileIdentity), "rotated-year-rollover.json")
  }
}

@Suite("A window reads only the files it needs")
struct WindowSkippingTests {
  @Test("a rotation last written before the window is not read, and the report says so")
  func skipsOldRotations() throws {
    let dir = NSTemporaryDirectory() + "mailcodes-skip-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    _ = try YearRolloverTests.write(
      YearRolloverTests.line("Nov 20 10:00:00", 1, "192.0.2.1"), name: "mail.log.1", in: dir,
      modified: (2026, 11, 20))
    _ = try YearRolloverTests.write(
      YearRolloverTests.line("Nov 28 10:00:00", 2, "192.0.2.2"), name: "mail.log", in: dir,
      modified: (2026, 11, 28))
    var options = Engine.options()
    options.skipFilesWrittenBefore = LogTimestamp(year: 2026, month: 11, day: 28).wallSeconds
    let (summary, totals) = Engine.summary([dir + "/mail.log", dir + "/mail.log.1"], options: options)
    #expect(totals.skippedInputs == [dir + "/mail.log.1"])
    #expect(summary.inputs.map(\.name) == [dir + "/mail.log"])
    #expect(TextRenderer().render(Report(summary: summary)).contains("not read (written before the window):"))
  }
}
