import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A count per `SMTPCommand`, stored inline (no allocation per session).
///
/// 20 slots of 16 bits packed in five integers: cheap to copy and to update, unlike a SIMD
/// vector indexed at run time. Counts saturate at 65535.
public struct CommandCounts: Sendable, Equatable {
  private var words: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)

  public init() {}

  @inline(__always) public subscript(_ command: SMTPCommand) -> Int {
    get {
      let i = Int(command.rawValue)
      return withUnsafeBytes(of: words) { Int($0.load(fromByteOffset: i * 2, as: UInt16.self)) }
    }
    set {
      let i = Int(command.rawValue)
      let value = UInt16(clamping: newValue)
      withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: value, toByteOffset: i * 2, as: UInt16.self) }
    }
  }

  @inline(__always) public mutating func add(_ command: SMTPCommand, _ n: Int = 1) {
    self[command] = self[command] + n
  }

  public var total: Int {
    var sum = 0
    for c in SMTPCommand.everyCase { sum += self[c] }
    return sum
  }

  public static func == (a: CommandCounts, b: CommandCounts) -> Bool {
    a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
      && a.words.4 == b.words.4
  }
}
