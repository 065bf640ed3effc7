/// Proleptic Gregorian calendar arithmetic without Foundation (H. Hinnant's algorithms).
public enum CivilDate {
  /// Days since 1970-01-01 for a year, month (1-12) and day (1-31).
  @inline(__always) public static func days(year: Int, month: Int, day: Int) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let m = month
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return Int64(era * 146097 + doe - 719468)
  }

  /// Year, month and day for days since 1970-01-01.
  public static func date(days: Int64) -> (year: Int, month: Int, day: Int) {
    let z = Int(days) + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp + (mp < 10 ? 3 : -9)
    return (m <= 2 ? y + 1 : y, m, d)
  }

  /// Day of the week, 0 = Monday ... 6 = Sunday.
  public static func weekday(days: Int64) -> Int {
    Int(((days % 7) + 7 + 3) % 7)
  }

  /// The number of days in `month` of `year`.
  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// 1-12 for a three-letter English month abbreviation (any case), 0 otherwise.
  @inline(__always) public static func month(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
    let key = UInt32(a | 0x20) << 16 | UInt32(b | 0x20) << 8 | UInt32(c | 0x20)
    switch key {
    case 0x6A616E: return 1  // jan
    case 0x666562: return 2  // feb
    case 0x6D6172: return 3  // mar
    case 0x617072: return 4  // apr
    case 0x6D6179: return 5  // may
    case 0x6A756E: return 6  // jun
    case 0x6A756C: return 7  // jul
    case 0x617567: return 8  // aug
    case 0x736570: return 9  // sep
    case 0x6F6374: return 10  // oct
    case 0x6E6F76: return 11  // nov
    case 0x646563: return 12  // dec
    default: return 0
    }
  }
}
