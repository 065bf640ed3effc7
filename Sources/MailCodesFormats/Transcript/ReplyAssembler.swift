import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Joins the lines of a multi-line reply (`250-...` ... `250 ...`) into one reply.
///
/// RFC 5321 §4.2.1: every line but the last has a dash after the code, and all lines carry
/// the same code. The reply is complete at its last line; the event is made there (its line is
/// the last line, `firstLine` the first). A continuation whose code differs from the lines
/// before it means the server gave up the earlier reply: postscreen sends a `220-` teaser and,
/// when the client talks first, never the final `220 ` line. That unfinished reply is
/// *abandoned*: it is not a reply of its own.
struct ReplyAssembler: Sendable {
  /// Line number of the first line of the reply in progress; 0 when none is in progress.
  private(set) var firstLine = 0
  private(set) var code: UInt16 = 0

  /// What one reply line did.
  struct Step {
    /// A reply in progress was given up (the caller decides what it answered).
    var abandoned = false
    /// This line completed a reply.
    var complete = false
    /// For a completed reply written over several lines: its first line; 0 otherwise.
    var firstLine = 0
  }

  @inline(__always) var inProgress: Bool { firstLine != 0 }

  /// Adds a reply line with `code`; `isLast` when the code is followed by a space or nothing.
  @inline(__always) mutating func add(_ code: ReplyCode, isLast: Bool, line: Int) -> Step {
    var step = Step()
    if firstLine != 0, self.code != code.rawValue {
      step.abandoned = true
      firstLine = 0
    }
    if isLast {
      step.complete = true
      if firstLine != 0, firstLine != line { step.firstLine = firstLine }
      firstLine = 0
      self.code = 0
    } else if firstLine == 0 {
      firstLine = line
      self.code = code.rawValue
    }
    return step
  }

  /// Forgets a reply in progress (the connection ended in the middle of it).
  mutating func reset() {
    firstLine = 0
    code = 0
  }
}
