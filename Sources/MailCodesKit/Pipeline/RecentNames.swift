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
/// hashing it, and spares the shared `NameTable` (a class) an access per line.
struct RecentNames {
  private struct Entry {
    var bytes: [UInt8]
    var id: UInt32
  }

  private var entries: [Entry] = []
  private var next = 0
  let capacity: Int

  init(capacity: Int) { self.capacity = capacity }

  /// The id of `name`, interned through `intern` when it is not recent.
  @inline(__always) mutating func id(_ name: ByteView, intern: (ByteView) -> UInt32) -> UInt32 {
    for i in 0..<entries.count {
      let e = entries[i]
      if e.bytes.count == name.count, e.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, name.base, name.count) == 0 }) {
        return e.id
      }
    }
    let id = intern(name)
    guard name.count <= 128 else { return id }
    let entry = Entry(bytes: name.bytes, id: id)
    if entries.count < capacity {
      entries.append(entry)
    } else {
      entries[next] = entry
      next = (next + 1) % capacity
    }
    return id
  }
}
