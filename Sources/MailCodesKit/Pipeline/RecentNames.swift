#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Remembers the last few names interned into a `ByteInterner`, to skip hashing.
///
/// Consecutive lines mostly repeat their host and cycle through a handful of syslog tags
/// (smtpd, cleanup, qmgr, smtp...): a byte comparison with a recent name costs less than
/// hashing it, and spares the shared `NameTable` (a class) an access per line. Names are kept
/// in one fixed allocation (no array per entry, no reference counting per lookup).
final class RecentNames {
  private static let slotSize = 64
  private let capacity: Int
  private let storage: UnsafeMutablePointer<UInt8>
  private var lengths: UnsafeMutablePointer<Int>
  private var ids: UnsafeMutablePointer<UInt32>
  private var used = 0
  private var next = 0

  init(capacity: Int) {
    self.capacity = capacity
    storage = .allocate(capacity: capacity * RecentNames.slotSize)
    lengths = .allocate(capacity: capacity)
    ids = .allocate(capacity: capacity)
  }

  deinit {
    storage.deallocate()
    lengths.deallocate()
    ids.deallocate()
  }

  /// The id of `name`, interned through `intern` when it is not recent.
  @inline(__always) func id(_ name: ByteView, intern: (ByteView) -> UInt32) -> UInt32 {
    let n = name.count
    for i in 0..<used where lengths[i] == n && memcmp(storage + i * RecentNames.slotSize, name.base, n) == 0 {
      return ids[i]
    }
    let id = intern(name)
    guard n <= RecentNames.slotSize else { return id }
    let slot = used < capacity ? used : next
    if used < capacity { used += 1 } else { next = (next + 1) % capacity }
    (storage + slot * RecentNames.slotSize).update(from: name.base, count: n)
    lengths[slot] = n
    ids[slot] = id
    return id
  }
}
