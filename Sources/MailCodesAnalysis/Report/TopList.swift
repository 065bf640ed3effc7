import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The first `limit` of a stream of (key, count) pairs in report order: count descending, then
/// key ascending, and how many pairs were seen.
///
/// Performance: reports show the top 10 of lists that can hold every client address of a
/// busy server. Sorting such a list costs tens of thousands of string comparisons; keeping
/// only the current top `limit` (sorted, so a pair that does not beat the last one is
/// rejected with one integer comparison in the common case) costs about one comparison per
/// pair. A large `limit` (`--top 1000`) would make the inserts quadratic, so then every pair
/// is kept and sorted once. Either way the result equals `sorted(by:).prefix(limit)` of all
/// pairs, provided keys are distinct.
struct TopList<Key: Comparable> {
  /// Above this limit, pairs are collected and sorted instead of selected.
  static var selectionLimit: Int { 64 }

  let limit: Int
  private var kept: [(key: Key, count: Int)] = []
  /// Pairs offered so far.
  private(set) var seen = 0

  init(limit: Int) { self.limit = max(0, limit) }

  @inline(__always) static func precedes(_ a: (key: Key, count: Int), _ b: (key: Key, count: Int)) -> Bool {
    a.count != b.count ? a.count > b.count : a.key < b.key
  }

  mutating func add(_ key: Key, _ count: Int) {
    seen += 1
    guard limit > 0 else { return }
    let item = (key: key, count: count)
    guard limit <= TopList.selectionLimit else {
      kept.append(item)
      return
    }
    if kept.count == limit {
      guard TopList.precedes(item, kept[limit - 1]) else { return }
      kept.removeLast()
    }
    // Binary search for the first element the new item precedes.
    var low = 0
    var high = kept.count
    while low < high {
      let mid = (low + high) / 2
      if TopList.precedes(kept[mid], item) { low = mid + 1 } else { high = mid }
    }
    kept.insert(item, at: low)
  }

  /// The first `limit` pairs in report order.
  var items: [(key: Key, count: Int)] {
    guard limit > TopList.selectionLimit else { return kept }
    return Array(kept.sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }.prefix(limit))
  }
}
