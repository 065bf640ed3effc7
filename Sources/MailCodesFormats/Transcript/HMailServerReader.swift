import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads the SMTP rows of hMailServer's log.
///
/// A row is tab-separated: `"TYPE"  THREAD  SESSION  "YYYY-MM-DD hh:mm:ss.fff"  "IP"  "TEXT"`.
/// `"SMTPD"` rows are hMailServer as a server (`RECEIVED:` the client's command, `SENT:` our
/// reply: inbound), `"SMTPC"` rows hMailServer delivering (`SENT:` our command, `RECEIVED:`
/// the remote server's reply: outbound). A multi-line reply is one row, its lines joined with
/// `[nl]`; its code is that of the last line. Other rows (`"TCPIP"`, `"DEBUG"`, `"POP3D"`...)
/// are not part of the SMTP transcript.
enum HMailServerReader {
  static func read(_ line: ByteView, _ start: Int) -> TranscriptLine {
    let server: Bool
    if line.matches("\"SMTPD\"\t", at: start) {
      server = true
    } else if line.matches("\"SMTPC\"\t", at: start) {
      server = false
    } else {
      return TranscriptLine()
    }
    // Columns after the type: thread, session, time, address, text.
    var fields: (TextRange, TextRange, TextRange, TextRange, TextRange) = (.none, .none, .none, .none, .none)
    var i = start + 8
    let n = line.count
    for column in 0..<5 {
      guard i <= n else { return TranscriptLine() }
      let end = column == 4 ? n : (line.firstIndex(of: ASCII.tab, from: i) ?? n)
      var s = i
      var e = end
      if e - s >= 2, line[s] == ASCII.quote, line[e - 1] == ASCII.quote {
        s += 1
        e -= 1
      }
      let range = TextRange(start: s, end: e)
      switch column {
      case 0: fields.0 = range
      case 1: fields.1 = range
      case 2: fields.2 = range
      case 3: fields.3 = range
      default: fields.4 = range
      }
      i = end + 1
    }
    let text = fields.4
    let textStart = Int(text.start)
    var t: TranscriptLine
    let sent: Bool
    if line.matches("SENT: ", at: textStart) {
      sent = true
      t = TranscriptLine(.command, textStart + 6, text.end)
    } else if line.matches("RECEIVED: ", at: textStart) {
      sent = false
      t = TranscriptLine(.command, textStart + 10, text.end)
    } else {
      return TranscriptLine(.info)
    }
    if sent == server {
      t.kind = .reply
      if let joint = line.slice(0, text.end).lastRange(of: "[nl]"), joint >= Int(t.text.start) {
        t.codeOffset = joint + 4
      }
    }
    t.side = server ? .server : .client
    guard let session = line.slice(fields.1).decimal(at: 0) else { return TranscriptLine() }
    t.stream = UInt64(session.value) << 1 | (server ? 1 : 0)
    t.time = TimeStampPrefix.parseISO(line, at: Int(fields.2.start))?.0
    t.peer = IPAddress.parse(line.slice(fields.3))
    return t
  }
}
