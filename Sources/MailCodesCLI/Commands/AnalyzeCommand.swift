import MailCodesKit

/// `mailcodes analyze`: the report of every reply code, per session, client and stage.
enum AnalyzeCommand {
  static let spec = CommandSpec(
    name: "analyze",
    abstract: "Report the SMTP reply codes in mail logs: by code, client, stage and session outcome.",
    usage: ["mailcodes analyze [OPTIONS] [FILE ...]"],
    discussion: """
      Reads Postfix and Exim logs (classic syslog, RFC 3339, journalctl short-iso and json, <PRI>; gzip, \
      bzip2, xz and zstd rotations detected by content) and SMTP transcripts, in any order: each rotated \
      series is read oldest first. With no FILE, or with -, reads standard input; --journal reads the \
      journal of the mail units.
      The text report puts problems first and gives each code its meaning; codes marked * are inferred \
      (not printed in the log, but certainly sent). --by tabulates reply events by fields: \
      \(GroupField.allCases.map(\.rawValue).joined(separator: ", ")). Filters (--client, --code, --since...) \
      restrict what is counted, with the language of mailcodes grep.
      -o FILE replaces a regular file atomically (a temporary file, then a rename), keeping its mode, owner \
      and group; a device or FIFO (-o /dev/null) is written through, never replaced; a symbolic link is \
      followed to its target and stays a link; -o - is standard output. With --quiet-if-clean, a clean run \
      writes nothing and removes an older report at FILE, so that it cannot pass for this run's (a device or \
      FIFO is left alone).
      """,
    options: [
      CommonOptions.format(for: .analyze),
      CommonOptions.by,
      CommonOptions.count,
      CommonOptions.top,
      CommonOptions.width,
      ReportOptions.output,
      ReportOptions.title,
      ReportOptions.lang,
      ReportOptions.day,
      ReportOptions.compare,
      ReportOptions.quietIfClean,
      ReportOptions.alert,
      ReportOptions.minClass,
    ] + FilterOptions.all + JournalOptions.all + [
      CommonOptions.inputFormat,
      CommonOptions.year,
      CommonOptions.unparsed,
      CommonOptions.showSecrets,
      CommonOptions.maxLineLength,
      CommonOptions.maxSessions,
      CommonOptions.threads,
      CommonOptions.maxMessages,
      LiveOptions.follow,
      LiveOptions.every,
      LiveOptions.state,
      LiveOptions.lineBuffered,
      CommonOptions.quiet,
      CommonOptions.help,
    ],
    examples: [
      ("mailcodes analyze /var/log/mail.log", "The text report: problems first, every code with its meaning."),
      (
        "mailcodes analyze --by code,client --format csv /var/log/mail.log*",
        "Replies by code and client IP as CSV (the rotated series is read oldest first)."
      ),
      ("mailcodes analyze --count sessions --by outcome,stage mail.log", "How sessions ended, and at which step."),
      (
        "mailcodes analyze --day yesterday --compare previous /var/log/mail.log*",
        "Yesterday's report for a cron mail, with the change from the day before."
      ),
      (
        "mailcodes analyze --state st --format prometheus -o mailcodes.prom mail.log",
        "Counters for node_exporter's textfile collector, run every minute: the state file st keeps where each "
          + "log was left, so each run reads only the new lines (through rotations); mailcodes.prom is replaced atomically."
      ),
      ("mailcodes analyze -f --every 60s /var/log/mail.log", "The report of a growing log, once a minute."),
      (
        "mailcodes analyze --journal --day yesterday",
        "Yesterday's report from the journal (Debian 12 without rsyslog: Postfix logs as postfix@-.service)."
      ),
      ("journalctl -u 'postfix@*' -o json | mailcodes analyze --format json", "The JSON summary of the journal."),
    ],
    exitStatus: [
      ("0", "The report is complete (with --quiet-if-clean: nothing at or above --min-class happened)."),
      (
        "1",
        "With --alert or --quiet-if-clean: something at or above --min-class happened, or the report is "
          + "incomplete (an input not understood, a window without a log line: never clean when blind)."
      ),
      (
        "2",
        "Usage error, or an input could not be read to its end or had data skipped (truncated lines, "
          + "damaged gzip): the report covers what was read and says what was not."
      ),
    ])

