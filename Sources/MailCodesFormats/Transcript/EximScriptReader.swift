import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads the output of Exim's test-suite client (`test/src/client.c`), the `>>>` / `<<<`
/// transcripts of the Exim test scripts.
///
/// `Connecting to HOST port PORT ... connected` starts a connection, `>>> TEXT` is what the
/// client sent (a command or a line of the message), `<<< TEXT` what it received, and
/// `??? 250` is the script's *expectation* of the next reply, not a reply: a script that
/// expects `??? 554` says nothing about what the server sent. `End of script` ends the run.
enum EximScriptReader {
  static func read(_ line: ByteView, _ start: Int) -> TranscriptLine {
    let n = line.count
    if line.matches("<<< ", at: start) {
      let p = start + 4
      return ReplyText.looksLikeReply(line, at: p, end: n) ? TranscriptLine(.reply, p, n) : TranscriptLine(.info)
    }
    if line.matches(">>> ", at: start) { return TranscriptLine(.command, start + 4, n) }
    if line.matches("??? ", at: start) || line.matches("+++ ", at: start) || line.matches("*** ", at: start) {
      return TranscriptLine(.info)
    }
    if line.matches("Connecting to ", at: start) {
      var t = TranscriptLine(.sessionStart)
      if let port = line.firstRange(of: " port ", from: start + 14) {
        t.peer = IPAddress.parse(line.slice(start + 14, port))
      }
      return t
    }
    if line.matches("End of script", at: start) { return TranscriptLine(.sessionEnd) }
    return TranscriptLine()
  }
}
