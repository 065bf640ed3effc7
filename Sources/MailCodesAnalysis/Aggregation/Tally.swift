import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Counts per key with a bound on the number of distinct keys.
///
/// Past `limit` distinct keys, new keys are not stored: their counts go to `overflow` (and
/// `overflowedKeys` counts how many times that happened), so totals stay exact while memory
/// stays bounded. Merging adds counts key by key and keeps the bound.
///
/// Performance: rows are kept as an array of distinct keys; the key-to-row index (a
/// dictionary, so a hash per key) is built only when a lookup needs it. A summary is built
/// from tables whose keys are already distinct (`appendDistinct`) and then read in full
/// (reports, JSON): hundreds of thousands of client rows never need hashing, which costs more
/// than the rest of their conversion together. `counts` builds a dictionary on each access:
/// read it once, not in a loop.
public struct Tally<Key: Hashable & Sendable>: Sendable {
  /// Distinct keys and their counts, in the order the keys were first counted.
  @usableFromInline var rows: [(key: Key, count: Int)] = []
  /// The row of each key, or nil until a lookup needs it.
  private var index: [Key: Int]? = [:]
  public let limit: Int
  /// Increments that did not fit (their keys were not stored).
  public private(set) var overflow = 0

  public init(limit: Int = .max) { self.limit = limit }

  /// The counts per key.
  public var counts: [Key: Int] {
    Dictionary(rows.lazy.map { ($0.key, $0.count) }, uniquingKeysWith: +)
  }

  @inline(__always) public mutating func add(_ key: Key, _ n: Int = 1) {
    if index == nil { buildIndex() }
    if let row = index![key] {
      rows[row].count += n
    } else if rows.count < limit {
      index![key] = rows.count
      rows.append((key, n))
    } else {
      overflow += n
    }
  }

  /// Adds to a key that stands for the keys a full table kept out (`Summary.other`): stored
  /// even past `limit` (there is one such key per kind of row, a bounded number).
  public mutating func addBeyondLimit(_ key: Key, _ n: Int) {
    if index == nil { buildIndex() }
    if let row = index![key] {
      rows[row].count += n
    } else {
      index![key] = rows.count
      rows.append((key, n))
    }
  }

  /// Adds a key that is not in the tally yet (the caller knows: its keys come from a table
  /// of distinct keys), without hashing it.
  mutating func appendDistinct(_ key: Key, _ n: Int) {
    guard rows.count < limit else {
      overflow += n
      return
    }
    index = nil
    rows.append((key, n))
  }

  private mutating func buildIndex() {
    var built: [Key: Int] = [:]
    built.reserveCapacity(rows.count)
    for (row, entry) in rows.enumerated() { built[entry.key] = row }
    index = built
  }

  /// Makes room for `n` distinct keys in all (building a summary whose size is known).
  mutating func reserveCapacity(_ n: Int) {
    rows.reserveCapacity(Swift.min(n, limit))
  }

  /// Every key and its count, in the order keys were first counted (the stored array: no
  /// copy, no hashing).
  public var entries: [(key: Key, count: Int)] { rows }

  /// The number of distinct keys.
  var distinctCount: Int { rows.count }

  public mutating func merge(_ other: Tally<Key>) {
    for row in other.rows { add(row.key, row.count) }
    overflow += other.overflow
  }

  /// Adds `other`'s counts; a count whose key finds the tally full goes to
  /// `overflowKey(key)` instead (its "(other)" row). Returns how many counts went there.
  @discardableResult
  public mutating func merge(_ other: Tally<Key>, overflowInto overflowKey: (Key) -> Key) -> Int {
    if index == nil { buildIndex() }
    var spilled = 0
    for row in other.rows {
      if let at = index![row.key] {
        rows[at].count += row.count
      } else if rows.count < limit {
        index![row.key] = rows.count
        rows.append((row.key, row.count))
      } else {
        let other = overflowKey(row.key)
        if other != row.key { spilled += row.count }
        addBeyondLimit(other, row.count)
      }
    }
    overflow += other.overflow
    return spilled
  }

  public var total: Int { rows.reduce(0) { $0 + $1.count } + overflow }
  public var isEmpty: Bool { rows.isEmpty && overflow == 0 }

  public subscript(_ key: Key) -> Int {
    if let index { return index[key].map { rows[$0].count } ?? 0 }
    return rows.first { $0.key == key }?.count ?? 0
  }

  /// Rows sorted by count (descending), ties broken by `areInIncreasingOrder` on keys.
  public func sorted(by areInIncreasingOrder: (Key, Key) -> Bool) -> [(key: Key, count: Int)] {
    rows.sorted { a, b in
      a.count != b.count ? a.count > b.count : areInIncreasingOrder(a.key, b.key)
    }
  }

  /// Calls `body` with every row in the order of `sorted(by:)` without copying the rows: row
  /// numbers are sorted instead (4 bytes a row, where the copy holds a key and a count), for
  /// tallies of hundreds of thousands of keys that are written out once (`SummaryJSON`).
  @inlinable
  public func forEachSorted(by areInIncreasingOrder: (Key, Key) -> Bool, _ body: (Key, Int) -> Void) {
    precondition(rows.count <= Int(UInt32.max), "more rows than row numbers")
    rows.withUnsafeBufferPointer { r in
      var order = [UInt32](0..<UInt32(r.count))
      order.sort { a, b in
        let x = Int(a)
        let y = Int(b)
        return r[x].count != r[y].count ? r[x].count > r[y].count : areInIncreasingOrder(r[x].key, r[y].key)
      }
      for i in order { body(r[Int(i)].key, r[Int(i)].count) }
    }
  }
}
