/// Fuzzes the time words of `--since`, `--until` and `--day`, and the windows they make.
///
/// Input: the first line is the `--since` word, the second the `--until` word (an empty line:
/// the option is absent), the rest are log lines whose envelope times are tested against the
/// window. Properties: a word either parses or not, without a crash; a parsed range does not
/// end before it starts, and its zone is within a day; an absolute time prints (as the reports
/// print bounds) into a word that parses back to the same bound; `--since A --until B` is
/// refused exactly when the window would be empty; a wall-clock window contains exactly the
/// times between its bounds; an empty window's message is printable.
enum WindowTarget {
  static let now: Int64 = 1_795_950_000

  static func run(_ data: ByteView) {
    var lines: [ByteView] = []
    var start = 0
    while start <= data.count, lines.count < 64 {
      let end = data.firstIndex(of: ASCII.newline, from: start) ?? data.count
      lines.append(data.slice(start, end))
      start = end + 1
    }
    let since = lines.first.map(\.string).flatMap { $0.isEmpty ? nil : $0 }
    let until = lines.count > 1 ? lines[1].string : ""
    for word in [since, until].compactMap({ $0 }) where !word.isEmpty { checkRange(word) }
    switch TimeExpression.window(since: since, until: until.isEmpty ? nil : until, now: now) {
    case .failure(let e):
      if case .endsBeforeStart = e.reason {
        FuzzCheck.require(since != nil && !until.isEmpty, "an empty window refused without both bounds")
      }
    case .success(let window):
      FuzzCheck.require(!window.isEmpty || since == nil || until.isEmpty, "an empty window was accepted")
      var parser = EnvelopeParser(yearInference: YearInference(referenceYear: 2026, referenceMonth: 11))
      var inside = 0
      for line in lines.dropFirst(2) {
        guard let t = parser.parse(line).time else { continue }
        let contained = window.contains(t)
        if contained { inside += 1 }
        if window.startUTCOffsetMinutes == nil, window.endUTCOffsetMinutes == nil {
          let expected =
            (window.start.map { t.wallSeconds >= $0 } ?? true) && (window.end.map { t.wallSeconds < $0 } ?? true)
          FuzzCheck.require(contained == expected, "wall-clock window disagrees with its bounds at \(t)")
        }
      }
      var summary = Summary()
      summary.window = window
      summary.windowLines = inside
      let gaps = summary.coverageGaps
      FuzzCheck.require((gaps.first?.kind == .emptyWindow) == (inside == 0 && !window.isUnbounded), "empty-window gap")
      for gap in gaps {
        FuzzCheck.require(
          gap.message.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "gap message not printable: \(gap.message)")
      }
    }
  }

  static func checkRange(_ word: String) {
    guard let r = TimeExpression.range(word, now: now) else { return }
    guard let s = r.start, let e = r.end else { FuzzCheck.fail("a range without bounds: \(word)") }
    FuzzCheck.require(e >= s, "range of \(word) ends before it starts")
    for offset in [r.startUTCOffsetMinutes, r.endUTCOffsetMinutes].compactMap({ $0 }) {
      FuzzCheck.require(abs(Int(offset)) < 24 * 60, "zone offset \(offset) of \(word)")
    }
    // What the reports print for a bound parses back to the same bound.
    guard let printed = r.startTimestamp?.description, TimeExpression.relativeSeconds(word.lowercased()) == nil,
      word.count >= 19
    else { return }
    let again = TimeExpression.range(printed, now: now)
    FuzzCheck.require(
      again?.start == s && again?.startUTCOffsetMinutes == r.startUTCOffsetMinutes,
      "\(word) prints as \(printed), which does not parse back")
  }
}
