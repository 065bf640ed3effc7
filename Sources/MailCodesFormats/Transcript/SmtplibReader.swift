import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads Python smtplib's debug output (`SMTP.set_debuglevel(1)`, or 2 with `HH:MM:SS.ffffff`
/// in front, which `TimeStampPrefix` removes).
///
/// The format strings of CPython `Lib/smtplib.py`: `connect: to ('HOST', PORT) SOURCE`,
/// `send: 'ehlo x\r\n'` (a message is sent as one `b'...\r\n.\r\n'`), `reply: b'250-x\r\n'`
/// (Python 2: `reply: '250 x\r\n'`) for each reply line, then `reply: retcode (250); Msg: ...`
/// summing the reply up. The summary and `data: (354, ...)` are not replies of their own.
enum SmtplibReader {
  static func read(_ line: ByteView, _ start: Int) -> TranscriptLine {
    switch line.byte(at: start) {
    case 0x73:  // s
      guard line.matches("send: ", at: start), let literal = PythonLiteral.contents(line, from: start + 6) else {
        break
      }
      var t = TranscriptLine(.escapedCommands)
      t.text = literal
      return t
    case 0x72:  // r
      guard line.matches("reply: ", at: start) else { break }
      if line.matches("retcode (", at: start + 7) { return TranscriptLine(.info) }
      guard let literal = PythonLiteral.contents(line, from: start + 7) else { return TranscriptLine(.info) }
      var t = TranscriptLine(.reply)
      t.text = PythonLiteral.trimmingLineEnd(line, literal)
      return t
    case 0x63:  // c
      guard line.matches("connect: ", at: start) else { break }
      if line.matches("to (", at: start + 9), let host = PythonLiteral.contents(line, from: start + 13) {
        var t = TranscriptLine(.sessionStart)
        t.peer = IPAddress.parse(line.slice(host))
        return t
      }
      return TranscriptLine(.info)
    case 0x64:  // d
      if line.matches("data: ", at: start) { return TranscriptLine(.info) }
    default:
      break
    }
    return TranscriptLine()
  }
}
