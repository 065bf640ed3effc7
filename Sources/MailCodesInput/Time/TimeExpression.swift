import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Parses the time words of `--since`, `--until` and `--day`, against the log's wall clock.
///
/// Accepted: `2026-11-28`, `2026-11-28T06:00`, `2026-11-28 06:00:00` (ISO dates and times),
/// RFC 3339 instants as the reports print them (`2026-11-29T00:12:00Z`,
/// `2026-11-29T00:12:00.123456+01:00`; a fraction of a second is dropped: windows are whole
/// seconds), `now`, `today`, `yesterday`, `-24h`, `7d` / `-7d` (that long before now), `30m`,
/// `2w`, `this-week`, `last-week`, `this-month`, `last-month` (weeks start on Monday). Relative
/// words count from `now`, the local wall clock at start (tests pass their own).
///
/// A time without a zone is a wall-clock time, compared with the log's own wall-clock times
/// (`LogTimestamp.wallSeconds`: 06:00 is 06:00 as the log wrote it). A time with a zone is an
/// instant: compared with the instant of each line that has a zone, and with the wall clock of
/// this machine's zone for lines that have none (classic syslog is written in local time).
public enum TimeExpression {
  /// A half-open window `[start, end)` of seconds; either side may be open.
  public struct Window: Sendable, Equatable {
    /// The bounds as written: wall-clock seconds, in the zone of their offset when they have one.
    public var start: Int64?
    public var end: Int64?
    /// The zone a bound was written with (`+01:00`: 60): the bound is an instant. nil: a
    /// wall-clock bound, compared with the log's wall clock.
    public var startUTCOffsetMinutes: Int16?
    public var endUTCOffsetMinutes: Int16?
    /// A zoned bound on this machine's wall clock (for lines without a zone).
    var startLocal: Int64?
    var endLocal: Int64?

    public init(start: Int64? = nil, end: Int64? = nil) {
      self.start = start
      self.end = end
    }

    /// A window whose bounds may carry a zone (see `Window`).
    public init(start: Int64?, startUTCOffsetMinutes: Int16?, end: Int64?, endUTCOffsetMinutes: Int16?) {
      self.start = start
      self.end = end
      self.startUTCOffsetMinutes = start == nil ? nil : startUTCOffsetMinutes
      self.endUTCOffsetMinutes = end == nil ? nil : endUTCOffsetMinutes
      if let start, let offset = self.startUTCOffsetMinutes {
        startLocal = LocalClock.wallSeconds(utcSeconds: start - Int64(offset) * 60)
      }
      if let end, let offset = self.endUTCOffsetMinutes {
        endLocal = LocalClock.wallSeconds(utcSeconds: end - Int64(offset) * 60)
      }
    }

    @inline(__always) public func contains(_ t: LogTimestamp) -> Bool {
      if let start, Window.precedes(t, start, startUTCOffsetMinutes, startLocal) { return false }
      if let end, !Window.precedes(t, end, endUTCOffsetMinutes, endLocal) { return false }
      return true
    }

    /// Whether `t` is before a bound: wall clocks compared for a bound without a zone; for a
    /// zoned one, instants, or this machine's wall clock when `t` has no zone.
    @inline(__always)
    static func precedes(_ t: LogTimestamp, _ bound: Int64, _ offset: Int16?, _ local: Int64?) -> Bool {
      guard let offset else { return t.wallSeconds < bound }
      if t.utcOffsetMinutes != nil { return t.utcSeconds < bound - Int64(offset) * 60 }
      return t.wallSeconds < (local ?? bound)
    }

    public var isUnbounded: Bool { start == nil && end == nil }

    /// A bound as the reports print it (with its zone when it has one).
    public func timestamp(_ seconds: Int64, offset: Int16?) -> LogTimestamp {
      LogTimestamp(wallSeconds: seconds, utcOffsetMinutes: offset)
    }

    /// The start and end as the reports print them.
    public var startTimestamp: LogTimestamp? { start.map { timestamp($0, offset: startUTCOffsetMinutes) } }
    public var endTimestamp: LogTimestamp? { end.map { timestamp($0, offset: endUTCOffsetMinutes) } }

    /// The start on this machine's wall clock when it is an instant (for file times).
    public var startOnLocalWallClock: Int64? { startLocal ?? start }
    /// The end on this machine's wall clock when it is an instant (for journalctl's --until).
    public var endOnLocalWallClock: Int64? { endLocal ?? end }

    /// Whether the window holds no instant: it ends where (or before) it starts. Bounds of
    /// two kinds are compared on this machine's wall clock.
    public var isEmpty: Bool {
      guard let start, let end else { return false }
      switch (startUTCOffsetMinutes, endUTCOffsetMinutes) {
      case (nil, nil): return end <= start
      case (let a?, let b?): return end - Int64(b) * 60 <= start - Int64(a) * 60
      default: return (endLocal ?? end) <= (startLocal ?? start)
      }
    }

