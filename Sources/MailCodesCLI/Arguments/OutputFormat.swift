import MailCodesKit

/// The output formats, in one table: each `--format` name with what every command that takes it
/// writes.
///
/// A command accepts exactly the formats whose row has its writer (`accepted(by:)`), in the
/// table's order, which is the order `--format`'s help, the man page and the completions list
/// them in. So a name cannot reach a command that has no writer for it, and adding a format is
/// one row here (with its renderer in `MailCodesRendering`).
struct OutputFormat: Sendable, Equatable, CustomStringConvertible {
  /// Writes a summary's report (analyze without `--by`, merge, `analyze --follow`).
  typealias ReportWriter =
    @Sendable (
      _ summary: Summary, _ report: Report, _ options: CommandOptions, _ width: Int, _ ctx: CLIContext,
      _ output: ByteOutput
    ) -> Void
  /// Renders a `--by` table; `window` is the run's time window (metrics name their kind by it).
  typealias TableWriter = @Sendable (_ table: GroupTable, _ width: Int, _ window: TimeExpression.Window) -> String

  /// The commands that take `--format`.
  enum Command: Sendable {
    case analyze, merge, grep, events, explain
  }

  /// The name `--format` takes.
  let name: String
  /// analyze and merge: the report of a summary.
  var report: ReportWriter? = nil
  /// analyze `--by`: the table.
  var table: TableWriter? = nil
  /// analyze without `--by` writes the table of `summaryTableFields`, not the report (a CSV
  /// file holds one table).
  var tableWithoutBy = false
  /// analyze, grep and events: every event as one JSON object on a line, in input order.
  var eventLines = false
  /// grep: the matching log lines (or what `-c`, `-l`, `-L`, `-q` ask for).
  var grepLines = false
  /// explain: how the explanation is written.
  var explain: ExplainFormat? = nil

  var description: String { name }

  static func == (a: OutputFormat, b: OutputFormat) -> Bool { a.name == b.name }

  static let text = OutputFormat(
    name: "text",
    report: { _, report, _, width, _, output in output.write(TextRenderer(width: width).render(report)) },
    table: { table, width, _ in TableRenderer.text(table, width: width) },
    grepLines: true, explain: .text)
  static let json = OutputFormat(
    name: "json",
    report: { summary, _, _, _, _, output in SummaryJSON.write(summary, to: output) },
    table: { table, _, _ in TableRenderer.json(table) },
    explain: .json)
  static let csv = OutputFormat(
    name: "csv",
    report: { summary, _, _, _, _, output in output.write(SummaryCSV.render(summary)) },
    table: { table, _, _ in TableRenderer.csv(table) },
    tableWithoutBy: true)
  static let html = OutputFormat(
    name: "html",
    report: { _, report, options, _, ctx, output in
      let language = options.language ?? ReferenceLanguage(localeIdentifier: ctx.terminal.localeIdentifier)
      output.write(HTMLRenderer(title: options.title, language: language).render(report))
    })
  static let openmetrics = OutputFormat(
    name: "openmetrics",
    report: { summary, _, _, _, _, output in output.write(OpenMetricsRenderer.render(summary)) },
    table: { table, _, _ in OpenMetricsRenderer.render(table: table) })
  static let prometheus = OutputFormat(
    name: "prometheus",
    report: { summary, _, _, _, _, output in
      output.write(PrometheusRenderer.render(summary, kind: metricsKind(summary.window)))
    },
    table: { table, _, window in PrometheusRenderer.render(table: table, kind: metricsKind(window)) })
  static let jsonl = OutputFormat(name: "jsonl", eventLines: true)
  static let markdown = OutputFormat(name: "markdown", explain: .markdown)

  /// Every format, in the order the help lists them.
  static let all: [OutputFormat] = [text, json, csv, html, openmetrics, prometheus, jsonl, markdown]

  /// The columns of the table that analyze writes without `--by` (`tableWithoutBy`).
  static let summaryTableFields: [GroupField] = [.direction, .code, .enhanced, .command, .kind, .inferred]

  /// Whether `command` has a writer for this format.
  func isAccepted(by command: Command) -> Bool {
    switch command {
    case .analyze: return report != nil || eventLines
    case .merge: return report != nil
    case .grep: return grepLines || eventLines
    case .events: return eventLines
    case .explain: return explain != nil
    }
  }

  /// The formats `command` accepts, in the table's order.
  static func accepted(by command: Command) -> [OutputFormat] { all.filter { $0.isAccepted(by: command) } }

  /// The format named `name` (as `--format` takes it, lowercased).
  static func named(_ name: String) -> OutputFormat? { all.first { $0.name == name } }

  /// Counters for what the input holds; gauges under other names for a time window, which
  /// slides and so falls as well as rises.
  static func metricsKind(_ window: TimeExpression.Window) -> PrometheusRenderer.Kind {
    window.isUnbounded ? .counters : .window
  }
}
