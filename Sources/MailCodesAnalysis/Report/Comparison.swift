import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// How a period compares with the one before it (`--compare previous`).
///
/// Rows are problem replies (4xx, 5xx, refusals without a code) by code, enhanced code and
/// direction, session outcomes other than `quit`, and the totals of sessions and replies;
/// sorted by the size of the change, largest first.
public struct Comparison: Sendable {
  public struct Row: Sendable, Equatable {
    public var label: String
    public var current: Int
    public var previous: Int

    /// `up 300 %`, `down 50 %`, `new`, `gone`, `same`.
    public var change: String {
      if current == previous { return "same" }
      if previous == 0 { return "new" }
      if current == 0 { return "gone" }
      let percent = Int((Double(current - previous) / Double(previous) * 100).rounded())
      return percent > 0 ? "up \(percent) %" : "down \(-percent) %"
    }
  }

  public var previousWindow: TimeExpression.Window
  public var rows: [Row]
  /// The previous period holds no log line (the logs begin later): there is nothing to compare
  /// with, and `rows` is empty (not every row `new`).
  public var previousHasNoData = false

  public init(current: Summary, previous: Summary, previousWindow: TimeExpression.Window, top: Int = 15) {
    self.previousWindow = previousWindow
    if previous.windowLines == 0 {
      previousHasNoData = true
      rows = []
      return
    }
    func problems(_ s: Summary) -> [String: Int] {
      var out: [String: Int] = [:]
      for (key, n) in s.replies.counts where key.code >= 400 || (key.code == 0 && key.kind != .other) {
        let code = key.code == 0 ? "no code" : String(key.code)
        let label =
          "\(key.direction == .inbound ? "sent" : "received") \(code)\(key.enhanced.isEmpty ? "" : " " + key.enhanced)"
        out[label, default: 0] += n
      }
      for (key, n) in s.sessions.counts where key.outcome != .quit {
        out["sessions \(key.outcome)", default: 0] += n
      }
      out["sessions (all)", default: 0] += s.sessions.total
      out["replies (all)", default: 0] += s.replies.total
      return out
    }
    let a = problems(current)
    let b = problems(previous)
    var rows = Set(a.keys).union(b.keys).map { Row(label: $0, current: a[$0] ?? 0, previous: b[$0] ?? 0) }
    rows.sort { x, y in
      let dx = abs(x.current - x.previous)
      let dy = abs(y.current - y.previous)
      return dx != dy ? dx > dy : x.label < y.label
    }
    self.rows = Array(rows.filter { $0.current != $0.previous || $0.label.hasSuffix("(all)") }.prefix(top))
  }
}
