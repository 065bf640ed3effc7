import MailCodesInput
import MailCodesSMTP

/// What a log format provides: a parser that reads the lines of one input series into events
/// and sessions.
///
/// Each format (`PostfixParser`, `EximParser`, `TranscriptParser`) conforms, and
/// `FormatDetector`, which holds one parser of each and decides which one reads a line, is
/// registered with the formats there (its stored parsers, `parse(_:tracker:into:)`'s order,
/// `beginInput`, `finish`). The detector calls the concrete types, never an existential: the
/// parse of a line is the hot path, and a direct call lets the optimizer inline it.
public protocol LogFormatParser {
  /// The family the format's lines and sessions are counted under.
  static var family: LogFamily { get }

  /// A new input of the series begins: what belongs to one input (a transcript's dialect, the
  /// input number of Exim's duplicate filter) starts over; open sessions carry on.
  mutating func beginInput()

  /// Parses one line: its events, class and session into `out` (`out.family` set when the line
  /// is the format's), its sessions opened, updated and ended through `tracker`.
  mutating func parse(_ ctx: ParseContext, tracker: inout SessionTracker, into out: inout ParseOutput)

  /// The series ended: the sessions still open end (as `open`, or handed over).
  mutating func finish(tracker: inout SessionTracker, line: Int)
}

extension PostfixParser: LogFormatParser {
  public static var family: LogFamily { .postfix }

  /// Postfix keeps nothing per input: its sessions and queue ids span rotated files.
  public mutating func beginInput() {}
}

extension EximParser: LogFormatParser {
  public static var family: LogFamily { .exim }
}

extension TranscriptParser: LogFormatParser {
  public static var family: LogFamily { .transcript }

  /// Reads every line as a transcript's (`--input-format transcript`): a line without the
  /// dialect's markers is ignored.
  public mutating func parse(_ ctx: ParseContext, tracker: inout SessionTracker, into out: inout ParseOutput) {
    if parse(ctx, forced: true, tracker: &tracker, into: &out) { return }
    out.lineClass = .ignored
  }
}
