/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a.utf8)
  let y = Array(b.utf8)
  if x.isEmpty { return y.count }
  if y.isEmpty { return x.count }
  var previous = Array(0...y.count)
  var current = [Int](repeating: 0, count: y.count + 1)
  for i in 1...x.count {
    current[0] = i
    for j in 1...y.count {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
    }
    swap(&previous, &current)
  }
  return previous[y.count]
}

/// Names within edit distance 2 of `name` (or that start with it), best first.
func suggestions(for name: String, among candidates: [String]) -> [String] {
  let scored = candidates.map { ($0, editDistance(name, $0)) }
    .filter { $0.1 <= 2 || ($0.0.hasPrefix(name) && name.count >= 3) }
    .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
  return Array(scored.prefix(2).map(\.0))
}
