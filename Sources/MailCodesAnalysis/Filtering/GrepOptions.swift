import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// How `mailcodes grep` prints what matched (grep's meaning wherever grep has the flag).
public struct GrepOptions: Sendable {
  public enum Output: Sendable {
    /// The matching lines as they are in the input.
    case lines
    /// `-c`: the number of matching lines (sessions with `-s`) per file.
    case count
    /// `-l`: the names of files with a match.
    case filesWithMatches
    /// `-L`: the names of files without a match.
    case filesWithoutMatches
    /// `-q`: nothing; stop at the first match.
    case quiet
    /// `--format jsonl`: the matching events as JSON Lines.
    case events
  }

  public var output: Output = .lines
  /// `-s`: whole sessions (and the queue ids that follow them) instead of single lines.
  public var sessions = false
  /// `-v`: select what does not match.
  public var invert = false
  /// `-m NUM`: stop after NUM matches per file.
  public var maxCount: Int?
  /// `-H`/`-h`: prefix lines with the file name.
  public var withFileName = false
  /// `-n`: prefix lines with the line number.
  public var lineNumbers = false
  /// Highlight codes and clients with ANSI colours.
  public var color = false
  /// Escape control characters (`\x1B`); on by default, off with `--raw`.
  public var sanitize = false
  /// Print credentials (AUTH data) as the log has them instead of `<redacted>` (`--show-secrets`).
  public var showSecrets = false
  /// Append the one-line meaning of the codes a printed line carries (`  # 535 5.7.8: ...`).
  public var meanings = false
  /// `-B NUM` / `-A NUM` (`-C NUM` both): lines printed before and after each selected line,
  /// as grep prints them (`-` instead of `:` after the file name and line number, `--` between
  /// groups that are not adjacent). Line mode only.
  public var beforeContext = 0
  public var afterContext = 0

  /// Whether lines around the selected ones are printed.
  public var printsContext: Bool { output == .lines && !sessions && (beforeContext > 0 || afterContext > 0) }

  /// Lines kept per open session in `-s` mode; beyond it lines are dropped and reported.
  public var maxLinesPerSession = 1000
  /// Lines kept for all sessions together in `-s` mode (open and recently ended ones).
  public var maxBufferedLines = 1_000_000

  public init() {}
}
