import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The Prometheus text exposition format (version 0.0.4), as node_exporter's textfile collector
/// and `promtool check metrics` read it.
///
/// Two kinds of numbers, under different names, so that Prometheus never reads a falling value
/// as a counter reset:
/// - `.counters`: what the analysed input holds, or, with `--state`, everything read since the
///   state file was made. Families `mailcodes_replies_total`, `mailcodes_sessions_total`,
///   `mailcodes_deliveries_total`, `mailcodes_lines_total`, `mailcodes_limit_hits_total`,
///   `mailcodes_replies_by_class_total` and `mailcodes_sessions_by_outcome_total`, all of type
///   counter; in this format `# HELP` and `# TYPE` name the family by its sample name (with
///   `_total`).
/// - `.window`: a `--since`/`--until` window, which slides and so rises and falls: the same
///   families as gauges named `mailcodes_window_*` (no `_total`), and the window's bounds.
///
/// The `by_class` and `by_outcome` families are written in full, every direction with every
/// class and every outcome, with 0 where nothing happened: an alert on them never meets a
/// series that vanished. Detailed series appear once they happen (with `--state`, they then
/// stay). Label values are escaped as the format says (`\\`, `\"`, `\n`), on terminal-safe
/// text; no client address or remote host is a label unless `--by` asks (`render(table:)`).
public enum PrometheusRenderer {
  public enum Kind: Sendable {
    case counters
    case window
  }

  /// Reply classes of the `by_class` family; `none` is a refusal whose code the log omits.
  static let classes = ["2xx", "3xx", "4xx", "5xx", "none"]

  /// - Parameter inputErrors: inputs that could not be read (default: the summary's errors;
  ///   `--state` passes its running total).
  public static func render(_ s: Summary, kind: Kind, inputErrors: Int? = nil) -> String {
    var out = Exposition(kind: kind)
    out.family("replies", "SMTP replies (inferred: not printed in the log but certainly sent).")
    var replies: [String: Int] = [:]
    var byClass: [String: Int] = [:]
    for (key, n) in s.replies.counts {
      let labels = labelSet([
        ("direction", key.direction.description), ("code", key.code == 0 ? "" : String(key.code)),
        ("enhanced", key.enhanced), ("command", key.command.description), ("kind", key.kind.description),
        ("inferred", key.inferred ? "true" : "false"),
      ])
      replies[labels, default: 0] += n
      let replyClass = key.code == 0 ? "none" : "\(key.code / 100)xx"
      byClass[labelSet([("direction", key.direction.description), ("class", replyClass)]), default: 0] += n
    }
    out.samples(replies)

    out.family("replies_by_class", "SMTP replies by direction and class (every class written, 0 when none).")
    for direction in Direction.allCases {
      for replyClass in classes {
        let labels = labelSet([("direction", direction.description), ("class", replyClass)])
        out.sample(labels, byClass[labels] ?? 0)
      }
    }

    out.family("sessions", "SMTP sessions by how they ended and the last command.")
    var sessions: [String: Int] = [:]
    var byOutcome: [String: Int] = [:]
    for (key, n) in s.sessions.counts {
      let labels = labelSet([
        ("format", key.family.description), ("direction", key.direction.description),
        ("outcome", key.outcome.description),
        ("stage", key.stage.description),
      ])
      sessions[labels, default: 0] += n
      byOutcome[
        labelSet([("direction", key.direction.description), ("outcome", key.outcome.description)]), default: 0] += n
    }
    out.samples(sessions)

    out.family("sessions_by_outcome", "SMTP sessions by direction and outcome (every outcome written, 0 when none).")
    for direction in Direction.allCases {
      for outcome in Outcome.allCases {
        let labels = labelSet([("direction", direction.description), ("outcome", outcome.description)])
        out.sample(labels, byOutcome[labels] ?? 0)
      }
    }

    out.family("deliveries", "Replies of remote servers to our deliveries.")
    var deliveries: [String: Int] = [:]
    for (key, n) in s.deliveries.counts {
      let labels = labelSet([
        ("status", key.status), ("kind", key.kind.description), ("code", key.code == 0 ? "" : String(key.code)),
        ("enhanced", key.enhanced), ("command", key.command.description),
      ])
      deliveries[labels, default: 0] += n
    }
    out.samples(deliveries)

    out.family("lines", "Input lines by class.")
    for (name, n) in [
      ("recognized", s.inputs.reduce(0) { $0 + $1.recognized }),
      ("ignored", s.inputs.reduce(0) { $0 + $1.ignored }),
      ("unrecognized", s.inputs.reduce(0) { $0 + $1.unrecognized }),
    ] {
      out.sample(labelSet([("class", name)]), n)
    }
    out.family("limit_hits", "Times a bound was hit (counted, never silent).")
    for (name, n) in [
      ("truncated_lines", s.limits.truncatedLines), ("evicted_sessions", s.limits.evictedSessions),
      ("unterminated_sessions", s.limits.unterminatedSessions),
      ("overflowed_counts", s.limits.overflowedCounts), ("input_errors", inputErrors ?? s.errors.count),
    ] {
      out.sample(labelSet([("limit", name)]), n)
    }
    // Tables at their bound (only when one was): counts under "(other)", whose rows stay exact.
    for table in s.fullTables {
      out.sample(labelSet([("limit", "full_table_\(table.table)")]), table.countsInOther)
    }
    out.gauge(
      "mailcodes_complete",
      "1 when the report saw everything; 0 when it may miss problems (an input not read, lines not understood, an empty window).",
      (inputErrors ?? s.errors.count) == 0 && s.coverageGaps.isEmpty ? 1 : 0)

    let period = s.period
    if let first = period.first {
      out.gauge(
        "mailcodes_period_start_seconds", "Log time of the first event counted (seconds since 1970).",
        first.wallSeconds)
    }
    if let last = period.last {
      out.gauge(
        "mailcodes_period_end_seconds", "Log time of the last event counted (seconds since 1970).", last.wallSeconds)
    }
    if kind == .window {
      if let start = s.window.start {
        out.gauge(
          "mailcodes_window_start_seconds", "Start of the window counted (log time, seconds since 1970).", start)
      }
      if let end = s.window.end {
        out.gauge("mailcodes_window_end_seconds", "End of the window counted (log time, seconds since 1970).", end)
      }
    }
    return out.text
  }

