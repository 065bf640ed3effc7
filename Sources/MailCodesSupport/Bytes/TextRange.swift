/// A compact byte range inside the line an event came from.
///
/// Events carry ranges instead of strings so that parsing allocates nothing; a consumer that
/// needs the text asks the line for `line.slice(range)` while the line is still lent to it.
/// An empty range (`length == 0`) means "absent".
public struct TextRange: Hashable, Sendable {
  public var start: Int32
  public var length: Int32

  @inlinable @inline(__always) public init(start: Int, end: Int) {
    self.start = Int32(truncatingIfNeeded: start)
    self.length = Int32(truncatingIfNeeded: Swift.max(0, end - start))
  }

  public static let none = TextRange(start: 0, end: 0)

  @inlinable @inline(__always) public var isEmpty: Bool { length == 0 }
  @inlinable @inline(__always) public var end: Int { Int(start) + Int(length) }
}
