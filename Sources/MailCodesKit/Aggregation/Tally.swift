/// Counts per key with a bound on the number of distinct keys.
///
/// Past `limit` distinct keys, new keys are not stored: their counts go to `overflow` (and
/// `overflowedKeys` counts how many times that happened), so totals stay exact while memory
/// stays bounded. Merging adds counts key by key and keeps the bound.
public struct Tally<Key: Hashable & Sendable>: Sendable {
  public private(set) var counts: [Key: Int] = [:]
  public let limit: Int
  /// Increments that did not fit (their keys were not stored).
  public private(set) var overflow = 0

  public init(limit: Int = .max) { self.limit = limit }

  @inline(__always) public mutating func add(_ key: Key, _ n: Int = 1) {
    if counts.count < limit {
      // Below the bound a new key is always stored: one hash lookup does both cases.
      counts[key, default: 0] += n
    } else if let index = counts.index(forKey: key) {
      counts.values[index] += n
    } else {
      overflow += n
    }
  }

  /// Makes room for `n` distinct keys in all (building a summary whose size is known).
  mutating func reserveCapacity(_ n: Int) {
    counts.reserveCapacity(Swift.min(n, limit))
  }

  public mutating func merge(_ other: Tally<Key>) {
    for (key, n) in other.counts { add(key, n) }
    overflow += other.overflow
  }

  public var total: Int { counts.values.reduce(0, +) + overflow }
  public var isEmpty: Bool { counts.isEmpty && overflow == 0 }

  public subscript(_ key: Key) -> Int { counts[key] ?? 0 }

  /// Rows sorted by count (descending), ties broken by `areInIncreasingOrder` on keys.
  public func sorted(by areInIncreasingOrder: (Key, Key) -> Bool) -> [(key: Key, count: Int)] {
    counts.map { (key: $0.key, count: $0.value) }.sorted { a, b in
      a.count != b.count ? a.count > b.count : areInIncreasingOrder(a.key, b.key)
    }
  }
}
