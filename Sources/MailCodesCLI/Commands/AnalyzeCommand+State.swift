import MailCodesKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// `analyze --state FILE --format prometheus`: counters that only grow. Each run reads what the
/// logs gained since the last one (through rotations: `Pipeline.runResuming`), adds it to the
/// totals kept in FILE, and writes the totals.
extension AnalyzeCommand {
  static func runWithState(
    _ statePath: String, options: CommandOptions, inputs: [InputFile], format: OutputFormat,
    ctx: CLIContext
  ) -> Int32 {
    guard format == .prometheus else {
      return ctx.usage(UsageError("--state keeps running totals for counters: it goes with --format prometheus"))
    }
    guard options.filter.window.isUnbounded else {
      return ctx.usage(
        UsageError(
          "--state counts every line once, since the state file was made: it does not go with --since, --until or --day",
          hint: "A window is a query: increase(mailcodes_replies_total[1h]) in Prometheus."))
    }
    guard options.by.isEmpty else { return ctx.usage(UsageError("--state does not go with --by")) }
    guard !inputs.contains(where: \.isStandardInput) else {
      return ctx.usage(UsageError("--state keeps the position in files: it does not read standard input"))
    }
    if let group = InputPlan.groups(inputs).first(where: { $0.files.count > 1 }) {
      return ctx.usage(
        UsageError(
          "with --state, name each live log once (\(group.files.last?.displayName ?? group.base)); its rotated files are found through the state",
          hint: "Example: mailcodes analyze --state /var/lib/mailcodes/state --format prometheus /var/log/mail.log"))
    }
    // One run at a time: two overlapping runs would count the same lines twice.
    // Never through a link: the lock file is ours, next to the state.
    let lock = open(statePath + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard lock >= 0 else {
      return ctx.usage(UsageError("cannot write '\(statePath).lock': \(String(cString: strerror(errno)))"))
    }
    defer { close(lock) }
    flock(lock, LOCK_EX)

    var state = MetricsState()
    let (text, readFailure) = readWholeFile(statePath)
    if let readFailure {
      ctx.error("cannot read the state file '\(statePath)': \(readFailure)")
      return ExitStatus.error
    }
    if let text {
      do throws(MetricsState.Failure) { state = try MetricsState.read(text) } catch {
        ctx.error(
          "cannot use the state file '\(statePath)': \(error.description) (remove it to start the counters again)")
        return ExitStatus.error
      }
    }
    let unparsed: ByteOutput?
    do { unparsed = try ctx.openUnparsed(options.unparsedPath) } catch { return ctx.usage(error) }
    defer { closeOutput(unparsed) }
    let names = NameTable()
    let builder = SummaryBuilder(names: names, maxOpenMessages: options.maxMessages)
    var sink = SinkPair(FilteredSink(builder, filter: options.filter), RunMonitor(unparsed: unparsed))
    let run = Pipeline.runResuming(
      inputs, previous: state.positions, options: ctx.analysisOptions(options), names: names,
      sink: &sink)
    state.add(sink.first.inner.finish(totals: run.totals), positions: run.positions)
    state.summary.generator = "mailcodes \(MailCodesCLI.version)"
    // The state first: if the metrics file were written and the state not, the next run would
    // count the same lines again; the other way round, the next metrics file has them.
    let file: AtomicOutputFile
    do { file = try AtomicOutputFile.create(statePath) } catch { return ctx.usage(error) }
    file.output.write(state.render())
    if let error = file.commit() {
      ctx.error(error)
      return ExitStatus.error
    }
    let skipped = ctx.reportProblems(
      run.totals, monitor: sink.second, maxLineLength: options.maxLineLength,
      quiet: options.quiet)
    let destination: ReportDestination
    do { destination = try ReportDestination.open(options.outputPath, ctx) } catch { return ctx.usage(error) }
    destination.output.write(PrometheusRenderer.render(state.summary, kind: .counters, inputErrors: state.inputErrors))
    return finish(destination, ctx, skipped: skipped, problems: false, options: options)
  }

  /// The whole file as text (nil when it does not exist), or why it cannot be read.
  static func readWholeFile(_ path: String) -> (text: String?, failure: String?) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      return errno == ENOENT ? (nil, nil) : (nil, String(cString: strerror(errno)))
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return (nil, String(cString: strerror(errno)))
      }
      if n == 0 { break }
      bytes += chunk[0..<n]
    }
    return (String(decoding: bytes, as: UTF8.self), nil)
  }
}
