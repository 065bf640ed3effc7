/// A key with a cheap 64-bit hash, for `FastDictionary`.
///
/// Swift's `Hasher` (SipHash, seeded per process) protects against hash flooding, at about
/// 100 instructions per lookup. The engine's per-line tables are keyed by values the engine
/// builds itself (session keys, packed reply keys, addresses) and are bounded, so a
/// multiply-xorshift mix is enough; an adversarial log can at worst make probing longer, never
/// unbounded memory.
public protocol FastHashable: Equatable {
  var fastHash: UInt64 { get }
}

@inline(__always) func mix64(_ x: UInt64) -> UInt64 {
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

extension IPAddress: FastHashable {
  @inline(__always) public var fastHash: UInt64 { mix64(high ^ mix64(low)) }
}

/// An open-addressing hash table (linear probing, power-of-two capacity) for hot per-line
/// lookups. Removal uses backward-shift deletion, so no tombstones accumulate.
public struct FastDictionary<Key: FastHashable, Value> {
  private var keys: [Key?]
  private var values: [Value?]
  private var mask: Int
  public private(set) var count = 0

  public init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [Key?](repeating: nil, count: size)
    values = [Value?](repeating: nil, count: size)
    mask = size - 1
  }

  public var isEmpty: Bool { count == 0 }

  @inline(__always) private func slot(of key: Key) -> (index: Int, found: Bool) {
    var i = Int(truncatingIfNeeded: key.fastHash) & mask
    while true {
      guard let k = keys[i] else { return (i, false) }
      if k == key { return (i, true) }
      i = (i + 1) & mask
    }
  }

  public subscript(_ key: Key) -> Value? {
    @inline(__always) get {
      let (i, found) = slot(of: key)
      return found ? values[i] : nil
    }
    set {
      if let newValue {
        let (i, found) = slot(of: key)
        if found {
          values[i] = newValue
        } else {
          keys[i] = key
          values[i] = newValue
          count += 1
          if count * 2 > keys.count { grow() }
        }
      } else {
        remove(key)
      }
    }
  }

  /// Adds `n` to the value for `key` (0 when absent); returns false when `key` was new and
  /// `limit` distinct keys were already stored (then nothing is added).
  @inline(__always) @discardableResult
  public mutating func add(_ key: Key, _ n: Int, limit: Int = .max) -> Bool where Value == Int {
    let (i, found) = slot(of: key)
    if found {
      values[i] = values[i]! + n
      return true
    }
    guard count < limit else { return false }
    keys[i] = key
    values[i] = n
    count += 1
    if count * 2 > keys.count { grow() }
    return true
  }

  @discardableResult
  public mutating func remove(_ key: Key) -> Value? {
    var (i, found) = slot(of: key)
    guard found else { return nil }
    let removed = values[i]
    keys[i] = nil
    values[i] = nil
    count -= 1
    // Backward-shift: move later entries of the probe run into the hole.
    var j = (i + 1) & mask
    while let k = keys[j] {
      let home = Int(truncatingIfNeeded: k.fastHash) & mask
      let distanceHole = (j - home) & mask
      let distanceI = (j - i) & mask
      if distanceHole >= distanceI {
        keys[i] = k
        values[i] = values[j]
        keys[j] = nil
        values[j] = nil
        i = j
      }
      j = (j + 1) & mask
    }
    found = false
    return removed
  }

  public mutating func removeAll() {
    keys = [Key?](repeating: nil, count: 16)
    values = [Value?](repeating: nil, count: 16)
    mask = 15
    count = 0
  }

  private mutating func grow() {
    let oldKeys = keys, oldValues = values
    let size = keys.count * 2
    keys = [Key?](repeating: nil, count: size)
    values = [Value?](repeating: nil, count: size)
    mask = size - 1
    for (k, v) in zip(oldKeys, oldValues) {
      guard let k else { continue }
      var i = Int(truncatingIfNeeded: k.fastHash) & mask
      while keys[i] != nil { i = (i + 1) & mask }
      keys[i] = k
      values[i] = v
    }
  }

  /// Every entry (unordered).
  public var entries: [(key: Key, value: Value)] {
    var out: [(key: Key, value: Value)] = []
    out.reserveCapacity(count)
    for (k, v) in zip(keys, values) {
      if let k, let v { out.append((k, v)) }
    }
    return out
  }
}

extension FastDictionary: Sendable where Key: Sendable, Value: Sendable {}
