import MailCodesSupport

/// The lines around grep's selected lines (`-B`, `-A`, `-C`): the last `before` lines not
/// printed, and how many lines after the last selected one are still to print.
///
/// Only lines are kept, never their events: a context line is printed as the log has it
/// (redacted and escaped like any other). Memory: `before` lines at most.
struct GrepContext {
  struct KeptLine {
    var bytes: [UInt8]
    var number: Int
    var secret: TextRange
  }

  let before: Int
  let after: Int
  /// The unprinted lines just before the current one, oldest first (at most `before`).
  private(set) var recent: [KeptLine] = []
  private var recentHead = 0
  /// Lines still to print after the last selected line.
  var afterLeft = 0
  /// The last line printed (input index, line number): a gap before the next one is `--`.
  var lastPrinted: (input: Int, number: Int)?

  init(before: Int, after: Int) {
    self.before = before
    self.after = after
  }

  /// Keeps `line` as possible before-context (the oldest kept line goes past `before`).
  mutating func keep(_ line: ByteView, number: Int, secret: TextRange) {
    guard before > 0 else { return }
    let kept = KeptLine(bytes: line.bytes, number: number, secret: secret)
    if recent.count - recentHead < before {
      recent.append(kept)
    } else {
      recent.append(kept)
      recentHead += 1
      // Compact now and then, so that the array stays small.
      if recentHead >= 64 {
        recent.removeFirst(recentHead)
        recentHead = 0
      }
    }
  }

  /// The kept lines, oldest first; then forgets them.
  mutating func takeRecent() -> ArraySlice<KeptLine> {
    defer {
      recent.removeAll(keepingCapacity: true)
      recentHead = 0
    }
    return recent[recentHead...]
  }

  /// A new input: nothing before it is context, but a group printed from the previous input is
  /// still separated from the next one by `--`.
  mutating func beginInput() {
    recent.removeAll(keepingCapacity: true)
    recentHead = 0
    afterLeft = 0
  }

  /// Whether a line numbered `number` of `input` follows the last printed one directly.
  func isAdjacent(input: Int, number: Int) -> Bool {
    guard let last = lastPrinted else { return true }
    return last.input == input && number == last.number + 1
  }
}
