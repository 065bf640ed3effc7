import MailCodesKit

/// `analyze --follow [--every DURATION]`: the report of everything read so far, refreshed at an
/// interval while the logs grow, and once more when a signal ends the run.
extension AnalyzeCommand {
  static func runFollowing(_ options: CommandOptions, inputs: [InputFile], format: OutputFormat, ctx: CLIContext)
    -> Int32
  {
    if options.comparePrevious || options.quietIfClean {
      return ctx.usage(UsageError("--follow does not go with --compare or --quiet-if-clean"))
    }
    if format.eventLines, options.everySeconds != nil {
      return ctx.usage(UsageError("--every refreshes a report; --format \(format) prints each event as it comes"))
    }
    let unparsed: ByteOutput?
    do { unparsed = try ctx.openUnparsed(options.unparsedPath) } catch { return ctx.usage(error) }
    defer { closeOutput(unparsed) }
    var engine = ctx.analysisOptions(options)
    engine.threads = 1
    let names = NameTable()
    let width = options.width ?? 80
    let publisher = ReportPublisher(path: options.outputPath, ctx: ctx)
    StopSignals.arm()
    let control = StopSignals.control(ctx, quiet: options.quiet, interval: options.everySeconds)

    if format.eventLines {
      // Events go out as they are read; -o FILE gets them when the run ends.
      let destination: ReportDestination
      do { destination = try ReportDestination.open(options.outputPath, ctx) } catch { return ctx.usage(error) }
      if options.lineBuffered { destination.output.lineBuffered = true }
      var sink = SinkPair(
        FilteredSink(EventLinesWriter(output: destination.output, names: names), filter: options.filter),
        RunMonitor(unparsed: unparsed))
      let totals = ctx.follow(inputs, options: options, engine: engine, names: names, sink: &sink)
      let skipped = ctx.reportProblems(
        totals, monitor: sink.second, maxLineLength: options.maxLineLength,
        quiet: options.quiet)
      return finish(destination, ctx, skipped: skipped, problems: false, options: options)
    }

    let byFields =
      options.by.isEmpty && format.tableWithoutBy ? OutputFormat.summaryTableFields : options.by
    if !byFields.isEmpty {
      guard let writeTable = format.table else {
        return ctx.usage(UsageError("--format \(format) is the full report; it does not go with --by"))
      }
      var sink = SinkPair(
        FilteredSink(
          GroupByTable(
            fields: byFields, countSessions: options.countSessions, names: names, countMessages: options.countMessages,
            countConnectTime: options.countConnectTime, countBytes: options.countBytes),
          filter: options.filter), RunMonitor(unparsed: unparsed))
      func render(_ grouped: FilteredSink<GroupByTable>) -> String {
        var copy = grouped
        copy.inner.flushPending()
        let table = copy.inner.table()
        return writeTable(table, width, options.filter.window)
      }
      let totals = Pipeline.follow(inputs, options: engine, names: names, sink: &sink, control: control) { sink, _ in
        publisher.publish(render(sink.first))
      }
      let skipped = ctx.reportProblems(
        totals, monitor: sink.second, maxLineLength: options.maxLineLength,
        quiet: options.quiet)
      publisher.publish(render(sink.first))
      return publisher.status(ctx, skipped: skipped)
    }

    // Every format analyze accepts has a report writer but the event lines, followed above.
    guard let writeReport = format.report else {
      return ctx.usage(UsageError("--format \(format) writes no report"))
    }
    let builder = SummaryBuilder(names: names, maxOpenMessages: options.maxMessages)
    var sink = SinkPair(FilteredSink(builder, filter: options.filter), RunMonitor(unparsed: unparsed))
    func render(_ summary: Summary) -> String {
      var summary = summary
      summary.generator = "mailcodes \(MailCodesCLI.version)"
      summary.window = options.filter.window
      let output = ByteOutput(.memory)
      writeReport(summary, Report(summary: summary, top: options.top), options, width, ctx, output)
      output.flush()
      return output.text
    }
    let totals = Pipeline.follow(inputs, options: engine, names: names, sink: &sink, control: control) {
      sink, following in
      // A snapshot: the inputs being followed are ended in a copy, the run goes on.
      var counted = sink.first
      for input in following { counted.endInput(input.file, index: input.index, stats: input.stats) }
      publisher.publish(render(counted.inner.finish(totals: RunTotals())))
    }
    let skipped = ctx.reportProblems(
      totals, monitor: sink.second, maxLineLength: options.maxLineLength, quiet: options.quiet)
    publisher.publish(render(sink.first.inner.finish(totals: totals)))
    return publisher.status(ctx, skipped: skipped)
  }
}

/// Writes each refreshed report: to standard output, or over `-o FILE` atomically (a reader
/// sees the previous report or the new one, never half of one).
final class ReportPublisher {
  let path: String?
  let ctx: CLIContext
  private(set) var failure: String?

  init(path: String?, ctx: CLIContext) {
    self.path = path
    self.ctx = ctx
  }

  func publish(_ text: String) {
    guard let path else {
      ctx.stdout.write(text)
      ctx.stdout.flush()
      return
    }
    // Our own signal handler stays: a stop asked for while the file is written comes after it.
    do {
      let file = try AtomicOutputFile.create(path, armsSignals: false)
      file.output.write(text)
      if let error = file.commit() { report(error) }
    } catch {
      report(error.message)
    }
  }

  private func report(_ error: String) {
    if failure == nil { ctx.error(error) }
    failure = error
  }

  func status(_ ctx: CLIContext, skipped: Bool) -> Int32 {
    if failure != nil { return ExitStatus.error }
    return skipped && !ctx.stdout.brokenPipe ? ExitStatus.error : ExitStatus.success
  }
}
