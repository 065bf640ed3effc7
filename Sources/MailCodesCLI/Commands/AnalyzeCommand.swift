import MailCodesKit

/// `mailcodes analyze`: the report of every reply code, per session, client and stage.
enum AnalyzeCommand {
  static let spec = CommandSpec(
    name: "analyze",
    abstract: "Report the SMTP reply codes in mail logs: by code, client, stage and session outcome.",
    usage: ["mailcodes analyze [OPTIONS] [FILE ...]"],
    discussion: """
      Reads Postfix logs (classic syslog, RFC 3339, journalctl short-iso, <PRI>; .gz rotations \
      detected by content), in any order: each rotated series is read oldest first. With no FILE, \
      or with -, reads standard input.
      The text report puts problems first and gives each code its meaning; codes marked * are \
      inferred (not printed in the log, but certainly sent). --by tabulates reply events by \
      fields: \(GroupField.allCases.map(\.rawValue).joined(separator: ", ")).
      """,
    options: [
      CommonOptions.format(outputs: [.text, .json, .csv]),
      CommonOptions.by,
      CommonOptions.count,
      CommonOptions.top,
      CommonOptions.width,
      CommonOptions.inputFormat,
      CommonOptions.year,
      CommonOptions.unparsed,
      CommonOptions.maxLineLength,
      CommonOptions.maxSessions,
      CommonOptions.quiet,
      CommonOptions.help,
    ],
    examples: [
      ("mailcodes analyze /var/log/mail.log", "The text report: problems first, every code with its meaning."),
      ("mailcodes analyze --by code,client --format csv /var/log/mail.log*",
       "Replies by code and client IP as CSV (the rotated series is read oldest first)."),
      ("mailcodes analyze --count sessions --by outcome,stage mail.log", "How sessions ended, and at which step."),
      ("journalctl -u postfix -o short-iso | mailcodes analyze --format json", "The JSON summary of the journal."),
    ],
    exitStatus: [
      ("0", "The report is complete."),
      ("2", "Usage error, or an input could not be read to its end or had data skipped (truncated lines, "
        + "damaged gzip): the report covers what was read and says what was not."),
    ])

  static func run(_ arguments: [String], _ ctx: CLIContext) -> Int32 {
    var options = CommandOptions()
    let positionals: [String]
    do {
      positionals = try ArgumentParser.parse(arguments, spec: spec, into: &options)
    } catch {
      return ctx.usage(error)
    }
    if options.help {
      ctx.stdout.write(HelpRenderer.render(spec))
      return ExitStatus.success
    }
    let inputs: [InputFile]
    switch ctx.inputs(positionals, command: "analyze") {
    case .success(let files): inputs = files
    case .failure(let e): return ctx.usage(e)
    }
    let unparsed: ByteOutput?
    switch ctx.openUnparsed(options.unparsedPath) {
    case .success(let o): unparsed = o
    case .failure(let e): return ctx.usage(e)
    }
    defer { closeOutput(unparsed) }
    let names = NameTable()
    let engine = ctx.analysisOptions(options)
    let format = options.outputFormat ?? .text
    let width = options.width ?? 80
    let byFields = options.by.isEmpty && format == .csv
      ? [GroupField.direction, .code, .enhanced, .command, .kind, .inferred] : options.by
    var skipped = false
    if !byFields.isEmpty {
      var sink = SinkPair(GroupByTable(fields: byFields, countSessions: options.countSessions, names: names),
                          RunMonitor(unparsed: unparsed))
      let totals = Pipeline.run(inputs, options: engine, names: names, sink: &sink)
      sink.first.flushPending()
      let table = sink.first.table()
      switch format {
      case .csv: ctx.stdout.write(TableRenderer.csv(table))
      case .json: ctx.stdout.write(TableRenderer.json(table))
      default: ctx.stdout.write(TableRenderer.text(table, width: width))
      }
      ctx.stdout.flush()
      skipped = ctx.reportProblems(totals, monitor: sink.second, maxLineLength: options.maxLineLength,
                                   quiet: options.quiet)
    } else {
      var sink = SinkPair(SummaryBuilder(names: names), RunMonitor(unparsed: unparsed))
      let totals = Pipeline.run(inputs, options: engine, names: names, sink: &sink)
      var summary = sink.first.finish(totals: totals)
      summary.generator = "mailcodes \(MailCodesCLI.version)"
      switch format {
      case .json: ctx.stdout.write(SummaryJSON.render(summary))
      default: ctx.stdout.write(TextRenderer(width: width).render(Report(summary: summary, top: options.top)))
      }
      ctx.stdout.flush()
      skipped = ctx.reportProblems(totals, monitor: sink.second, maxLineLength: options.maxLineLength,
                                   quiet: options.quiet)
    }
    return skipped ? ExitStatus.error : ExitStatus.success
  }
}
