/// Remembers what a pure function computed for recent short byte strings.
///
/// Log lines repeat their tails: a Postfix `disconnect` line ends in one of a few dozen
/// counter texts (`ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`). A direct-mapped table of
/// `slots` entries, indexed by a mix of the text's length and three of its 8-byte words,
/// answers a repeated text with one inline comparison instead of a parse. Texts longer than
/// `maxLength` are not cached. The function must depend on the bytes alone.
public final class BytesMemo<Value> {
  public let maxLength: Int
  private let mask: Int
  private let storage: UnsafeMutablePointer<UInt8>
  private let lengths: UnsafeMutablePointer<Int>
  private let values: UnsafeMutablePointer<Value>

  /// - Parameters:
  ///   - slots: a power of two.
  ///   - placeholder: the value empty slots hold (never returned).
  public init(slots: Int, maxLength: Int, placeholder: Value) {
    self.maxLength = maxLength
    mask = slots - 1
    storage = .allocate(capacity: slots * maxLength)
    lengths = .allocate(capacity: slots)
    lengths.initialize(repeating: -1, count: slots)
    values = .allocate(capacity: slots)
    values.initialize(repeating: placeholder, count: slots)
  }

  deinit {
    storage.deallocate()
    lengths.deallocate()
    values.deinitialize(count: mask + 1)
    values.deallocate()
  }

  /// `compute(text)`, from the table when `text` was seen recently.
  @inline(__always) public func value(for text: ByteView, _ compute: (ByteView) -> Value) -> Value {
    let n = text.count
    guard n <= maxLength else { return compute(text) }
    let p = text.base
    var key = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
    if n >= 8 {
      key ^=
        ByteScan.load(p, 0) ^ ByteScan.load(p, n - 8) &* 0xC2B2_AE3D_27D4_EB4F
        ^ ByteScan.load(p, (n - 8) / 2) &* 0x1656_67B1_9E37_79F9
    } else {
      for i in 0..<n { key ^= UInt64(p[i]) << (8 * i) }
    }
    key = key &* 0x94D0_49BB_1331_11EB
    let slot = Int(truncatingIfNeeded: key >> 40) & mask
    let stored = storage + slot * maxLength
    if lengths[slot] == n, ByteScan.memcmpBytes(stored, p, n) { return values[slot] }
    let value = compute(text)
    stored.update(from: p, count: n)
    lengths[slot] = n
    values[slot] = value
    return value
  }
}
