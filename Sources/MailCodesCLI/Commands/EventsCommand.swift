import MailCodesKit

/// `mailcodes events`: every event as one JSON object per line.
enum EventsCommand {
  static let spec = CommandSpec(
    name: "events",
    abstract: "Print every SMTP event as JSON Lines (for jq, log shippers, and parser debugging).",
    usage: ["mailcodes events [OPTIONS] [FILE ...]"],
    discussion: """
      One JSON object per event, in input order, with at least: file, line, time (ISO 8601), format, \
      session, direction, client, command, code, enhanced, inferred, kind. See README, "Event contract".
      """,
    options: [
      CommonOptions.inputFormat,
      CommonOptions.format(for: .events),
      ReportOptions.day,
    ] + FilterOptions.all + JournalOptions.all + [
      CommonOptions.year,
      CommonOptions.unparsed,
      CommonOptions.showSecrets,
      CommonOptions.maxLineLength,
      CommonOptions.maxSessions,
      CommonOptions.threads,
      LiveOptions.follow,
      LiveOptions.lineBuffered,
      CommonOptions.quiet,
      CommonOptions.help,
    ],
    examples: [
      ("mailcodes events mail.log | jq 'select(.code == 530)'", "Every 530 with its client and session."),
      (
        "mailcodes events mail.log | jq -r 'select(.inferred) | .code' | sort | uniq -c",
        "Replies the log does not print, but that were certainly sent."
      ),
    ],
    exitStatus: [
      ("0", "All input was read."),
      ("2", "Usage error, or an input could not be read to its end or had data skipped."),
    ])

  static func run(_ arguments: [String], _ ctx: CLIContext) -> Int32 {
    var options: CommandOptions
    let positionals: [String]
    switch CommandStart.parse(arguments, spec: spec, ctx) {
    case .run(let o, let p): (options, positionals) = (o, p)
    case .exit(let status): return status
    }
    let inputs: [InputFile]
    do { inputs = try ctx.inputs(positionals, options, command: "events") } catch { return ctx.usage(error) }
    let unparsed: ByteOutput?
    do { unparsed = try ctx.openUnparsed(options.unparsedPath) } catch { return ctx.usage(error) }
    defer { closeOutput(unparsed) }
    let names = NameTable()
    var writer = EventLinesWriter(output: ctx.stdout, names: names)
    writer.showSecrets = options.showSecrets
    var sink = SinkPair(
      FilteredSink(writer, filter: options.filter),
      ctx.monitor(options, unparsed: unparsed))
    var engine = ctx.analysisOptions(options)
    engine.skipFilesWrittenBefore = options.filter.window.startOnLocalWallClock
    if options.lineBuffered { ctx.stdout.lineBuffered = true }
    let totals =
      options.follow
      ? ctx.follow(inputs, options: options, engine: engine, names: names, sink: &sink)
      : Pipeline.run(inputs, options: engine, names: names, sink: &sink)
    ctx.stdout.flush()
    if ctx.stdout.brokenPipe { return ExitStatus.success }
    let skipped = ctx.reportProblems(
      totals, monitor: sink.second, maxLineLength: options.maxLineLength,
      quiet: options.quiet)
    return skipped ? ExitStatus.error : ExitStatus.success
  }
}
