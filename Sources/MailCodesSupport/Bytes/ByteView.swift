#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// A borrowed, read-only view of bytes: one log line, or a part of one.
///
/// A `ByteView` never owns its memory. Views of a line handed out by `LineReader` are valid
/// only during the callback that receives them: the reader reuses its buffer for the next
/// chunk. Whatever must outlive a line is copied (`String(decoding:)`, `Array`) or interned.
///
/// Indices are plain `Int` offsets from the start of the view. Lookups return `nil` rather
/// than trapping when the requested bytes are not there, because every input byte is
/// untrusted. The subscript is unchecked in release builds; every caller bounds its index
/// by `count` first.
public struct ByteView: @unchecked Sendable {
  public let base: UnsafePointer<UInt8>
  public let count: Int

  @inlinable @inline(__always) public init(base: UnsafePointer<UInt8>, count: Int) {
    self.base = base
    self.count = count
  }

  /// An empty view that points at valid static memory.
  public static var empty: ByteView { ByteView(base: emptyByte, count: 0) }

  @inlinable @inline(__always) public subscript(_ index: Int) -> UInt8 {
    assert(index >= 0 && index < count, "ByteView index out of range")
    return base[index]
  }

  @inlinable @inline(__always) public var isEmpty: Bool { count == 0 }

  /// The byte at `index`, or 0 when `index` is outside the view.
  @inlinable @inline(__always) public func byte(at index: Int) -> UInt8 {
    (index >= 0 && index < count) ? base[index] : 0
  }

  /// The bytes in `start..<end`, clamped to the view.
  @inlinable @inline(__always) public func slice(_ start: Int, _ end: Int) -> ByteView {
    let s = Swift.max(0, Swift.min(start, count))
    let e = Swift.max(s, Swift.min(end, count))
    return ByteView(base: base + s, count: e - s)
  }

  /// The bytes from `start` to the end of the view.
  @inlinable @inline(__always) public func suffix(from start: Int) -> ByteView { slice(start, count) }

  /// The bytes of a `TextRange` of this view.
  @inlinable @inline(__always) public func slice(_ range: TextRange) -> ByteView {
    slice(Int(range.start), Int(range.start) + Int(range.length))
  }

  /// The first index of `byte` at or after `from`.
  ///
  /// The first 32 bytes are searched a word at a time (most searches in a line end there,
  /// and a call to `memchr` costs as much as such a scan); `memchr` takes the rest.
  @inlinable @inline(__always) public func firstIndex(of byte: UInt8, from: Int = 0) -> Int? {
    guard from < count, from >= 0 else { return nil }
    let near = Swift.min(count, from + 32)
    let i = ByteScan.first(byte, in: base, from: from, end: near)
    if i < near { return i }
    guard near < count, let found = memchr(base + near, Int32(byte), count - near) else { return nil }
    return found.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
  }

  /// The last index of `byte` before `before` (exclusive), scanning backwards.
  @inlinable @inline(__always) public func lastIndex(of byte: UInt8, before: Int? = nil) -> Int? {
    var i = Swift.min(before ?? count, count) - 1
    while i >= 0 {
      if base[i] == byte { return i }
      i -= 1
    }
    return nil
  }

