/// A key with a cheap 64-bit hash, for `FastDictionary`.
///
/// Swift's `Hasher` (SipHash, seeded per process) protects against hash flooding, at about
/// 100 instructions per lookup. The engine's per-line tables are keyed by values the engine
/// builds itself (session keys, packed reply keys, addresses) and are bounded, so a
/// multiply-xorshift mix is enough; an adversarial log can at worst make probing longer, never
/// unbounded memory.
///
/// Contract: equal keys have equal hashes, and every bit of the hash is well mixed (the table
/// uses the low bits for the slot and the high bits as a tag).
public protocol FastHashable: Equatable {
  var fastHash: UInt64 { get }
}

@inline(__always) public func mix64(_ x: UInt64) -> UInt64 {
  var z = x &+ 0x9E37_79B9_7F4A_7C15
  z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
  z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
  return z ^ (z >> 31)
}

extension UInt64: FastHashable {
  @inline(__always) public var fastHash: UInt64 { mix64(self) }
}

extension Int64: FastHashable {
  @inline(__always) public var fastHash: UInt64 { mix64(UInt64(bitPattern: self)) }
}

extension UInt32: FastHashable {
  @inline(__always) public var fastHash: UInt64 { mix64(UInt64(self)) }
}

/// An open-addressing hash table (linear probing, power-of-two capacity) for hot per-line
/// lookups. Removal uses backward-shift deletion, so no tombstones accumulate.
///
/// Performance: a one-byte tag per slot (the top byte of the hash, never 0; 0 marks an empty
/// slot) in one dense array, and each key with its value in a second one, both managed by
/// hand: a probe compares tags first and a key only when its tag matches (1 in 128 others
/// passes the tag), a lookup in a table larger than the caches touches two cache lines (the
/// tag, the entry) rather than three, the tags of the per-client tables (a few hundred
/// thousand slots) stay in the L2 cache (with 32-bit tags they did not: 6 % more time for
/// `analyze` of 1 GB), and a write checks uniqueness once (copy on write, like the standard
/// collections).
public struct FastDictionary<Key: FastHashable, Value> {
  private var storage: FastDictionaryStorage<Key, Value>

  public init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    storage = FastDictionaryStorage(size: size)
  }

  public var count: Int { storage.count }
  public var isEmpty: Bool { storage.count == 0 }

  @inline(__always) private mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(size: storage.mask + 1) }
  }

  public subscript(_ key: Key) -> Value? {
    @inline(__always) get {
      let (i, found) = storage.slot(of: key)
      return found ? storage.entries[i].value : nil
    }
    set {
      if let newValue {
        makeUnique()
        storage.insert(key, newValue)
        growIfNeeded()
      } else {
        remove(key)
      }
    }
  }

  /// Stores `value` for `key` with one probe; returns the value it replaced.
  @inline(__always) @discardableResult
  public mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
    makeUnique()
    let s = storage
    let (i, found) = s.slot(of: key)
    if found {
      let old = s.entries[i].value
      s.entries[i].value = value
      return old
    }
    s.place(at: i, key, value)
    growIfNeeded()
    return nil
  }

  /// Adds `n` to the value for `key` (0 when absent); returns false when `key` was new and
  /// `limit` distinct keys were already stored (then nothing is added).
  @inline(__always) @discardableResult
  public mutating func add(_ key: Key, _ n: Int, limit: Int = .max) -> Bool where Value == Int {
    makeUnique()
    let s = storage
    let (i, found) = s.slot(of: key)
    if found {
      s.entries[i].value &+= n
      return true
    }
    guard s.count < limit else { return false }
    s.place(at: i, key, n)
    growIfNeeded()
    return true
  }

  @discardableResult
  public mutating func remove(_ key: Key) -> Value? {
    makeUnique()
    let (i, found) = storage.slot(of: key)
    guard found else { return nil }
    return storage.remove(at: i)
  }

  public mutating func removeAll() {
    storage = FastDictionaryStorage(size: 16)
  }

  /// Every entry (unordered).
  public var entries: [(key: Key, value: Value)] {
    var out: [(key: Key, value: Value)] = []
    out.reserveCapacity(storage.count)
    storage.forEach { out.append(($0, $1)) }
    return out
  }

  /// Calls `body` with every entry (unordered), without building an array.
  public func forEach(_ body: (Key, Value) throws -> Void) rethrows {
    try storage.forEach(body)
  }
}

