import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// What a `GrepMatcher` tells its printer, in the order the output must have: the printer's
/// side of grep, as ripgrep's `Sink` is the printer's side of its searcher.
///
/// The matcher decides (which events of a line belong to the output, which lines are
/// selected, which are context, where a group of lines starts) and counts; the printer only
/// formats (file name and line number prefixes, colours, meanings, `--format jsonl`,
/// redaction, separators). "The current line" is the line whose events came last; it lasts
/// until `endLine`.
public protocol GrepDecisionSink {
  /// Input `index` starts (its name prefixes lines and goes into event JSON).
  mutating func beginInput(_ input: InputFile, index: Int)
  /// An event of the current line that belongs to the output: a matching one, or with
  /// `-s --format jsonl` any event of the line (`matched` false).
  mutating func lineEvent(_ event: SMTPEvent, line: ByteView, context: LineContext, matched: Bool)
  /// The current line is selected.
  mutating func selected(_ line: ByteView, input: Int, number: Int, secret: TextRange)
  /// A line kept earlier (`copy`) is selected.
  mutating func selected(_ copy: GrepLineCopy, input: Int, number: Int)
  /// A line around a selected one (`-A`, `-B`, `-C`).
  mutating func context(_ line: ByteView, input: Int, number: Int, secret: TextRange)
  /// The next context group does not follow the last printed line.
  mutating func contextBreak()
  /// A group of lines (a session with `-s`, a message with `--id`, `--from`, `--to`) starts;
  /// `separated`: it is not the continuation of the group printed last.
  mutating func beginGroup(separated: Bool)
  /// What the printer needs of the current line to select it later, when the line and its
  /// events are gone.
  func copy(_ line: ByteView, secret: TextRange) -> GrepLineCopy
  /// The current line is over.
  mutating func endLine()
  /// The current input is over.
  mutating func endInput()
  /// The run is over: nothing more will be selected.
  mutating func finish()
}

/// A line as a printer will print it later (`GrepDecisionSink.copy`): its bytes (redacted
/// already where the output needs it), its events as JSON lines, the meanings of its codes.
public struct GrepLineCopy {
  public var bytes: [UInt8]
  public var events: [[UInt8]]
  public var meaning: String

  public init(bytes: [UInt8], events: [[UInt8]], meaning: String) {
    self.bytes = bytes
    self.events = events
    self.meaning = meaning
  }
}
