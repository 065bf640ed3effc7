import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// OpenMetrics text for node_exporter's textfile collector.
///
/// Families: `mailcodes_replies_total{direction,code,enhanced,command,kind,inferred}`,
/// `mailcodes_sessions_total{format,direction,outcome,stage}`,
/// `mailcodes_deliveries_total{status,kind,code,enhanced,command}`,
/// `mailcodes_lines_total{class}`, `mailcodes_limit_hits_total{limit}` (with a
/// `full_table_TABLE` series for each table that reached its bound), the gauge
/// `mailcodes_complete` (0 when the report may miss problems: `Summary.coverageGaps`), and the gauges
/// `mailcodes_period_start_seconds` / `mailcodes_period_end_seconds` (the log's wall clock as
/// seconds since 1970). No unbounded label (client address, remote host) appears unless the
/// caller asks for it with `--by`, which renders a table instead (`render(table:)`). Values
/// count what the analysed input holds; an absent code is the label value `""`. Label values
/// are escaped as the exposition format says (`\\`, `\"`, `\n`).
public enum OpenMetricsRenderer {
  public static func render(_ s: Summary) -> String {
    var out: [String] = []
    func family(_ name: String, _ type: String, _ help: String) {
      out.append("# TYPE \(name) \(type)")
      out.append("# HELP \(name) \(help)")
    }
    family(
      "mailcodes_replies", "counter", "SMTP replies in the analysed logs (inferred: not printed but certainly sent).")
    var replies: [String: Int] = [:]
    for (key, n) in s.replies.counts {
      let labels = labelSet([
        ("direction", key.direction.description), ("code", key.code == 0 ? "" : String(key.code)),
        ("enhanced", key.enhanced), ("command", key.command.description), ("kind", key.kind.description),
        ("inferred", key.inferred ? "true" : "false"),
      ])
      replies[labels, default: 0] += n
    }
    for (labels, n) in replies.sorted(by: { $0.key < $1.key }) { out.append("mailcodes_replies_total\(labels) \(n)") }

    family("mailcodes_sessions", "counter", "SMTP sessions by how they ended and the last command.")
    var sessions: [String: Int] = [:]
    for (key, n) in s.sessions.counts {
      let labels = labelSet([
        ("format", key.family.description), ("direction", key.direction.description),
        ("outcome", key.outcome.description),
        ("stage", key.stage.description),
      ])
      sessions[labels, default: 0] += n
    }
    for (labels, n) in sessions.sorted(by: { $0.key < $1.key }) { out.append("mailcodes_sessions_total\(labels) \(n)") }

    family("mailcodes_deliveries", "counter", "Replies of remote servers to our deliveries.")
    var deliveries: [String: Int] = [:]
    for (key, n) in s.deliveries.counts {
      let labels = labelSet([
        ("status", key.status), ("kind", key.kind.description), ("code", key.code == 0 ? "" : String(key.code)),
        ("enhanced", key.enhanced), ("command", key.command.description),
      ])
      deliveries[labels, default: 0] += n
    }
    for (labels, n) in deliveries.sorted(by: { $0.key < $1.key }) {
      out.append("mailcodes_deliveries_total\(labels) \(n)")
    }

    family("mailcodes_lines", "counter", "Input lines by class.")
    for (name, n) in [
      ("recognized", s.inputs.reduce(0) { $0 + $1.recognized }),
      ("ignored", s.inputs.reduce(0) { $0 + $1.ignored }),
      ("unrecognized", s.inputs.reduce(0) { $0 + $1.unrecognized }),
    ] {
      out.append("mailcodes_lines_total{class=\"\(name)\"} \(n)")
    }
    family("mailcodes_limit_hits", "counter", "Times a bound was hit (counted, never silent).")
    for (name, n) in [
      ("truncated_lines", s.limits.truncatedLines), ("evicted_sessions", s.limits.evictedSessions),
      ("unterminated_sessions", s.limits.unterminatedSessions),
      ("overflowed_counts", s.limits.overflowedCounts), ("input_errors", s.errors.count),
    ] {
      out.append("mailcodes_limit_hits_total{limit=\"\(name)\"} \(n)")
    }
    // Tables at their bound (only when one was): counts under "(other)", whose rows stay exact.
    for table in s.fullTables {
      out.append("mailcodes_limit_hits_total{limit=\"full_table_\(table.table)\"} \(table.countsInOther)")
    }
    family(
      "mailcodes_complete", "gauge",
      "1 when the report saw everything; 0 when it may miss problems (an input not read, lines not understood, an empty window)."
    )
    out.append("mailcodes_complete \(s.errors.isEmpty && s.coverageGaps.isEmpty ? 1 : 0)")
    let period = s.period
    if let first = period.first {
      family("mailcodes_period_start_seconds", "gauge", "Log time of the first event counted.")
      out.append("mailcodes_period_start_seconds \(first.wallSeconds)")
    }
    if let last = period.last {
      family("mailcodes_period_end_seconds", "gauge", "Log time of the last event counted.")
      out.append("mailcodes_period_end_seconds \(last.wallSeconds)")
    }
    out.append("# EOF")
    return out.joined(separator: "\n") + "\n"
  }

  /// A `--by` table as one counter family (`mailcodes_replies_total` or
  /// `mailcodes_sessions_total` with the table's fields as labels).
  public static func render(table: GroupTable) -> String {
    let name =
      table.countsMessages
      ? "mailcodes_" + table.unit : table.countsSessions ? "mailcodes_sessions" : "mailcodes_replies"
    let noun = table.countsMessages ? "Mail " + table.unit : table.countsSessions ? "SMTP sessions" : "SMTP replies"
    var out = [
      "# TYPE \(name) counter",
      "# HELP \(name) \(noun) by \(table.fields.map(\.rawValue).joined(separator: ", ")).",
    ]
    var rows: [String: Int] = [:]
    for row in table.rows {
      rows[labelSet(zip(table.fields.map(\.rawValue), row.values).map { ($0, $1) }), default: 0] += row.count
    }
    for (labels, n) in rows.sorted(by: { $0.key < $1.key }) { out.append("\(name)_total\(labels) \(n)") }
    if table.overflow > 0 {
      out.append("\(name)_total\(labelSet(table.fields.map { ($0.rawValue, "(other)") })) \(table.overflow)")
    }
    out.append("# EOF")
    return out.joined(separator: "\n") + "\n"
  }

  static func labelSet(_ pairs: [(String, String)]) -> String {
    "{" + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
  }

  /// Label value escaping of the exposition format, on terminal-safe text.
  static func escape(_ value: String) -> String {
    var out = ""
    for ch in Sanitizer.terminalSafe(value) {
      switch ch {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      default: out.append(ch)
      }
    }
    return out
  }
}
