/// A count per `SMTPCommand`, stored inline (no allocation per session).
public struct CommandCounts: Sendable, Equatable {
  private var storage = SIMD32<UInt16>()

  public init() {}

  @inline(__always) public subscript(_ command: SMTPCommand) -> Int {
    get { Int(storage[Int(command.rawValue)]) }
    set { storage[Int(command.rawValue)] = UInt16(clamping: newValue) }
  }

  @inline(__always) public mutating func add(_ command: SMTPCommand, _ n: Int = 1) {
    self[command] = self[command] + n
  }

  public var total: Int { Int(storage.wrappedSum()) }
}
