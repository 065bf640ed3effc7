import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads swaks output, and raw-socket clients that write the same markers.
///
/// swaks(1), "OUTPUT OPTIONS" (20201014.0): `=== ` information, `*** ` errors, ` -> ` sent,
/// ` ~> ` sent under TLS, ` **> ` sent unexpectedly, `<-  ` received, `<~  ` received under
/// TLS, `<** ` and `<~* ` an unexpected (error) reply. A run starts at `=== Trying HOST:PORT...`
/// and ends at `=== Connection closed with remote host.`, `*** Remote host closed connection
/// unexpectedly.` or `=== Dropping connection` (`--drop-after`); `-> 11 lines sent` stands for
/// the message with `--suppress-data`.
///
/// The lab's raw-socket clients add `=== Connection closed by server.`, `=== Client closed
/// connection.`, `=== [Errno 104] Connection reset by peer`, `-> <empty line>` and pipelined
/// writes `-> [raw 69 bytes: NOTE] b'MAIL FROM:<a>\r\nRCPT TO:<b>\r\nDATA\r\n'`.
enum SwaksReader {
  static func read(_ line: ByteView, _ start: Int) -> TranscriptLine {
    let n = line.count
    guard start + 3 <= n else { return TranscriptLine() }
    switch line[start] {
    case ASCII.equals:
      guard line.matches("=== ", at: start) else { return TranscriptLine() }
      return information(line, start + 4)
    case ASCII.asterisk:
      guard line.matches("*** ", at: start) else { return TranscriptLine() }
      if line.matches("Remote host closed connection", at: start + 4) { return TranscriptLine(.serverClosed) }
      return TranscriptLine(.info)
    case ASCII.lessThan:
      // `<-  250 ...`, `<~  250 ...`, `<** 550 ...`, `<~* 535 ...`
      guard start + 3 < n else { return TranscriptLine() }
      let a = line[start + 1]
      let b = line[start + 2]
      let isReply =
        (a == ASCII.minus || a == ASCII.tilde) && b == ASCII.space
        || (a == ASCII.asterisk && b == ASCII.asterisk) || (a == ASCII.tilde && b == ASCII.asterisk)
      guard isReply else { return TranscriptLine() }
      let text = line.skippingSpaces(from: start + 3)
      return TranscriptLine(.reply, text, n)
    case ASCII.space:
      // ` -> EHLO x`, ` ~> QUIT`, ` **> RSET`
      var i = start + 1
      if line.matches("**> ", at: i) || line.matches("~*> ", at: i) {
        i += 4
      } else if line.matches("-> ", at: i) || line.matches("~> ", at: i) {
        i += 3
      } else if i + 2 == n, line.matches("->", at: i) || line.matches("~>", at: i) {
        return TranscriptLine(.command, n, n)
      } else {
        return TranscriptLine()
      }
      return sent(line, i)
    default:
      return TranscriptLine()
    }
  }

  private static func information(_ line: ByteView, _ i: Int) -> TranscriptLine {
    if line.matches("Trying ", at: i) {
      var t = TranscriptLine(.sessionStart)
      t.peer = peerAddress(line, i + 7)
      return t
    }
    // swaks' own close; when the server closes, swaks says `*** Remote host closed ...`.
    if line.matches("Dropping connection", at: i) || line.matches("Connection closed with remote host", at: i)
      || line.matches("Client closed connection", at: i)
    {
      return TranscriptLine(.clientClosed)
    }
    if line.matches("Connection closed by server", at: i) || line.matches("[Errno", at: i)
      || line.matches("send failed", at: i)
    {
      return TranscriptLine(.serverClosed)
    }
    return TranscriptLine(.info)
  }

  /// What the client sent, from `i` to the end of the line.
  private static func sent(_ line: ByteView, _ i: Int) -> TranscriptLine {
    let n = line.count
    if line.matches("<empty line>", at: i) { return TranscriptLine(.command, i, i) }
    if line.matches("[raw ", at: i), let close = line.firstIndex(of: ASCII.closeBracket, from: i),
      let literal = PythonLiteral.contents(line, from: close + 1)
    {
      var t = TranscriptLine(.escapedCommands)
      t.text = literal
      return t
    }
    // `-> 11 lines sent` (swaks --suppress-data): a summary, never a reply of 11 or 334.
    if let count = line.decimal(at: i, maxDigits: 9), line.matches(" lines sent", at: count.end) {
      return TranscriptLine(.contentSummary, i, n)
    }
    var end = n
    // The lab marks commands it ended with a bare LF: `EHLO x  [bare LF, no CR]`.
    if let note = line.firstRange(of: "  [bare LF", from: i) { end = note }
    return TranscriptLine(.command, i, end)
  }

  /// The address in `HOST:PORT...`, `[HOST]:PORT...` or `HOST:PORT from LOCAL...`, when HOST
  /// is an address (swaks shows names as given).
  static func peerAddress(_ line: ByteView, _ start: Int) -> IPAddress? {
    var end = line.count
    if let from = line.firstRange(of: " from ", from: start) { end = from }
    if let dots = line.firstRange(of: "...", from: start), dots < end { end = dots }
    var host = line.slice(start, end)
    if host.byte(at: 0) == ASCII.openBracket, let close = host.firstIndex(of: ASCII.closeBracket) {
      return IPAddress.parse(host.slice(1, close))
    }
    if let colon = host.lastIndex(of: ASCII.colon), host.decimal(at: colon + 1)?.end == host.count {
      host = host.slice(0, colon)
    }
    return IPAddress.parse(host)
  }
}