  static func run(_ arguments: [String], _ ctx: CLIContext) -> Int32 {
    let now = ctx.now ?? TimeExpression.localNow()
    var options: CommandOptions
    let positionals: [String]
    switch CommandStart.parse(arguments, spec: spec, ctx) {
    case .run(let o, let p): (options, positionals) = (o, p)
    case .exit(let status): return status
    }
    let inputs: [InputFile]
    do { inputs = try ctx.inputs(positionals, options, command: "analyze") } catch { return ctx.usage(error) }
    let format = options.outputFormat ?? .text
    if let refusal = ReportOptions.languageRefusal(options, format: format) { return ctx.usage(refusal) }
    if options.comparePrevious {
      guard let start = options.filter.window.start else {
        return ctx.usage(UsageError("--compare previous needs a window", hint: "Add --day yesterday or --since -24h."))
      }
      if options.filter.window.end == nil { options.filter.window.end = now }
      guard options.by.isEmpty, [OutputFormat.text, .html, .json].contains(format) else {
        return ctx.usage(UsageError("--compare previous goes with the text, HTML or JSON report, without --by"))
      }
      _ = start
    }
    if format.eventLines, !options.by.isEmpty {
      return ctx.usage(UsageError("--format \(format) prints events; it does not go with --by"))
    }
    if options.follow, options.statePath != nil {
      return ctx.usage(UsageError("--state is for a job run at intervals; with --follow, use --every"))
    }
    if options.follow { return runFollowing(options, inputs: inputs, format: format, ctx: ctx) }
    if let statePath = options.statePath {
      return runWithState(statePath, options: options, inputs: inputs, format: format, ctx: ctx)
    }
    if options.everySeconds != nil {
      return ctx.usage(
        UsageError("--every goes with --follow", hint: "Example: mailcodes analyze --follow --every 60s mail.log"))
    }
    if options.lineBuffered { ctx.stdout.lineBuffered = true }
    let unparsed: ByteOutput?
    do { unparsed = try ctx.openUnparsed(options.unparsedPath) } catch { return ctx.usage(error) }
    defer { closeOutput(unparsed) }
    let destination: ReportDestination
    do { destination = try ReportDestination.open(options.outputPath, ctx) } catch { return ctx.usage(error) }
    var engine = ctx.analysisOptions(options)
    var filter = options.filter
    var previousWindow = TimeExpression.Window()
    if options.comparePrevious, let previous = filter.window.previous {
      previousWindow = previous
      engine.skipFilesWrittenBefore = previousWindow.startOnLocalWallClock
    } else {
      engine.skipFilesWrittenBefore = filter.window.startOnLocalWallClock
    }
    let names = NameTable()
    let width = options.width ?? 80
    var skipped = false
    var problems = false

    if format.eventLines {
      var writer = EventLinesWriter(output: destination.output, names: names)
      writer.showSecrets = options.showSecrets
      var sink = SinkPair(
        FilteredSink(writer, filter: filter),
        ctx.monitor(options, unparsed: unparsed))
      let totals = Pipeline.run(inputs, options: engine, names: names, sink: &sink)
      skipped = ctx.reportProblems(
        totals, monitor: sink.second, maxLineLength: options.maxLineLength, quiet: options.quiet)
      problems = reportEmptyWindow(filter.window, lines: sink.first.windowLines, ctx)
      return finish(destination, ctx, skipped: skipped, problems: problems, options: options)
    }

    let byFields =
      options.by.isEmpty && format.tableWithoutBy ? OutputFormat.summaryTableFields : options.by
    if !byFields.isEmpty {
      var sink = SinkPair(
        FilteredSink(
          GroupByTable(
            fields: byFields, countSessions: options.countSessions, names: names, countMessages: options.countMessages,
            countConnectTime: options.countConnectTime, countBytes: options.countBytes),
          filter: filter), ctx.monitor(options, unparsed: unparsed))
      let totals = Pipeline.run(inputs, options: engine, names: names, sink: &sink)
      sink.first.inner.flushPending()
      let table = sink.first.inner.table()
      problems = table.rows.contains { row in
        guard let i = byFields.firstIndex(of: .code) ?? byFields.firstIndex(of: .class) else { return false }
        return (Int(row.values[i].prefix(1)) ?? 0) >= options.minClass
      }
      skipped = ctx.reportProblems(
        totals, monitor: sink.second, maxLineLength: options.maxLineLength, quiet: options.quiet)
      // A table has no place to say it: an empty window goes to stderr, and is a problem.
      if reportEmptyWindow(filter.window, lines: sink.first.windowLines, ctx) { problems = true }
      if options.quietIfClean && !problems { return finishQuiet(destination, ctx, skipped: skipped) }
      guard let writeTable = format.table else {
        return ctx.usage(UsageError("--format \(format) is the full report; it does not go with --by"))
      }
      destination.output.write(writeTable(table, width, options.filter.window))
      return finish(destination, ctx, skipped: skipped, problems: problems, options: options)
    }

    // The summary, and the previous period's next to it when asked. (Every format analyze
    // accepts has a report writer but the event lines, written above: the refusal cannot run.)
    guard let writeReport = format.report else {
      return ctx.usage(UsageError("--format \(format) writes no report"))
    }
    var current = FilteredSink(SummaryBuilder(names: names, maxOpenMessages: options.maxMessages), filter: filter)
    var summary: Summary
    var previousSummary: Summary?
    let totals: RunTotals
    let monitor: RunMonitor
    if options.comparePrevious {
      filter.window = previousWindow
      let previousBuilder = SummaryBuilder(names: names, maxOpenMessages: options.maxMessages)
      var sink = SinkPair(
        SinkPair(current, FilteredSink(previousBuilder, filter: filter)),
        ctx.monitor(options, unparsed: unparsed))
      totals = Pipeline.run(inputs, options: engine, names: names, sink: &sink)
      summary = sink.first.first.inner.finish(totals: totals)
      summary.windowLines = sink.first.first.windowLines
      previousSummary = sink.first.second.inner.finish(totals: totals)
      previousSummary?.windowLines = sink.first.second.windowLines
      monitor = sink.second
    } else {
      // `consume`: the builder's tables are then the sink's alone, not copied on its first count.
      var sink = SinkPair(consume current, ctx.monitor(options, unparsed: unparsed))
      totals = Pipeline.run(inputs, options: engine, names: names, sink: &sink)
      current = sink.first
      summary = current.inner.finish(totals: totals)
      if !filter.window.isUnbounded { summary.windowLines = current.windowLines }
      monitor = sink.second
    }
    summary.generator = "mailcodes \(MailCodesCLI.version)"
    summary.window = options.filter.window
    problems = ReportOptions.hasProblems(summary, minClass: options.minClass)
    skipped = ctx.reportProblems(totals, monitor: monitor, maxLineLength: options.maxLineLength, quiet: options.quiet)
    if options.quietIfClean && !problems { return finishQuiet(destination, ctx, skipped: skipped) }
    var report = Report(summary: summary, top: options.top)
    if let previousSummary {
      report.comparison = Comparison(current: summary, previous: previousSummary, previousWindow: previousWindow)
    }
    writeReport(summary, report, options, width, ctx, destination.output)
    if ctx.processEndsAfterCommand { ExitKeeper.keep(summary, report, previousSummary as Any, current) }
    return finish(destination, ctx, skipped: skipped, problems: problems, options: options)
  }