    /// The period of the same length just before this one (`--compare previous`), in the
    /// start's terms.
    public var previous: Window? {
      guard let start, let end else { return nil }
      let endInStartTerms: Int64
      switch (startUTCOffsetMinutes, endUTCOffsetMinutes) {
      case (nil, nil): endInStartTerms = end
      case (let a?, let b?): endInStartTerms = end - Int64(b) * 60 + Int64(a) * 60
      case (nil, _?): endInStartTerms = endLocal ?? end
      case (_?, nil): endInStartTerms = end - ((startLocal ?? start) - start)
      }
      let length = endInStartTerms - start
      return Window(
        start: start - length, startUTCOffsetMinutes: startUTCOffsetMinutes, end: start,
        endUTCOffsetMinutes: startUTCOffsetMinutes)
    }
  }

  /// The local wall clock now, as seconds of a `LogTimestamp`.
  public static func localNow() -> Int64 {
    var t = time(nil)
    var parts = tm()
    localtime_r(&t, &parts)
    return Int64(t) + Int64(parts.tm_gmtoff)
  }

  /// The range a word names: `yesterday` is a whole day, `2026-11-28T06` an hour, `-24h`
  /// starts 24 hours before now and ends now.
  public static func range(_ text: String, now: Int64) -> Window? {
    let word = text.lowercased()
    let today = floorDiv(now, 86400) * 86400
    switch word {
    case "now": return Window(start: now, end: now)
    case "today": return Window(start: today, end: today + 86400)
    case "yesterday": return Window(start: today - 86400, end: today)
    case "this-week", "last-week", "this_week", "last_week":
      let weekday = CivilDate.weekday(days: today / 86400)
      let monday = today - Int64(weekday) * 86400
      return word.hasPrefix("this")
        ? Window(start: monday, end: monday + 7 * 86400)
        : Window(start: monday - 7 * 86400, end: monday)
    case "this-month", "last-month", "this_month", "last_month":
      let d = CivilDate.date(days: today / 86400)
      let first = CivilDate.days(year: d.year, month: d.month, day: 1) * 86400
      if word.hasPrefix("this") {
        let next =
          d.month == 12
          ? CivilDate.days(year: d.year + 1, month: 1, day: 1)
          : CivilDate.days(year: d.year, month: d.month + 1, day: 1)
        return Window(start: first, end: next * 86400)
      }
      let previous =
        d.month == 1
        ? CivilDate.days(year: d.year - 1, month: 12, day: 1)
        : CivilDate.days(year: d.year, month: d.month - 1, day: 1)
      return Window(start: previous * 86400, end: first)
    default:
      break
    }
    if let seconds = relativeSeconds(word) { return Window(start: now - seconds, end: now) }
    return absolute(text)
  }

  /// `-24h`, `24h`, `7d`, `-30m`, `2w`, `90s`.
  static func relativeSeconds(_ word: String) -> Int64? {
    var w = Substring(word)
    if w.hasPrefix("-") { w = w.dropFirst() }
    guard let unit = w.last, let n = Int64(w.dropLast()), n >= 0 else { return nil }
    let scale: Int64
    switch unit {
    case "s": scale = 1
    case "m": scale = 60
    case "h": scale = 3600
    case "d": scale = 86400
    case "w": scale = 7 * 86400
    default: return nil
    }
    // At most 10,000 years back (found by the window fuzz target: `88834848834848w` overflowed).
    let (seconds, overflow) = n.multipliedReportingOverflow(by: scale)
    guard !overflow, seconds <= 10_000 * 366 * 86400 else { return nil }
    return seconds
  }

  /// `2026-11-28`, `2026-11-28T06`, `2026-11-28T06:25`, `2026-11-28 06:25:01`: the range of
  /// that day, hour, minute or second; with a zone (`Z`, `+01:00`, `+0100`, `-05:00`), the
  /// range of that instant's second (or minute, or hour).
  static func absolute(_ text: String) -> Window? {
    var t = text.replacingSpace()
    var offset: Int16? = nil
    if t.count > 10, let (rest, minutes) = splitZone(t) {
      t = rest
      offset = minutes
    }
    if offset != nil, let dot = t.lastIndex(of: "."), t[t.index(after: dot)...].allSatisfy(\.isNumber),
      t.distance(from: t.startIndex, to: dot) == 19
    {
      t = String(t[..<dot])  // `06:25:01.123456`: whole seconds
    }
    guard let wall = absoluteWall(t) else { return nil }
    guard let offset else { return wall }
    return Window(start: wall.start, startUTCOffsetMinutes: offset, end: wall.end, endUTCOffsetMinutes: offset)
  }

