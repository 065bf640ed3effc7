import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// What a dialect reader makes of one transcript line, in the terms every dialect shares.
///
/// Readers only cut the line up; `TranscriptSession` gives it meaning (which command a reply
/// answers, how the session ends). Ranges point into the current line.
struct TranscriptLine {
  enum Kind: UInt8 {
    /// Not part of a transcript: the line stays ignored.
    case none
    /// Part of the transcript but without SMTP meaning (a TLS note, a summary line, a header).
    case info
    /// A new connection begins (swaks `=== Trying`, smtplib `connect: to`, Exchange `+`).
    case sessionStart
    /// A line the server wrote: a reply line, `250-...` or `250 ...` (see `codeOffset`).
    case reply
    /// One line the client wrote: a command, authentication data or a line of the message.
    case command
    /// Several lines the client wrote at once, as a Python literal with `\r\n` escapes
    /// (smtplib `send:`, the lab's raw pipelined writes).
    case escapedCommands
    /// A line that says how much message content was sent (swaks `-> 11 lines sent`).
    case contentSummary
    /// The server closed the connection (swaks `*** Remote host closed connection`).
    case serverClosed
    /// The client closed or dropped the connection (swaks `=== Dropping connection`).
    case clientClosed
    /// The connection ended and the transcript does not say who closed it (Exchange `-`).
    case sessionEnd
  }

  var kind: Kind = .none
  /// The payload: a reply from its code on, or what the client sent.
  var text: TextRange = .none
  /// Where the code of the reply's *last* line starts (hMailServer joins a multi-line reply on
  /// one line with `[nl]`); -1: at `text.start`.
  var codeOffset: Int = -1
  /// The peer's address when the line names it (session starts, CSV rows).
  var peer: IPAddress?
  /// The side that wrote the transcript, when this line tells it (Exim's arrows, CSV logs).
  var side: TranscriptSide?
  /// Keyed dialects (Exchange, hMailServer): the session the line belongs to; 0 otherwise.
  var stream: UInt64 = 0
  /// The line's own time stamp, if it has one.
  var time: LogTimestamp?
  /// Nothing marks who wrote the line: it was taken for a reply because it starts with a
  /// code (a telnet paste). Inside a message such a line is message content.
  var directionGuessed = false
  /// A reply line that counts only as the next line of a reply in progress (Exim's debug
  /// output prints the further lines of a multi-line reply indented, without the arrow).
  var continuesReply = false

  init(_ kind: Kind = .none) { self.kind = kind }

  init(_ kind: Kind, _ start: Int, _ end: Int) {
    self.kind = kind
    text = TextRange(start: start, end: end)
  }

  /// Where the reply code to parse starts.
  @inline(__always) var codeStart: Int { codeOffset >= 0 ? codeOffset : Int(text.start) }
}
