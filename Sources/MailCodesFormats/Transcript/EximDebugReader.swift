import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads the SMTP lines of Exim's debug output (`exim -d`, `-d+all`, a daemon's debug log).
///
/// Exim writes `SMTP<< TEXT` for what it read and `SMTP>> TEXT` (newer builds also `SMTP>|`,
/// and `SMTP|>` for a command still in its buffer) for what it wrote, optionally after a time
/// and a pid, indented as a client. The direction depends on Exim's role: as a server it reads
/// commands and writes replies, as a client (smtp transport) the other way round. So the text
/// decides what a line is (a reply starts with a code), and the arrow then tells the role: a
/// reply Exim wrote makes it the server.
///
/// The further lines of a multi-line reply are printed indented under the first one, without
/// an arrow; they count only while a reply is in progress. Other debug lines are not part of
/// the transcript, except `Connecting to HOST [IP]:PORT`
/// (a delivery begins), `incoming connection from [IP]:PORT` (a client connected) and
/// `SMTP(close)>>` (Exim closed the connection). Exim does not print the message content: its
/// `SMTP>> writing message and terminating "."` note is not a command.
enum EximDebugReader {
  struct Arrow {
    /// Offset of the text after the arrow, from the start of the examined view.
    var payload: Int
    var writtenByExim: Bool
  }

  /// The `SMTP<<` / `SMTP>>` arrow near the start of `v`, after optional time, pid and indent.
  static func arrow(in v: ByteView) -> Arrow? {
    var i = 0
    let limit = min(v.count, 40)
    while i < limit {
      let c = v[i]
      guard c == ASCII.space || c == ASCII.colon || c == ASCII.dot || ASCII.isDigit(c) else { break }
      i += 1
    }
    guard v.matches("SMTP", at: i), v.byte(at: i + 6) == ASCII.space else { return nil }
    let a = v.byte(at: i + 4)
    let b = v.byte(at: i + 5)
    if a == ASCII.lessThan, b == ASCII.lessThan { return Arrow(payload: i + 7, writtenByExim: false) }
    if a == ASCII.greaterThan, b == ASCII.greaterThan || b == 0x7C { return Arrow(payload: i + 7, writtenByExim: true) }
    if a == 0x7C, b == ASCII.greaterThan { return Arrow(payload: i + 7, writtenByExim: true) }
    return nil
  }

  static func read(_ line: ByteView, _ start: Int) -> TranscriptLine {
    let n = line.count
    let v = line.suffix(from: start)
    if let arrow = arrow(in: v) {
      let p = start + arrow.payload
      if line.matches("writing message", at: p) { return TranscriptLine(.info) }
      var t: TranscriptLine
      if ReplyText.looksLikeReply(line, at: p, end: n) {
        t = TranscriptLine(.reply, p, n)
        t.side = arrow.writtenByExim ? .server : .client
      } else {
        t = TranscriptLine(.command, p, n)
        t.side = arrow.writtenByExim ? .client : .server
      }
      return t
    }
    // The further lines of a multi-line reply: indented under the first, without an arrow.
    // The scan over the time, pid and indent also runs over the code, and over its space and
    // digits after it on a last line (`250 HELP`, `250 8BITMIME`): the code is the last three
    // digits after a space that end within the scanned part.
    var scanned = start
    while scanned < n, scanned - start < 48,
      line[scanned] == ASCII.space || line[scanned] == ASCII.colon || ASCII.isDigit(line[scanned])
    {
      scanned += 1
    }
    var k = min(scanned, n - 3)
    while k > start,
      !(line[k - 1] == ASCII.space && ASCII.isDigit(line[k]) && ASCII.isDigit(line[k + 1])
        && ASCII.isDigit(line[k + 2]) && k + 3 <= scanned)
    {
      k -= 1
    }
    if k - start >= 4, line[k - 1] == ASCII.space, ReplyText.looksLikeReply(line, at: k, end: n) {
      var t = TranscriptLine(.reply, k, n)
      t.continuesReply = true
      return t
    }
    let head = min(n, start + 48)
    if let close = line.slice(0, head).firstRange(of: "SMTP(close)>>", from: start), close >= start {
      return TranscriptLine(.sessionEnd)
    }
    // After the optional time and pid.
    var indented = line.skippingSpaces(from: start)
    while indented < n, ASCII.isDigit(line[indented]) || line[indented] == ASCII.space { indented += 1 }
    if line.matches("Connecting to ", at: indented), let open = line.firstIndex(of: ASCII.openBracket, from: indented),
      let close = line.firstIndex(of: ASCII.closeBracket, from: open)
    {
      var t = TranscriptLine(.sessionStart)
      t.peer = IPAddress.parse(line.slice(open + 1, close))
      t.side = .client
      return t
    }
    if let from = line.firstRange(of: "incoming connection from [", from: start),
      let close = line.firstIndex(of: ASCII.closeBracket, from: from + 26)
    {
      var t = TranscriptLine(.sessionStart)
      t.peer = IPAddress.parse(line.slice(from + 26, close))
      t.side = .server
      return t
    }
    return TranscriptLine()
  }
}
