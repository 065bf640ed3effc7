import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The commands a client has sent and the server has not answered yet, oldest first.
///
/// SMTP servers answer in order (RFC 2920 pipelining keeps the order), so each final reply
/// answers the oldest pending command. Stored inline (no allocation): up to `capacity`
/// commands one by one; beyond that as up to `overflowRuns` runs of the same command
/// (`RCPT` x 200, then `DATA`), the last run absorbing any further change of command.
struct CommandQueue: Sendable {
  static let capacity = 64
  static let overflowRuns = 8
  private var storage = SIMD64<UInt8>()
  private var head = 0
  private(set) var count = 0
  /// Commands pushed while the ring was full, as runs: command and length.
  private var runCommands = SIMD8<UInt8>()
  private var runLengths = SIMD8<UInt32>()
  private var runHead = 0
  private var runCount = 0

  @inline(__always) var isEmpty: Bool { count == 0 && runCount == 0 }

  @inline(__always) mutating func push(_ command: SMTPCommand) {
    if count < CommandQueue.capacity, runCount == 0 {
      storage[(head + count) % CommandQueue.capacity] = command.rawValue
      count += 1
      return
    }
    let last = (runHead + runCount - 1) % CommandQueue.overflowRuns
    if runCount > 0, runCommands[last] == command.rawValue || runCount == CommandQueue.overflowRuns {
      runLengths[last] &+= 1
      return
    }
    let slot = (runHead + runCount) % CommandQueue.overflowRuns
    runCommands[slot] = command.rawValue
    runLengths[slot] = 1
    runCount += 1
  }

  /// The oldest pending command, removed; nil when none is pending.
  @inline(__always) mutating func pop() -> SMTPCommand? {
    if count > 0 {
      let command = SMTPCommand(rawValue: storage[head]) ?? .unknown
      head = (head + 1) % CommandQueue.capacity
      count -= 1
      return command
    }
    guard runCount > 0 else { return nil }
    let command = SMTPCommand(rawValue: runCommands[runHead]) ?? .unknown
    runLengths[runHead] -= 1
    if runLengths[runHead] == 0 {
      runHead = (runHead + 1) % CommandQueue.overflowRuns
      runCount -= 1
    }
    return command
  }

  /// The oldest pending command, left in place.
  @inline(__always) var first: SMTPCommand? {
    if count > 0 { return SMTPCommand(rawValue: storage[head]) }
    return runCount > 0 ? SMTPCommand(rawValue: runCommands[runHead]) : nil
  }
}
