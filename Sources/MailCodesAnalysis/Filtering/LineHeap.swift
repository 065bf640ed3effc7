/// Lines waiting to be printed, the one earliest in the input first (a binary min-heap on
/// `sequence`).
struct LineHeap {
  private var items: [GrepBufferedLine] = []

  var count: Int { items.count }

  mutating func push(_ line: GrepBufferedLine) {
    items.append(line)
    var i = items.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard items[i].sequence < items[parent].sequence else { break }
      items.swapAt(i, parent)
      i = parent
    }
  }

  /// Removes and returns the earliest line when it comes before `limit`.
  mutating func popFirst(before limit: Int) -> GrepBufferedLine? {
    guard let first = items.first, first.sequence < limit else { return nil }
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var i = 0
      while true {
        let l = 2 * i + 1
        let r = l + 1
        var m = i
        if l < items.count, items[l].sequence < items[m].sequence { m = l }
        if r < items.count, items[r].sequence < items[m].sequence { m = r }
        if m == i { break }
        items.swapAt(i, m)
        i = m
      }
    }
    return first
  }
}
