import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A reply code that a parser sets without reading it from the line, and the literal texts of
/// every line that can lead to it: the knowledge a line prefilter needs (`LinePrefilter`).
///
/// A line whose event carries a code that the line prints contains that code's digits
/// (`554`) or enhanced code (`5.7.1`). The codes in these tables are the exceptions: inferred
/// from what the line says (a SASL failure is 535 5.7.8), or from the state of its session
/// (a Postfix `disconnect` with `quit=1` is 221, unless an earlier line ended the session
/// otherwise). For the second kind the literals include every line that can change that
/// state, so that the lines a prefilter keeps produce exactly the codes a full parse gives
/// them.
///
/// Contract, tested against the lab logs (`LinePrefilterTests`): for every code or enhanced
/// code `c`, the events with `c` of a run whose prefilter holds `c`'s printed form and the
/// literals and session literals of every entry here whose codes `c` matches are the events with `c` of the full
/// run. A parser that starts inferring a code, or makes a code depend on another line, adds
/// an entry to its family's table in the same change.
public struct InferredReply: Sendable {
  public let family: LogFamily
  /// The basic code the parser sets (nil: it sets only an enhanced code).
  public let code: Int?
  /// The enhanced code the parser sets with it (nil: none, or the one the line prints).
  public let enhanced: EnhancedStatusCode?
  /// Lines that contain one of these may produce the code, or decide whether a later line
  /// does (case-sensitive byte strings, no newline).
  public let literals: [String]
  /// Where the parser infers it.
  public let source: String
  /// Not empty for a reply that Postfix's parser sets only on smtpd's `disconnect from` line,
  /// from its counters and the session's earlier lines (`literals` are then the lines that
  /// make up the session's state): which of those replies it is. A prefilter may hold such a
  /// session's lines back, unparsed, and parse them only when the `disconnect` line's counters
  /// can lead to the reply (`CounterReplies.mayBeInferred`).
  public let counterReplies: CounterReplies
  /// Lines that only build the smtpd session a line with `literals` needs (its queue id's link
  /// to the session, for cleanup's hopcount reject): kept like `literals`, but a prefilter
  /// that holds smtpd sessions back may hold these with their session.
  public let sessionLiterals: [String]

  init(
    _ family: LogFamily, _ code: Int?, _ enhanced: String?, _ literals: [String], _ source: String,
    counterReplies: CounterReplies = [], sessionLiterals: [String] = []
  ) {
    self.family = family
    self.code = code
    self.enhanced = enhanced.flatMap(EnhancedStatusCode.init)
    self.literals = literals
    self.source = source
    self.counterReplies = counterReplies
    self.sessionLiterals = sessionLiterals
  }

  /// Every family's table.
  public static var all: [InferredReply] { PostfixInferredReplies.table + EximInferredReplies.table }
}
