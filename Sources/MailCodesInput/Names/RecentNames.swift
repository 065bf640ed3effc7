import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Remembers names recently interned into a `ByteInterner`, to skip hashing them again.
///
/// Consecutive lines mostly repeat their host and cycle through a handful of syslog tags
/// (smtpd, cleanup, qmgr, smtp...). A direct-mapped cache of `slots` entries, indexed by a
/// cheap mix of the name's length and its first and last eight bytes, answers with one
/// inline comparison instead of a hash over every byte and a probe of the shared `NameTable`
/// (a class). Names are kept in one fixed allocation (no array per entry, no reference
/// counting per lookup); names longer than `slotSize` are not cached.
public final class RecentNames {
  private static let slotSize = 64
  private let mask: Int
  private let storage: UnsafeMutablePointer<UInt8>
  private let lengths: UnsafeMutablePointer<Int>
  private let ids: UnsafeMutablePointer<UInt32>

  /// - Parameter slots: a power of two.
  public init(slots: Int) {
    mask = slots - 1
    storage = .allocate(capacity: slots * RecentNames.slotSize)
    lengths = .allocate(capacity: slots)
    lengths.initialize(repeating: -1, count: slots)
    ids = .allocate(capacity: slots)
    ids.initialize(repeating: 0, count: slots)
  }

  deinit {
    storage.deallocate()
    lengths.deallocate()
    ids.deallocate()
  }

  /// The slot of the last name looked up: consecutive lines mostly have the same host.
  private var lastSlot = 0

  /// The id remembered for `name`, or nil: then intern it and `remember` it.
  ///
  /// A lookup and a `remember`, not one method taking the interning as a closure: the
  /// compiler specialized such a method per call site, and its copy retained and released
  /// this object on every call.
  @inline(__always) public func cached(_ name: ByteView) -> UInt32? {
    let n = name.count
    let p = name.base
    if lengths[lastSlot] == n, ByteScan.memcmpBytes(storage + lastSlot * RecentNames.slotSize, p, n) {
      return ids[lastSlot]
    }
    let slot = RecentNames.slot(p, n, mask)
    lastSlot = slot
    if lengths[slot] == n, ByteScan.memcmpBytes(storage + slot * RecentNames.slotSize, p, n) { return ids[slot] }
    return nil
  }

  /// Remembers `id` as the id of `name`.
  public func remember(_ name: ByteView, id: UInt32) {
    let n = name.count
    guard n <= RecentNames.slotSize else { return }
    let slot = RecentNames.slot(name.base, n, mask)
    (storage + slot * RecentNames.slotSize).update(from: name.base, count: n)
    lengths[slot] = n
    ids[slot] = id
  }

  /// The slot of a name of `n` bytes at `p`.
  @inline(__always) private static func slot(_ p: UnsafePointer<UInt8>, _ n: Int, _ mask: Int) -> Int {
    var key = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
    if n >= 8 {
      key ^= ByteScan.load(p, 0) ^ ByteScan.load(p, n - 8) &* 0xC2B2_AE3D_27D4_EB4F
    } else {
      for i in 0..<n { key ^= UInt64(p[i]) << (8 * i) }
    }
    key = key &* 0x94D0_49BB_1331_11EB
    return Int(truncatingIfNeeded: key >> 40) & mask
  }
}
