/// A point in log time, as the log wrote it.
///
/// `wallSeconds` counts seconds since 1970-01-01T00:00:00 of the *wall clock written in the
/// log*, not corrected for its zone: hours and days in reports are the log's own. When the log
/// names a zone (RFC 3339, journald, Exim `+0100`) `utcOffsetMinutes` keeps it and `utcSeconds`
/// gives the instant; classic syslog lines have no zone (`utcOffsetMinutes == nil`).
/// Ordering compares wall clocks, which is what a log of one host needs.
public struct LogTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var wallSeconds: Int64
  public var microseconds: Int32
  public var utcOffsetMinutes: Int16?

  public init(wallSeconds: Int64, microseconds: Int32 = 0, utcOffsetMinutes: Int16? = nil) {
    self.wallSeconds = wallSeconds
    self.microseconds = microseconds
    self.utcOffsetMinutes = utcOffsetMinutes
  }

  public init(
    year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
    microseconds: Int32 = 0, utcOffsetMinutes: Int16? = nil
  ) {
    wallSeconds =
      CivilDate.days(year: year, month: month, day: day) * 86400
      + Int64(hour * 3600 + minute * 60 + second)
    self.microseconds = microseconds
    self.utcOffsetMinutes = utcOffsetMinutes
  }

  /// The instant in UTC seconds, assuming UTC when the log gave no zone.
  public var utcSeconds: Int64 { wallSeconds - Int64(utcOffsetMinutes ?? 0) * 60 }

  public var days: Int64 { wallSeconds >= 0 ? wallSeconds / 86400 : (wallSeconds - 86399) / 86400 }
  public var secondOfDay: Int { Int(wallSeconds - days * 86400) }
  public var hour: Int { secondOfDay / 3600 }
  public var date: (year: Int, month: Int, day: Int) { CivilDate.date(days: days) }

  /// `2026-11-28`
  public var dateString: String {
    let d = date
    return "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))"
  }

  /// `2026-11-28T06` (the hour bucket key).
  public var hourString: String { "\(dateString)T\(pad(hour, 2))" }

  /// ISO 8601: `2026-11-28T06:25:01`, with `.ffffff` when the log had a fraction and the zone
  /// when the log named one (`Z` for UTC).
  public var description: String {
    let s = secondOfDay
    var text = "\(dateString)T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2))"
    if microseconds != 0 { text += ".\(pad(Int(microseconds), 6))" }
    if let offset = utcOffsetMinutes {
      if offset == 0 {
        text += "Z"
      } else {
        let a = abs(Int(offset))
        text += "\(offset < 0 ? "-" : "+")\(pad(a / 60, 2)):\(pad(a % 60, 2))"
      }
    }
    return text
  }

  public static func < (lhs: LogTimestamp, rhs: LogTimestamp) -> Bool {
    lhs.wallSeconds != rhs.wallSeconds ? lhs.wallSeconds < rhs.wallSeconds : lhs.microseconds < rhs.microseconds
  }
}

@inline(__always) public func pad(_ value: Int, _ width: Int) -> String {
  let digits = String(value)
  return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
