import MailCodesSMTP
import MailCodesSupport

/// Gives a year to syslog timestamps that have none (`Nov 28 06:25:01`).
///
/// The reference is the file's modification time (the last line was written then) or
/// `--year`. The first line's year is the reference year, minus one when its month lies after
/// the reference month (a December line in a file last written in January). Later lines keep
/// that year until the month jumps back by six months or more (December -> January), which
/// starts the next year: the rollover inside one file. Each rollover is counted.
public struct YearInference: Sendable {
  public let referenceYear: Int
  public let referenceMonth: Int
  /// `--year` was given: the first line is in exactly that year.
  public let isExplicit: Bool
  public private(set) var rollovers = 0
  private var year = 0
  private var lastMonth = 0

  /// A reference from a file's modification time (or the clock, for stdin).
  public init(referenceYear: Int, referenceMonth: Int) {
    self.referenceYear = referenceYear
    self.referenceMonth = referenceMonth
    self.isExplicit = false
  }

  /// A reference from `--year`.
  public init(explicitYear: Int) {
    referenceYear = explicitYear
    referenceMonth = 12
    isExplicit = true
  }

  /// The year of a line whose timestamp names `month` (1-12).
  public mutating func year(forMonth month: Int) -> Int {
    if lastMonth == 0 {
      year = (!isExplicit && month > referenceMonth) ? referenceYear - 1 : referenceYear
    } else if month + 6 <= lastMonth {
      year += 1
      rollovers += 1
    }
    lastMonth = month
    return year
  }
}
