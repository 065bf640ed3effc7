import MailCodesSupport
import MailCodesSMTP
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
/// `now`, `today`, `yesterday`, `-24h`, `7d` / `-7d` (that long before now), `30m`, `2w`,
/// `this-week`, `last-week`, `this-month`, `last-month` (weeks start on Monday). Relative words
/// count from `now`, the local wall clock at start (tests pass their own). Windows compare
/// with the log's own wall-clock times (`LogTimestamp.wallSeconds`).
public enum TimeExpression {
  /// A half-open window `[start, end)` of wall-clock seconds; either side may be open.
  public struct Window: Sendable, Equatable {
    public var start: Int64?
    public var end: Int64?

    public init(start: Int64? = nil, end: Int64? = nil) {
      self.start = start
      self.end = end
    }

    public func contains(_ t: LogTimestamp) -> Bool {
      if let start, t.wallSeconds < start { return false }
      if let end, t.wallSeconds >= end { return false }
      return true
    }

    public var isUnbounded: Bool { start == nil && end == nil }
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
      return word.hasPrefix("this") ? Window(start: monday, end: monday + 7 * 86400)
        : Window(start: monday - 7 * 86400, end: monday)
    case "this-month", "last-month", "this_month", "last_month":
      let d = CivilDate.date(days: today / 86400)
      let first = CivilDate.days(year: d.year, month: d.month, day: 1) * 86400
      if word.hasPrefix("this") {
        let next = d.month == 12 ? CivilDate.days(year: d.year + 1, month: 1, day: 1)
          : CivilDate.days(year: d.year, month: d.month + 1, day: 1)
        return Window(start: first, end: next * 86400)
      }
      let previous = d.month == 1 ? CivilDate.days(year: d.year - 1, month: 12, day: 1)
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
    switch unit {
    case "s": return n
    case "m": return n * 60
    case "h": return n * 3600
    case "d": return n * 86400
    case "w": return n * 7 * 86400
    default: return nil
    }
  }

  /// `2026-11-28`, `2026-11-28T06`, `2026-11-28T06:25`, `2026-11-28 06:25:01`: the range of
  /// that day, hour, minute or second.
  static func absolute(_ text: String) -> Window? {
    let t = text.replacingSpace()
    let digits = t.filter { $0.isNumber }
    let scalars = Array(t)
    guard scalars.count >= 10, scalars[4] == "-", scalars[7] == "-",
      let y = Int(String(scalars[0..<4])), let mo = Int(String(scalars[5..<7])), let d = Int(String(scalars[8..<10])),
      (1...12).contains(mo), (1...31).contains(d)
    else { return nil }
    let day = CivilDate.days(year: y, month: mo, day: d) * 86400
    if scalars.count == 10 { return Window(start: day, end: day + 86400) }
    guard scalars[10] == "T", digits.count >= 10 else { return nil }
    let rest = String(scalars[11...]).split(separator: ":")
    guard !rest.isEmpty, rest.count <= 3, rest.allSatisfy({ Int($0) != nil }) else { return nil }
    let h = Int(rest[0])!, m = rest.count > 1 ? Int(rest[1])! : 0, s = rest.count > 2 ? Int(rest[2])! : 0
    guard h < 24, m < 60, s < 61 else { return nil }
    let start = day + Int64(h * 3600 + m * 60 + s)
    let length: Int64 = rest.count == 1 ? 3600 : rest.count == 2 ? 60 : 1
    return Window(start: start, end: start + length)
  }

  /// The window of `--since A --until B`: from the start of A to the end of B (or to the
  /// start of B when B is a relative word such as `-1h` or `now`).
  public static func window(since: String?, until: String?, now: Int64) -> Result<Window, TimeExpressionError> {
    var window = Window()
    if let since {
      guard let r = range(since, now: now) else { return .failure(TimeExpressionError(word: since)) }
      window.start = r.start
    }
    if let until {
      guard let r = range(until, now: now) else { return .failure(TimeExpressionError(word: until)) }
      let isRelative = relativeSeconds(until.lowercased()) != nil || until.lowercased() == "now"
      window.end = isRelative ? r.start : r.end
    }
    return .success(window)
  }

  static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}

public struct TimeExpressionError: Error, Sendable {
  public var word: String
}

extension String {
  fileprivate func replacingSpace() -> String {
    var chars = Array(self)
    if chars.count > 10, chars[10] == " " { chars[10] = "T" }
    return String(chars)
  }
}
