import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads hand-written and pasted dialogues: RFC 5321 style `C: ` / `S: ` lines, telnet
/// pastes, and notes with `<` / `>` arrows.
///
/// - `C: EHLO x` is the client, `S: 250 ok` the server (RFC 5321 Appendix D).
/// - In a bare telnet paste nothing marks the direction: a line that starts with a reply code
///   (three digits, then a space, a dash or nothing) is the server's, any other line is the
///   client's. telnet's own notes (`Trying ...`, `Connected to ...`, `Escape character is`,
///   `Connection closed by foreign host.`) are kept apart.
/// - `< 220 ...` / `> HELO x`: arrow conventions differ between authors, so the text decides
///   the same way as in a bare paste.
/// Blank lines are ignored (inside a message they carry no meaning for the dialogue), and so
/// are lines that start with a number of four or more digits: neither a reply nor a command.
enum DialogueReader {
  static func read(_ line: ByteView, _ start: Int) -> TranscriptLine {
    let n = line.count
    guard start < n else { return TranscriptLine() }
    let c = line[start]
    if c == 0x43 || c == 0x53, line.byte(at: start + 1) == ASCII.colon {  // C: S:
      var i = start + 2
      if i < n, line[i] == ASCII.space || line[i] == ASCII.tab { i += 1 }
      if c == 0x43 { return TranscriptLine(.command, i, n) }
      return ReplyText.looksLikeReply(line, at: i, end: n) ? TranscriptLine(.reply, i, n) : TranscriptLine(.info)
    }
    if c == ASCII.lessThan || c == ASCII.greaterThan, line.byte(at: start + 1) == ASCII.space {
      return bare(line, start + 2)
    }
    if line.matches("Trying ", at: start), line.hasSuffix("...") {
      var t = TranscriptLine(.sessionStart)
      t.peer = SwaksReader.peerAddress(line, start + 7)
      return t
    }
    if line.matches("Connected to ", at: start) || line.matches("Escape character is ", at: start) {
      return TranscriptLine(.info)
    }
    if line.matches("Connection closed by foreign host", at: start) { return TranscriptLine(.serverClosed) }
    return bare(line, start)
  }

  private static func bare(_ line: ByteView, _ start: Int) -> TranscriptLine {
    let n = line.count
    guard start < n else { return TranscriptLine() }
    // `2500 ...`: no server sends four digits and no client starts a command with them.
    if let number = line.decimal(at: start, maxDigits: 12), number.end - start >= 4,
      number.end == n || line[number.end] == ASCII.space
    {
      return TranscriptLine(.info)
    }
    var t = TranscriptLine(ReplyText.looksLikeReply(line, at: start, end: n) ? .reply : .command, start, n)
    t.directionGuessed = true
    return t
  }
}
