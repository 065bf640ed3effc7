import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads one reply line of a transcript: the code, whether it is the reply's last line, the
/// enhanced code, and what the text says.
///
/// A reply line is exactly three digits (a plausible reply code, 2yz to 5yz) followed by a
/// space, a dash, a tab or nothing. `2500 ...`, `334 lines sent` written by the client, or an
/// expectation marker `??? 554` are not reply lines: the first fails the shape, the others
/// are never offered as server lines.
enum ReplyText {
  struct Parsed {
    var code: ReplyCode
    /// False for a continuation line (`250-...`).
    var isLast: Bool
    var enhanced: EnhancedStatusCode?
  }

  @inline(__always) public static func parse(_ line: ByteView, at start: Int, end: Int) -> Parsed? {
    let view = line.slice(0, end)
    guard let code = ReplyCode.parse(view, at: start) else { return nil }
    let separator = view.byte(at: start + 3)
    var parsed = Parsed(code: code, isLast: separator != ASCII.minus, enhanced: nil)
    var i = start + 4
    while i < end, view[i] == ASCII.space { i += 1 }
    if let (enhanced, _) = EnhancedStatusCode.parse(view, at: i) { parsed.enhanced = enhanced }
    return parsed
  }

  /// Whether the bytes start like a reply line (used to tell replies from commands when a
  /// transcript does not mark the direction).
  @inline(__always) static func looksLikeReply(_ line: ByteView, at start: Int, end: Int) -> Bool {
    ReplyCode.parse(line.slice(0, end), at: start) != nil
  }

  /// Whether the reply text says the server timed out (`timeout`, `timed out`, `time-out`):
  /// such a closing reply is an idle timeout even when it answered a command.
  static func saysTimeout(_ line: ByteView, _ range: TextRange) -> Bool {
    let text = line.slice(range)
    var i = 0
    while i + 7 <= text.count {
      if text[i] | 0x20 == 0x74 {  // t
        if text.matchesIgnoringCase("timeout", at: i) || text.matchesIgnoringCase("timed out", at: i)
          || text.matchesIgnoringCase("time out", at: i) || text.matchesIgnoringCase("time-out", at: i)
        {
          return true
        }
      }
      i += 1
    }
    return false
  }

  /// Whether a 553 says the client must log in first (Postfix `Sender address rejected: not
  /// logged in`): counted with the 530s as "authentication required".
  static func saysNotLoggedIn(_ line: ByteView, _ range: TextRange) -> Bool {
    line.slice(range).firstRange(of: "not logged in") != nil
  }
}
