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

/// Time options take the instants the reports print (`2026-11-29T00:12:00Z`, `+01:00`), say
/// exactly what `--until` includes, refuse a window that ends before it starts, and a window
/// without a line is counted as such.
@Suite("Windows: zones, bounds, empty windows")
struct ZonedWindowTests {
  static let now = LogTimestamp(year: 2026, month: 11, day: 29, hour: 10, minute: 30).wallSeconds

  @Test("RFC 3339 instants with a zone, as the reports print them")
  func zonedInstants() throws {
    let z = try #require(TimeExpression.range("2026-11-29T00:12:00Z", now: Self.now))
    #expect(
      z.startTimestamp?.description == "2026-11-29T00:12:00Z" && z.endTimestamp?.description == "2026-11-29T00:12:01Z")
    let plus = try #require(TimeExpression.range("2026-11-29T01:12:00+01:00", now: Self.now))
    #expect(plus.startUTCOffsetMinutes == 60 && plus.startTimestamp?.description == "2026-11-29T01:12:00+01:00")
    #expect(TimeExpression.range("2026-11-29T01:12:00+0100", now: Self.now)?.startUTCOffsetMinutes == 60)
    #expect(TimeExpression.range("2026-11-28T19:12:00-05:00", now: Self.now)?.startUTCOffsetMinutes == -300)
    // A fraction of a second is dropped (windows are whole seconds).
    #expect(TimeExpression.range("2026-11-29T00:12:00.123456Z", now: Self.now)?.start == z.start)
    #expect(TimeExpression.range("2026-11-29T00:12:00+25:00", now: Self.now) == nil)
    #expect(TimeExpression.range("2026-11-29T00:12:00Q", now: Self.now) == nil)
    // Found by the window fuzz target: a sign, an odd-sized or an empty field is no time.
    #expect(TimeExpression.range("-026-11-29T0021::00Z", now: Self.now) == nil)
    #expect(TimeExpression.range("2026-11-29T6:00", now: Self.now) == nil)
    #expect(TimeExpression.range("2026-11-29T06::00", now: Self.now) == nil)
    #expect(TimeExpression.range("88834848834848w", now: Self.now) == nil, "overflowed (a crash before)")
    #expect(TimeExpression.range("520w", now: Self.now)?.start == Self.now - 520 * 7 * 86400)

    // The same instant in two zones selects the same lines of a zoned log...
    let line = LogTimestamp(year: 2026, month: 11, day: 29, hour: 0, minute: 12, second: 30, utcOffsetMinutes: 0)
    let a = try TimeExpression.window(since: "2026-11-29T00:12:00Z", until: "2026-11-29T00:12:59Z", now: Self.now).get()
    let b = try TimeExpression.window(
      since: "2026-11-29T01:12:00+01:00", until: "2026-11-29T01:12:59+01:00",
      now: Self.now
    ).get()
    #expect(a.contains(line) && b.contains(line))
    // ...whatever zone the log writes (00:12:30Z is 19:12:30-05:00).
    let west = LogTimestamp(year: 2026, month: 11, day: 28, hour: 19, minute: 12, second: 30, utcOffsetMinutes: -300)
    #expect(a.contains(west) && b.contains(west))
    #expect(!a.contains(LogTimestamp(year: 2026, month: 11, day: 29, hour: 0, minute: 13, utcOffsetMinutes: 0)))
    // A wall-clock window compares with the log's own wall clock, as before.
    let wall = try TimeExpression.window(since: "2026-11-28T19:12", until: nil, now: Self.now).get()
    #expect(wall.contains(west) && wall.startUTCOffsetMinutes == nil)
  }

  @Test("exactly what --until includes: the whole day, minute or second it names")
  func untilBounds() throws {
    let day = try TimeExpression.window(since: nil, until: "2026-11-28", now: Self.now).get()
    #expect(
      day.contains(
        LogTimestamp(year: 2026, month: 11, day: 28, hour: 23, minute: 59, second: 59, microseconds: 999_999)))
    #expect(!day.contains(LogTimestamp(year: 2026, month: 11, day: 29)))
    let minute = try TimeExpression.window(since: nil, until: "2026-11-28T06:00", now: Self.now).get()
    #expect(
      minute.contains(
        LogTimestamp(year: 2026, month: 11, day: 28, hour: 6, minute: 0, second: 59, microseconds: 999_999)))
    #expect(!minute.contains(LogTimestamp(year: 2026, month: 11, day: 28, hour: 6, minute: 1)))
    let relative = try TimeExpression.window(since: nil, until: "-1h", now: Self.now).get()
    #expect(relative.end == Self.now - 3600)
  }

  @Test("--until before --since is refused, --until equal to a --since of the same word is not")
  func untilBeforeSince() {
    guard case .failure(let e) = TimeExpression.window(since: "2026-11-29", until: "2026-11-28", now: Self.now) else {
      Issue.record("accepted")
      return
    }
    #expect(e.reason == .endsBeforeStart(since: "2026-11-29") && e.word == "2026-11-28")
    #expect(
      (try? TimeExpression.window(since: "2026-11-28", until: "2026-11-28", now: Self.now).get()) != nil,
      "one whole day")
    #expect((try? TimeExpression.window(since: "-1h", until: "-2h", now: Self.now).get()) == nil)
    #expect(
      (try? TimeExpression.window(
        since: "2026-11-29T00:12:00Z", until: "2026-11-29T01:11:00+01:00",
        now: Self.now
      ).get()) == nil, "00:11:00Z..00:11:01Z ends before 00:12:00Z")
  }

  @Test("the previous period of a window, and the lines a window holds")
  func previousAndCount() throws {
    let w = try TimeExpression.window(since: "2026-11-28", until: "2026-11-28", now: Self.now).get()
    let p = try #require(w.previous)
    #expect(
      p.startTimestamp?.description == "2026-11-27T00:00:00" && p.endTimestamp?.description == "2026-11-28T00:00:00")
    let z = try TimeExpression.window(since: "2026-11-29T00:00:00Z", until: "2026-11-29T00:59:59Z", now: Self.now).get()
    #expect(z.previous?.startTimestamp?.description == "2026-11-28T23:00:00Z")

    var filter = EventFilter()
    filter.window = try TimeExpression.window(since: "2026-11-29T00:13", until: "2026-11-29T00:13", now: Self.now).get()
    let names = NameTable()
    var sink = FilteredSink(SummaryBuilder(names: names), filter: filter)
    _ = Pipeline.run(
      [InputFile(path: Fixtures.lab("postfix-syslog.log"))], options: Engine.options(), names: names,
      sink: &sink)
    let inMinute = try String(contentsOfFile: Fixtures.lab("postfix-syslog.log"), encoding: .utf8)
      .split(separator: "\n").filter { $0.hasPrefix("Nov 29 00:13:") }.count
    #expect(sink.windowLines == inMinute && inMinute > 100)
  }
}
