import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Maps short byte strings (addresses, domains) to dense ids, with no allocation per string:
/// the bytes go to one growing arena, the table holds ids by a hash of eight bytes at a time.
///
/// The message model meets mostly new addresses (a spam run's random senders): `ByteInterner`
/// allocates an array per name and hashes a byte at a time, which cost more than the rest of
/// the model's work per line. Bound: `capacity` names; past it, new names map to `overflowID`
/// and are counted in `overflowed`. Id 0 is the empty name.
struct ArenaInterner: Sendable {
  static let overflowID: UInt32 = .max
  let capacity: Int
  private(set) var overflowed = 0
  private var arena: [UInt8] = []
  /// Per id: start in the arena, and one past its end (`starts[id + 1]`).
  private var starts: [UInt32] = [0, 0]
  private var hashes: [UInt64] = [0]
  private var slots: [UInt32]
  private var mask: Int

  init(capacity: Int) {
    self.capacity = capacity
    slots = [UInt32](repeating: 0, count: 256)
    mask = 255
  }

  var count: Int { hashes.count - 1 }

  /// A hash of `bytes`, eight at a time.
  @inline(__always) static func hash(_ bytes: ByteView) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var i = 0
    let n = bytes.count
    while i + 8 <= n {
      h = (h ^ ByteScan.load(bytes.base, i)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 32
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < n {
      tail |= UInt64(bytes[i]) << shift
      shift += 8
      i += 1
    }
    return mix64(h ^ tail)
  }

  /// The id of `bytes`, adding it if new.
  @inline(__always) mutating func id(_ bytes: ByteView) -> UInt32 {
    bytes.count == 0 ? 0 : id(bytes, hash: ArenaInterner.hash(bytes))
  }

  mutating func id(_ bytes: ByteView, hash: UInt64) -> UInt32 {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let id = slots[slot]
      if id == 0 { break }
      if hashes[Int(id)] == hash, equal(id, bytes) { return id }
      slot = (slot + 1) & mask
    }
    guard count < capacity, arena.count + bytes.count < Int(UInt32.max) else {
      overflowed += 1
      return ArenaInterner.overflowID
    }
    let id = UInt32(hashes.count)
    arena.append(contentsOf: UnsafeBufferPointer(start: bytes.base, count: bytes.count))
    starts.append(UInt32(arena.count))
    hashes.append(hash)
    slots[slot] = id
    if hashes.count * 2 > slots.count { rehash() }
    return id
  }

  private func equal(_ id: UInt32, _ bytes: ByteView) -> Bool {
    let start = Int(starts[Int(id)])
    let end = Int(starts[Int(id) + 1])
    guard end - start == bytes.count else { return false }
    return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, bytes.base, bytes.count) == 0 }
  }

  private mutating func rehash() {
    let size = slots.count * 2
    var table = [UInt32](repeating: 0, count: size)
    let m = size - 1
    for id in 1..<hashes.count {
      var slot = Int(truncatingIfNeeded: hashes[id]) & m
      while table[slot] != 0 { slot = (slot + 1) & m }
      table[slot] = UInt32(id)
    }
    slots = table
    mask = m
  }

  /// The name of `id` ("" for 0, "(other)" for the overflow id); invalid UTF-8 reads as `\xNN`.
  func name(_ id: UInt32) -> String {
    if id == ArenaInterner.overflowID { return "(other)" }
    guard id > 0, Int(id) < hashes.count else { return "" }
    let start = Int(starts[Int(id)])
    let end = Int(starts[Int(id) + 1])
    return arena.withUnsafeBufferPointer {
      let bytes = ByteView(base: $0.baseAddress! + start, count: end - start)
      // ASCII (nearly every address) needs no repair: decoded as is, eight bytes tested at a time.
      var high: UInt64 = 0
      var i = 0
      while i + 8 <= bytes.count {
        high |= ByteScan.load(bytes.base, i)
        i += 8
      }
      while i < bytes.count {
        high |= UInt64(bytes[i])
        i += 1
      }
      if high & 0x8080_8080_8080_8080 == 0 {
        return String(decoding: UnsafeBufferPointer(start: bytes.base, count: bytes.count), as: UTF8.self)
      }
      return Sanitizer.visibleText(bytes)
    }
  }
}