  /// For the outputs that cannot say it themselves (events, `--by` tables): a window that
  /// holds no log line is said on stderr, and is a problem (`Summary.coverageGaps`).
  static func reportEmptyWindow(_ window: TimeExpression.Window, lines: Int, _ ctx: CLIContext) -> Bool {
    guard !window.isUnbounded, lines == 0 else { return false }
    var summary = Summary()
    summary.window = window
    summary.windowLines = 0
    ctx.error("warning: \(summary.emptyWindowMessage)")
    return true
  }

  /// Commits the destination and picks the exit status.
  static func finish(
    _ destination: ReportDestination, _ ctx: CLIContext, skipped: Bool, problems: Bool,
    options: CommandOptions
  ) -> Int32 {
    if let error = destination.commit() {
      ctx.error(error)
      return ExitStatus.error
    }
    if skipped && !ctx.stdout.brokenPipe { return ExitStatus.error }
    if problems && (options.alert || options.quietIfClean) { return ExitStatus.noMatch }
    return ExitStatus.success
  }

  /// `--quiet-if-clean` and nothing happened: no output at all, and no file either: an older
  /// report at the `-o` path is removed, so that it cannot pass for this run's.
  static func finishQuiet(_ destination: ReportDestination, _ ctx: CLIContext, skipped: Bool) -> Int32 {
    if let error = destination.withdraw() {
      ctx.error(error)
      return ExitStatus.error
    }
    return skipped ? ExitStatus.error : ExitStatus.success
  }
}
