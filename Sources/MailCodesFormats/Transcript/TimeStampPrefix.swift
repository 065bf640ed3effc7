import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Time stamps that capture tools put in front of transcript lines, and the ones inside CSV rows.
///
/// Accepted in front of a line, each followed by one space or tab:
/// - `HH:MM:SS[.frac]` (the lab's raw-socket clients, smtplib at debuglevel 2, Exim debug),
/// - `YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+hh:mm]` (`ts`, Docker, most capture tools),
/// - `Mmm dd HH:MM:SS` (a classic syslog stamp without host and tag),
/// - any of these in square brackets.
/// A time of day alone gets its date from the last dated time of the input; without one the
/// line has no time (a report never invents a date).
enum TimeStampPrefix {
  /// Skips a time stamp at `start`; returns its time (if it can be dated) and where the text
  /// after it begins, or nil when there is no time stamp at `start`.
  static func skip(_ line: ByteView, at start: Int, reference: LogTimestamp?) -> (time: LogTimestamp?, end: Int)? {
    var i = start
    var bracketed = false
    if line.byte(at: i) == ASCII.openBracket {
      bracketed = true
      i += 1
    }
    var time: LogTimestamp?
    var end: Int
    let c = line.byte(at: i)
    if ASCII.isDigit(c), line.byte(at: i + 2) == ASCII.colon {
      guard let (seconds, micro, e) = timeOfDay(line, at: i) else { return nil }
      end = e
      if let reference {
        var wall = reference.days * 86400 + seconds
        // A transcript that runs past midnight.
        if seconds + 43_200 < Int64(reference.secondOfDay) { wall += 86400 }
        time = LogTimestamp(wallSeconds: wall, microseconds: micro)
      }
    } else if ASCII.isDigit(c), line.byte(at: i + 4) == ASCII.minus {
      guard let (t, e) = parseISO(line, at: i) else { return nil }
      time = t
      end = e
    } else if ASCII.isUpper(c), line.byte(at: i + 3) == ASCII.space, line.byte(at: i + 9) == ASCII.colon,
      CivilDate.month(c, line.byte(at: i + 1), line.byte(at: i + 2)) != 0,
      let (_, _, e) = timeOfDay(line, at: i + 7)
    {
      // The envelope parser has already dated this stamp (`ctx.time`); only skip it.
      time = reference
      end = e
    } else {
      return nil
    }
    if bracketed {
      guard line.byte(at: end) == ASCII.closeBracket else { return nil }
      end += 1
    }
    // One separator only: swaks' ` -> ` keeps its leading space after the stamp.
    guard end < line.count, line[end] == ASCII.space || line[end] == ASCII.tab else { return nil }
    return (time, end + 1)
  }

  /// `HH:MM:SS[.frac]` at `i`: seconds of the day, microseconds, the index after it.
  static func timeOfDay(_ line: ByteView, at i: Int) -> (Int64, Int32, Int)? {
    guard i + 8 <= line.count, line[i + 2] == ASCII.colon, line[i + 5] == ASCII.colon else { return nil }
    func two(_ at: Int) -> Int? {
      let a = line[at] &- ASCII.zero
      let b = line[at + 1] &- ASCII.zero
      return a <= 9 && b <= 9 ? Int(a) * 10 + Int(b) : nil
    }
    guard let h = two(i), let m = two(i + 3), let s = two(i + 6), h <= 23, m <= 59, s <= 60 else { return nil }
    var k = i + 8
    var micro: Int32 = 0
    if k + 1 < line.count, line[k] == ASCII.dot || line[k] == ASCII.comma, ASCII.isDigit(line[k + 1]) {
      k += 1
      var digits = 0
      while k < line.count, ASCII.isDigit(line[k]) {
        if digits < 6 { micro = micro * 10 + Int32(line[k] &- ASCII.zero) }
        digits += 1
        k += 1
      }
      while digits < 6 {
        micro *= 10
        digits += 1
      }
    }
    return (Int64(h * 3600 + m * 60 + s), micro, k)
  }

  /// `YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+hh:mm|+hhmm]` at `i`: the time and the index after it.
  static func parseISO(_ line: ByteView, at i: Int) -> (LogTimestamp, Int)? {
    guard i + 19 <= line.count, line[i + 4] == ASCII.minus, line[i + 7] == ASCII.minus else { return nil }
    let separator = line[i + 10]
    guard separator == ASCII.upperT || separator == ASCII.space || separator == 0x74 else { return nil }
    guard let year = line.decimal(at: i, maxDigits: 4), year.end == i + 4,
      let month = line.decimal(at: i + 5, maxDigits: 2), month.end == i + 7,
      let day = line.decimal(at: i + 8, maxDigits: 2), day.end == i + 10,
      (1...12).contains(month.value), (1...31).contains(day.value),
      let (seconds, micro, end) = timeOfDay(line, at: i + 11)
    else { return nil }
    var time = LogTimestamp(
      wallSeconds: CivilDate.days(year: year.value, month: month.value, day: day.value) * 86400 + seconds,
      microseconds: micro)
    var k = end
    if k < line.count {
      let c = line[k]
      if c == ASCII.upperZ {
        time.utcOffsetMinutes = 0
        k += 1
      } else if c == ASCII.plus || c == ASCII.minus, let hours = line.decimal(at: k + 1, maxDigits: 2),
        hours.end == k + 3
      {
        var minutes = 0
        var e = hours.end
        if line.byte(at: e) == ASCII.colon { e += 1 }
        if let m = line.decimal(at: e, maxDigits: 2), m.end == e + 2 {
          minutes = m.value
          e = m.end
        } else if line.byte(at: hours.end) == ASCII.colon {
          e = hours.end
        }
        let sign = c == ASCII.minus ? -1 : 1
        time.utcOffsetMinutes = Int16(sign * (hours.value * 60 + minutes))
        k = e
      }
    }
    return (time, k)
  }
}
