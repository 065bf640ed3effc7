import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// How many lines of one source (an input, or one mail program in it) were recognized,
/// ignored and unrecognized.
public struct LineClassCounts: Sendable, Equatable {
  public var recognized = 0
  public var ignored = 0
  public var unrecognized = 0

  public init(recognized: Int = 0, ignored: Int = 0, unrecognized: Int = 0) {
    self.recognized = recognized
    self.ignored = ignored
    self.unrecognized = unrecognized
  }

  public var total: Int { recognized + ignored + unrecognized }

  @inline(__always) public mutating func add(_ lineClass: LineClass) {
    switch lineClass {
    case .recognized: recognized += 1
    case .ignored: ignored += 1
    case .unrecognized: unrecognized += 1
    }
  }

  public mutating func add(_ other: LineClassCounts) {
    recognized += other.recognized
    ignored += other.ignored
    unrecognized += other.unrecognized
  }
}