  /// A `--by` table as one family (`replies` or `sessions`, with the table's fields as labels).
  public static func render(table: GroupTable, kind: Kind) -> String {
    var out = Exposition(kind: kind)
    let (family, noun) =
      table.countsMessages
      ? (table.unit, "Mail " + table.unit)
      : table.countsSessions ? ("sessions", "SMTP sessions") : ("replies", "SMTP replies")
    out.family(family, "\(noun) by \(table.fields.map(\.rawValue).joined(separator: ", ")).")
    var rows: [String: Int] = [:]
    for row in table.rows {
      rows[labelSet(zip(table.fields.map(\.rawValue), row.values).map { ($0, $1) }), default: 0] += row.count
    }
    if table.overflow > 0 {
      rows[labelSet(table.fields.map { ($0.rawValue, "(other)") }), default: 0] += table.overflow
    }
    out.samples(rows)
    return out.text
  }

  /// The lines of one document: each family's `# HELP` and `# TYPE`, then its samples.
  struct Exposition {
    let kind: Kind
    var lines: [String] = []
    private var name = ""

    init(kind: Kind) { self.kind = kind }

    /// Starts the family `base` (`replies`): `mailcodes_replies_total` as a counter, or
    /// `mailcodes_window_replies` as a gauge.
    mutating func family(_ base: String, _ help: String) {
      switch kind {
      case .counters:
        name = "mailcodes_\(base)_total"
        lines.append("# HELP \(name) \(PrometheusRenderer.escapeHelp(help))")
        lines.append("# TYPE \(name) counter")
      case .window:
        name = "mailcodes_window_\(base)"
        lines.append("# HELP \(name) \(PrometheusRenderer.escapeHelp(help)) In the window counted.")
        lines.append("# TYPE \(name) gauge")
      }
    }

    mutating func sample(_ labels: String, _ value: Int) { lines.append("\(name)\(labels) \(value)") }

    /// The samples of the current family, sorted by their labels (equal inputs, equal files).
    mutating func samples(_ rows: [String: Int]) {
      for (labels, n) in rows.sorted(by: { $0.key < $1.key }) { sample(labels, n) }
    }

    mutating func gauge(_ gaugeName: String, _ help: String, _ value: Int64) {
      lines.append("# HELP \(gaugeName) \(PrometheusRenderer.escapeHelp(help))")
      lines.append("# TYPE \(gaugeName) gauge")
      lines.append("\(gaugeName) \(value)")
    }

    var text: String { lines.joined(separator: "\n") + "\n" }
  }

  static func labelSet(_ pairs: [(String, String)]) -> String { OpenMetricsRenderer.labelSet(pairs) }

  /// `# HELP` text escaping of the format: backslash and newline.
  static func escapeHelp(_ text: String) -> String {
    var out = ""
    for ch in text {
      switch ch {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.append(ch)
      }
    }
    return out
  }
}
