#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Maps short byte strings (host names, syslog tags, domains) to small integer ids.
///
/// Lookups hash the borrowed bytes (FNV-1a) and compare with `memcmp`, so a repeated name
/// costs no allocation; only a new name is copied. The last name looked up is remembered,
/// because consecutive log lines mostly share their host and often their tag. Id 0 is the
/// empty name. The table is bounded by `capacity`: past it, new names map to `overflowID`
/// and are counted in `overflowed`.
public struct ByteInterner: Sendable {
  public static let overflowID: UInt32 = .max
  public let capacity: Int
  public private(set) var overflowed = 0
  private var names: [[UInt8]] = [[]]
  private var slots: [UInt32]  // 0 = empty, else id
  private var mask: Int
  private var lastID: UInt32 = 0
  private var lastHash: UInt64 = 0

  public init(capacity: Int = 1 << 20) {
    self.capacity = capacity
    slots = [UInt32](repeating: 0, count: 64)
    mask = 63
  }

  public var count: Int { names.count - 1 }

  /// The id of `bytes`, adding it if new.
  public mutating func id(_ bytes: ByteView) -> UInt32 {
    if bytes.count == 0 { return 0 }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for i in 0..<bytes.count { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01b3 }
    if h == lastHash, lastID != 0, equal(lastID, bytes) { return lastID }
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let id = slots[slot]
      if id == 0 { break }
      if equal(id, bytes) {
        lastID = id
        lastHash = h
        return id
      }
      slot = (slot + 1) & mask
    }
    guard names.count <= capacity else {
      overflowed += 1
      return ByteInterner.overflowID
    }
    let id = UInt32(names.count)
    names.append(bytes.bytes)
    slots[slot] = id
    if names.count * 2 > slots.count { rehash() }
    lastID = id
    lastHash = h
    return id
  }

  /// The id of `text`, adding it if new.
  public mutating func id(_ text: String) -> UInt32 {
    withByteView(text) { id($0) }
  }

  /// The name for `id` ("" for 0, "(other)" for the overflow id); invalid UTF-8 in it reads as
  /// `\xNN` (`Sanitizer.visibleText`).
  public func name(_ id: UInt32) -> String {
    if id == ByteInterner.overflowID { return "(other)" }
    guard Int(id) < names.count else { return "" }
    return names[Int(id)].withUnsafeBufferPointer { b in
      Sanitizer.visibleText(ByteView(base: b.baseAddress ?? ByteView.empty.base, count: b.count))
    }
  }

  /// The raw bytes for `id`.
  public func bytes(_ id: UInt32) -> [UInt8] {
    guard Int(id) < names.count else { return [] }
    return names[Int(id)]
  }

  private func equal(_ id: UInt32, _ bytes: ByteView) -> Bool {
    let stored = names[Int(id)]
    guard stored.count == bytes.count else { return false }
    return stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.base, bytes.count) == 0 }
  }

  private mutating func rehash() {
    let newCount = slots.count * 2
    var newSlots = [UInt32](repeating: 0, count: newCount)
    let newMask = newCount - 1
    for id in 1..<names.count {
      var h: UInt64 = 0xcbf2_9ce4_8422_2325
      for b in names[id] { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
      var slot = Int(truncatingIfNeeded: h) & newMask
      while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
      newSlots[slot] = UInt32(id)
    }
    slots = newSlots
    mask = newMask
  }
}