  /// Whether the view holds `literal` at `offset`.
  ///
  /// Compared inline with word loads (`ByteScan.memcmpBytes`): a call to `memcmp` costs more
  /// than the comparison of the short literals the parsers test at every line.
  @inlinable @inline(__always) public func matches(_ literal: StaticString, at offset: Int) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard offset >= 0, offset + n <= count else { return false }
    return ByteScan.memcmpBytes(base + offset, literal.utf8Start, n)
  }

  /// Whether the view holds `other` at `offset`.
  @inlinable @inline(__always) public func matches(_ other: ByteView, at offset: Int) -> Bool {
    guard offset >= 0, offset + other.count <= count else { return false }
    return ByteScan.memcmpBytes(base + offset, other.base, other.count)
  }

  /// Whether the view starts with `literal`.
  @inlinable @inline(__always) public func hasPrefix(_ literal: StaticString) -> Bool { matches(literal, at: 0) }

  /// Whether the view ends with `literal`.
  @inlinable @inline(__always) public func hasSuffix(_ literal: StaticString) -> Bool {
    matches(literal, at: count - literal.utf8CodeUnitCount)
  }

  /// The first offset at or after `from` where `literal` starts, or `nil` (also for a
  /// negative `from`).
  ///
  /// Candidates are found 16 positions at a time on the literal's first two bytes
  /// (`ByteScan.find`), so a literal that starts with a common byte (` from `) costs no more
  /// than one that starts with a rare one.
  @inlinable @inline(__always)
  public func firstRange(of literal: StaticString, from: Int = 0) -> Int? {
    let n = literal.utf8CodeUnitCount
    guard n > 0 else { return from }
    guard from >= 0 else { return nil }
    return ByteScan.find(literal.utf8Start, n, in: base, count: count, from: from)
  }

  /// The last offset where `literal` starts, or `nil`.
  ///
  /// Positions are tested on the first byte before the rest is compared (no call per byte).
  public func lastRange(of literal: StaticString, before: Int? = nil) -> Int? {
    let n = literal.utf8CodeUnitCount
    var i = Swift.min(before ?? count, count) - n
    guard n > 0 else { return i >= 0 ? i : nil }
    let l = literal.utf8Start
    let first = l[0]
    while i >= 0 {
      if base[i] == first, ByteScan.memcmpBytes(base + i + 1, l + 1, n - 1) { return i }
      i -= 1
    }
    return nil
  }

  /// Case-insensitive (ASCII) comparison with an upper-case or lower-case `literal`.
  public func matchesIgnoringCase(_ literal: StaticString, at offset: Int) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard offset >= 0, offset + n <= count else { return false }
    let p = literal.utf8Start
    for i in 0..<n where ASCII.lowercased(base[offset + i]) != ASCII.lowercased(p[i]) {
      return false
    }
    return true
  }

  /// Parses the unsigned decimal number at `offset`; returns the value and the index after it.
  @inlinable @inline(__always) public func decimal(at offset: Int, maxDigits: Int = 18) -> (value: Int, end: Int)? {
    var i = offset
    var value = 0
    while i < count, i - offset < maxDigits, ASCII.isDigit(base[i]) {
      value = value &* 10 &+ Int(base[i] &- ASCII.zero)
      i += 1
    }
    return i > offset ? (value, i) : nil
  }

  /// The index of the first byte at or after `from` that is not a space.
  @inlinable @inline(__always) public func skippingSpaces(from: Int) -> Int {
    var i = from
    while i < count, base[i] == ASCII.space { i += 1 }
    return i
  }

  /// A `TextRange` for `start..<end` of this view.
  @inlinable @inline(__always) public func range(_ start: Int, _ end: Int) -> TextRange {
    TextRange(start: start, end: end)
  }

  /// Copies the bytes into a `String` that loses nothing: each byte of invalid UTF-8 becomes
  /// the text `\xNN` (`Sanitizer.visibleText`), never a U+FFFD that hides which byte it was.
  public var string: String { Sanitizer.visibleText(self) }

  /// Copies the bytes into an array.
  public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

  /// Whether the bytes equal `other` byte for byte.
  public func elementsEqual(_ other: ByteView) -> Bool {
    count == other.count && (count == 0 || memcmp(base, other.base, count) == 0)
  }
}

/// One static byte for empty views to point at (a `StaticString`'s storage never moves).
@usableFromInline let emptyByteLiteral: StaticString = "\0"
@usableFromInline var emptyByte: UnsafePointer<UInt8> { emptyByteLiteral.utf8Start }

/// Runs `body` with a `ByteView` of the UTF-8 bytes of `text` (for tests and small inputs).
public func withByteView<R>(_ text: String, _ body: (ByteView) throws -> R) rethrows -> R {
  var copy = text
  return try copy.withUTF8 { buffer in
    guard let base = buffer.baseAddress else { return try body(.empty) }
    return try body(ByteView(base: base, count: buffer.count))
  }
}

/// Runs `body` with a `ByteView` of `bytes`.
public func withByteView<R>(_ bytes: [UInt8], _ body: (ByteView) throws -> R) rethrows -> R {
  try bytes.withUnsafeBufferPointer { buffer in
    guard let base = buffer.baseAddress else { return try body(.empty) }
    return try body(ByteView(base: base, count: buffer.count))
  }
}
