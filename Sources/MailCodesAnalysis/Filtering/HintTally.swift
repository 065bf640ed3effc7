import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// Counts the refusals whose code the log omits (events with a `Hint`) that likely had one of
/// `codes`: what `mailcodes grep 530` reports when the log never prints a 530 but Postfix's
/// counters show refusals that were probably 530s.
///
/// Exact only over a full parse: a hint is decided from the whole session (the failures that
/// were logged are not hinted at), so the run that feeds it must not skip lines.
public struct HintTally: AnalysisSink {
  public let codes: [CodePattern]
  /// Events per hint, for hints whose likely codes match `codes`.
  public private(set) var counts: [Hint: Int] = [:]

  public init(codes: [CodePattern]) {
    self.codes = codes
  }

  /// Whether some hint can point at `codes` (if not, there is nothing to count).
  public static func canHint(_ codes: [CodePattern]) -> Bool {
    Hint.allCases.contains { hint in matches(hint, codes) }
  }

  static func matches(_ hint: Hint, _ codes: [CodePattern]) -> Bool {
    hint.likelyCodes.contains { code in codes.contains { $0.matches(code: ReplyCode(Int(code)), enhanced: nil) } }
  }

  public mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    guard event.hint != .none, event.code == nil, HintTally.matches(event.hint, codes) else { return }
    counts[event.hint, default: 0] += 1
  }

  /// Total events counted.
  public var total: Int { counts.values.reduce(0, +) }
}