  /// `2026-11-29T00:12:00Z` -> (`2026-11-29T00:12:00`, 0); `...+01:00` or `...+0100` -> 60.
  static func splitZone(_ text: String) -> (String, Int16)? {
    if text.hasSuffix("Z") || text.hasSuffix("z") { return (String(text.dropLast()), 0) }
    let chars = Array(text)
    for length in [6, 5] where chars.count > 10 + length {
      let zone = chars[(chars.count - length)...]
      guard let sign = zone.first, sign == "+" || sign == "-" else { continue }
      let digits = zone.dropFirst().filter { $0 != ":" }
      guard digits.count == 4, digits.allSatisfy(\.isNumber), length == 5 || zone[zone.startIndex + 3] == ":" else {
        continue
      }
      let h = Int(String(digits.prefix(2)))!
      let m = Int(String(digits.suffix(2)))!
      guard h < 24, m < 60 else { return nil }
      let minutes = Int16(h * 60 + m) * (sign == "-" ? -1 : 1)
      return (String(chars[..<(chars.count - length)]), minutes)
    }
    return nil
  }

  /// The wall-clock range of a time without a zone.
  static func absoluteWall(_ t: String) -> Window? {
    let scalars = Array(t)
    // Digits exactly where ISO 8601 puts them: no sign, no empty or odd-sized field
    // (`-026-11-29T0021::00` is no time).
    func isDigits(_ range: Range<Int>) -> Bool { scalars[range].allSatisfy { $0.isASCII && $0.isNumber } }
    guard scalars.count >= 10, scalars[4] == "-", scalars[7] == "-", isDigits(0..<4), isDigits(5..<7), isDigits(8..<10),
      let y = Int(String(scalars[0..<4])), let mo = Int(String(scalars[5..<7])), let d = Int(String(scalars[8..<10])),
      (1...12).contains(mo), (1...31).contains(d)
    else { return nil }
    let day = CivilDate.days(year: y, month: mo, day: d) * 86400
    if scalars.count == 10 { return Window(start: day, end: day + 86400) }
    guard scalars[10] == "T" else { return nil }
    let rest = String(scalars[11...]).split(separator: ":", omittingEmptySubsequences: false)
    guard !rest.isEmpty, rest.count <= 3,
      rest.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
    else { return nil }
    let h = Int(rest[0])!
    let m = rest.count > 1 ? Int(rest[1])! : 0
    let s = rest.count > 2 ? Int(rest[2])! : 0
    guard h < 24, m < 60, s < 61 else { return nil }
    let start = day + Int64(h * 3600 + m * 60 + s)
    let length: Int64 = rest.count == 1 ? 3600 : rest.count == 2 ? 60 : 1
    return Window(start: start, end: start + length)
  }

  /// The window of `--since A --until B`: from the start of A to the end of B (or to the
  /// start of B when B is a relative word such as `-1h` or `now`). So `--until 2026-11-28`
  /// includes all of that day (up to 23:59:59.999999) and `--until 2026-11-28T06:00` the minute
  /// 06:00 (up to 06:00:59.999999); `--until 2026-11-28T06:00:00Z` that second.
  public static func window(since: String?, until: String?, now: Int64) -> Result<Window, TimeExpressionError> {
    var start: Int64? = nil
    var end: Int64? = nil
    var startOffset: Int16? = nil
    var endOffset: Int16? = nil
    if let since {
      guard let r = range(since, now: now) else { return .failure(TimeExpressionError(word: since)) }
      start = r.start
      startOffset = r.startUTCOffsetMinutes
    }
    if let until {
      guard let r = range(until, now: now) else { return .failure(TimeExpressionError(word: until)) }
      let isRelative = relativeSeconds(until.lowercased()) != nil || until.lowercased() == "now"
      end = isRelative ? r.start : r.end
      endOffset = isRelative ? r.startUTCOffsetMinutes : r.endUTCOffsetMinutes
    }
    let window = Window(start: start, startUTCOffsetMinutes: startOffset, end: end, endUTCOffsetMinutes: endOffset)
    if window.isEmpty, let since, let until {
      return .failure(TimeExpressionError(word: until, reason: .endsBeforeStart(since: since)))
    }
    return .success(window)
  }

  static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}

public struct TimeExpressionError: Error, Sendable {
  public enum Reason: Sendable, Equatable {
    /// Not a time mailcodes reads.
    case invalid
    /// `--until` ends the window where or before `--since` starts it.
    case endsBeforeStart(since: String)
  }

  public var word: String
  public var reason: Reason = .invalid

  public init(word: String, reason: Reason = .invalid) {
    self.word = word
    self.reason = reason
  }
}

extension String {
  fileprivate func replacingSpace() -> String {
    var chars = Array(self)
    if chars.count > 10, chars[10] == " " { chars[10] = "T" }
    return String(chars)
  }
}
