/// A table of counts filled in batches: `add(_:)` queues one count of a key, and every
/// `batchSize` keys the queue is counted into `table` in one short loop, in order.
///
/// Performance: the tables of distinct clients (the summary's per-peer rows, `--by client`)
/// are megabytes probed at random, so nearly every count misses the caches. Counted as they
/// come, each event waits for its miss before the next line is parsed; a batch is a loop of
/// independent probes whose misses the processor overlaps (`analyze` of 1 GB: 8-10 % less
/// time, `--by code,client`: 5 %). The order of the counts is kept, so a table at its `limit`
/// refuses the same counts as one filled count by count.
public struct BatchedCounts<Key: FastHashable> {
  public static var batchSize: Int { 16 }
  /// The counts so far, without the queued ones (`flush()` first).
  public private(set) var table: FastDictionary<Key, Int>
  private var queued: [Key] = []
  /// Most distinct keys; counts of new keys beyond it are refused.
  public let limit: Int
  /// Counts the table refused (new keys past `limit`), queued ones not yet included.
  public private(set) var refused = 0

  public init(capacity: Int = 64, limit: Int = .max) {
    table = FastDictionary(capacity: capacity)
    self.limit = limit
  }

  /// Every count is in `table`.
  public var isFlushed: Bool { queued.isEmpty }

  /// Queues one count of `key`.
  @inline(__always)
  public mutating func add(_ key: Key) {
    queued.append(key)
    if queued.count == Self.batchSize { flush() }
  }

  /// Counts what is queued.
  @inline(never)
  public mutating func flush() {
    for key in queued where !table.add(key, 1, limit: limit) { refused += 1 }
    queued.removeAll(keepingCapacity: true)
  }

  /// Adds `n` counts of `key` at once, after what is queued (merging tables).
  public mutating func add(_ key: Key, count n: Int) {
    if !queued.isEmpty { flush() }
    if !table.add(key, n, limit: limit) { refused += n }
  }

  /// Counts refused elsewhere (by a table merged into this one).
  public mutating func addRefused(_ n: Int) {
    refused += n
  }

  /// A copy with every queued count in its table.
  public func flushed() -> BatchedCounts {
    var copy = self
    copy.flush()
    return copy
  }
}
