import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// When `mailcodes grep` may skip lines without parsing them (`LinePrefilter`), as ripgrep
/// skips lines without its literal.
///
/// Only where the output is exactly the one of a full parse: a positive code filter (each
/// pattern with a prefilter of its own), combined only with criteria that an event takes from
/// its own line (command, kind, direction, reply text, time, `--observed`, `--not-code`). Not
/// with `-s` (whole sessions), `-v` (the lines that do not match are the output),
/// `--format jsonl` (events carry session ids), `-A`/`-B`/`-C` (the lines around a match are
/// output), nor with criteria that can come from another
/// line of the session: client, remote, sender, recipient, queue id, outcome.
public enum GrepPrefilter {
  /// The prefilter for `filter` printed as `options` says; nil when every line must be parsed.
  public static func make(filter: EventFilter, options: GrepOptions) -> LinePrefilter? {
    guard !options.sessions, !options.invert, options.output != .events, !options.printsContext else { return nil }
    guard !filter.codes.isEmpty, filter.clients.isEmpty, filter.remotes.isEmpty, filter.senders.isEmpty,
      filter.recipients.isEmpty, filter.ids.isEmpty, filter.outcomes.isEmpty
    else { return nil }
    // Several patterns: a line primary for one of them is primary, and sessions are held back
    // for the counter replies of all of them.
    var primary: [String] = []
    var smtpdPrimary: [String] = []
    var sessionLiterals: [String] = []
    var replies: CounterReplies = []
    for pattern in filter.codes {
      guard let prefilter = LinePrefilter(codePattern: pattern) else { return nil }
      if let deferral = prefilter.deferral {
        smtpdPrimary += deferral.primaryLiterals
        sessionLiterals += prefilter.literals
        replies.formUnion(deferral.replies)
      } else {
        primary += prefilter.literals
        smtpdPrimary += prefilter.literals
      }
    }
    guard
      let prefilter = LinePrefilter(
        primary: primary, sessionLiterals: sessionLiterals, replies: replies, smtpdPrimary: smtpdPrimary),
      prefilter.literals.count <= LinePrefilter.maxLiterals
    else { return nil }
    return prefilter
  }
}
