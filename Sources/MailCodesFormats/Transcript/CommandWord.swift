import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The SMTP command a client line starts with.
///
/// The verb is the first word, up to a space, a colon or the end (`MAIL FROM:<a@b>` is MAIL,
/// `rcpt TO:<b@c>` is RCPT); case does not matter. `LHLO` (LMTP) counts as EHLO. Anything
/// else, an empty line included, is UNKNOWN: the server answers it with 500.
enum CommandWord {
  @inline(__always) public static func parse(_ line: ByteView, _ start: Int, _ end: Int) -> SMTPCommand {
    var e = start
    while e < end {
      let c = line[e]
      if c == ASCII.space || c == ASCII.colon || c == ASCII.tab { break }
      e += 1
    }
    let word = line.slice(start, e)
    guard word.count == 4 || word.count == 8 else { return .unknown }
    if word.count == 4, word.matchesIgnoringCase("LHLO", at: 0) { return .ehlo }
    guard let command = SMTPCommand.lookup(word) else { return .unknown }
    switch command {
    case .connect, .endOfData, .none: return .unknown
    default: return command
    }
  }

  /// Whether the line starts with a known verb (for dialects that mix commands with other
  /// notes, such as Exim's `>>>` lines).
  @inline(__always) static func isKnownVerb(_ line: ByteView, _ start: Int, _ end: Int) -> Bool {
    parse(line, start, end) != .unknown
  }
}
