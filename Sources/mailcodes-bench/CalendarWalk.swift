/// Dates a number of days after a start date, for the generators' timestamps (2026, 2027...).
enum CalendarWalk {
  static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
  /// Days per month of the generated years (no leap day: 2027 and 2029 are not leap years,
  /// and a generated log would need years to reach 2028).
  static let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

  /// Month (1-12) and day of `startMonth`/`startDay` plus `plusDays`.
  static func monthAndDay(startMonth: Int, startDay: Int, plusDays: Int) -> (month: Int, day: Int) {
    var month = startMonth
    var day = startDay + plusDays
    while day > monthLengths[month - 1] {
      day -= monthLengths[month - 1]
      month = month % 12 + 1
    }
    return (month, day)
  }

  /// How many new years lie between the start and `plusDays` later.
  static func yearsPassed(startMonth: Int, startDay: Int, plusDays: Int) -> Int {
    var month = startMonth
    var day = startDay + plusDays
    var years = 0
    while day > monthLengths[month - 1] {
      day -= monthLengths[month - 1]
      if month == 12 { years += 1 }
      month = month % 12 + 1
    }
    return years
  }
}