/// The slots of a `FastDictionary`: tags in one unsafe buffer, entries (key and value) in
/// another.
public final class FastDictionaryStorage<Key: FastHashable, Value> {
  public struct Entry {
    public var key: Key
    public var value: Value
  }

  public let tags: UnsafeMutablePointer<UInt8>
  public let entries: UnsafeMutablePointer<Entry>
  public let mask: Int
  public var count = 0

  public init(size: Int) {
    tags = .allocate(capacity: size)
    tags.initialize(repeating: 0, count: size)
    entries = .allocate(capacity: size)
    mask = size - 1
  }

  deinit {
    // Trivial keys and values (integers, addresses) need no per-slot deinitialization.
    if !_isPOD(Entry.self) {
      for i in 0...mask where tags[i] != 0 { (entries + i).deinitialize(count: 1) }
    }
    tags.deallocate()
    entries.deallocate()
  }

  @inline(__always) public static func tag(_ hash: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: hash >> 56) | 1 }

  /// The slot holding `key`, or the empty slot where it would go.
  @inline(__always) public func slot(of key: Key) -> (index: Int, found: Bool) {
    let h = key.fastHash
    let tag = FastDictionaryStorage.tag(h)
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let t = tags[i]
      if t == 0 { return (i, false) }
      if t == tag, entries[i].key == key { return (i, true) }
      i = (i + 1) & mask
    }
  }

  /// Stores a new key in the empty slot `i` found by `slot(of:)`; may grow the table (the
  /// caller must not reuse `i` afterwards).
  @inline(__always) public func place(at i: Int, _ key: Key, _ value: Value) {
    tags[i] = FastDictionaryStorage.tag(key.fastHash)
    (entries + i).initialize(to: Entry(key: key, value: value))
    count += 1
  }

  public func insert(_ key: Key, _ value: Value) {
    let (i, found) = slot(of: key)
    if found {
      entries[i].value = value
    } else {
      place(at: i, key, value)
    }
  }

  /// Removes the entry in slot `i` with backward-shift deletion.
  public func remove(at slot: Int) -> Value {
    var i = slot
    let removed = (entries + i).move().value
    tags[i] = 0
    count -= 1
    // Backward-shift: move later entries of the probe run into the hole.
    var j = (i + 1) & mask
    while tags[j] != 0 {
      let home = Int(truncatingIfNeeded: entries[j].key.fastHash) & mask
      if (j - home) & mask >= (j - i) & mask {
        tags[i] = tags[j]
        (entries + i).moveInitialize(from: entries + j, count: 1)
        tags[j] = 0
        i = j
      }
      j = (j + 1) & mask
    }
    return removed
  }

  /// A copy with `size` slots (a power of two, at least twice the count).
  public func copy(size: Int) -> FastDictionaryStorage {
    let new = FastDictionaryStorage(size: size)
    for i in 0...mask where tags[i] != 0 {
      var j = Int(truncatingIfNeeded: entries[i].key.fastHash) & new.mask
      while new.tags[j] != 0 { j = (j + 1) & new.mask }
      new.tags[j] = tags[i]
      (new.entries + j).initialize(to: entries[i])
    }
    new.count = count
    return new
  }

  @inline(__always) public func forEach(_ body: (Key, Value) throws -> Void) rethrows {
    for i in 0...mask where tags[i] != 0 { try body(entries[i].key, entries[i].value) }
  }
}

extension FastDictionary {
  /// Grows the table when it is more than half full (called after inserts).
  @inline(__always) fileprivate mutating func growIfNeeded() {
    if storage.count * 2 > storage.mask + 1 { storage = storage.copy(size: (storage.mask + 1) * 2) }
  }
}

extension FastDictionary: @unchecked Sendable where Key: Sendable, Value: Sendable {}
