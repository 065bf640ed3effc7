/// The commands a client has sent and the server has not answered yet, oldest first.
///
/// SMTP servers answer in order (RFC 2920 pipelining keeps the order), so each final reply
/// answers the oldest pending command. Stored inline (no allocation): up to `capacity`
/// commands; beyond that only a count is kept, and the surplus is taken to be the same command
/// as the last one stored (a long pipelined run of RCPTs).
struct CommandQueue: Sendable {
  static let capacity = 64
  private var storage = SIMD64<UInt8>()
  private var head = 0
  private(set) var count = 0
  /// Commands pushed while the ring was full.
  private var overflow = 0
  private var overflowCommand: SMTPCommand = .none

  @inline(__always) var isEmpty: Bool { count == 0 && overflow == 0 }

  @inline(__always) mutating func push(_ command: SMTPCommand) {
    if count < CommandQueue.capacity, overflow == 0 {
      storage[(head + count) % CommandQueue.capacity] = command.rawValue
      count += 1
    } else {
      overflow += 1
      overflowCommand = command
    }
  }

  /// The oldest pending command, removed; nil when none is pending.
  @inline(__always) mutating func pop() -> SMTPCommand? {
    if count > 0 {
      let command = SMTPCommand(rawValue: storage[head]) ?? .unknown
      head = (head + 1) % CommandQueue.capacity
      count -= 1
      return command
    }
    if overflow > 0 {
      overflow -= 1
      return overflowCommand
    }
    return nil
  }

  /// The oldest pending command, left in place.
  @inline(__always) var first: SMTPCommand? {
    if count > 0 { return SMTPCommand(rawValue: storage[head]) }
    return overflow > 0 ? overflowCommand : nil
  }

  mutating func removeAll() {
    head = 0
    count = 0
    overflow = 0
  }
}
