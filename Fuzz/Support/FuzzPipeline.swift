/// Runs the engine's pipeline on bytes in memory, the way `Pipeline.run` runs one input
/// series, and checks what every sink and renderer makes of it.
///
/// Options come from the input's size and first byte (so that a mutation can change them):
/// the family is forced or detected, the line limit is tiny or the default, and the open
/// session table holds 1 to 16 sessions, so that eviction happens all the time.
///
/// Properties, for any bytes:
/// - every line is counted once (`recognized + ignored + unrecognized == lines`), and once under
///   its mail program (`InputStats.daemons`: every recognized and unrecognized line), every event's
///   text ranges lie inside its line, no session ends twice, every event line that is lent
///   to a sink is the line the reader lent; a forced family's parser alone reads the lines;
///   a credential mark lies inside its line;
/// - the text report and the `--by` text table are terminal-safe (no control or escape
///   character, valid UTF-8);
/// - `--format json`, `--by ... --format json` and every `events` line are valid JSON;
/// - every CSV cell of `--by ... --format csv` is quoted or plain as RFC 4180 wants, and no
///   cell starts with a formula character.
enum FuzzPipeline {
  static let tableFields: [GroupField] = [
    .code, .client, .senderDomain, .recipientDomain, .remote, .outcome, .host, .service,
  ]

  static func run(_ data: ByteView, family: LogFamily) {
    guard !data.isEmpty else { return }
    let first = Int(data[0])
    var options = AnalysisOptions()
    options.family = data.count % 2 == 1 ? family : nil
    options.maxLineLength = first % 3 == 0 ? 40 + first : 64 * 1024
    options.maxOpenSessions = 1 + first % 16
    // Small reads split lines; 4 KiB ones keep the reader's buffer (allocated per input) small.
    options.chunkSize = first % 5 == 0 ? 1 + first % 7 : 4096
    options.year = first % 7 == 0 ? nil : 2026
    options.now = 1_795_000_000
    let input = data.bytes
    let names = NameTable()
    let events = ByteOutput(.memory)
    var sink = SinkPair(
      SinkPair(
        SummaryBuilder(names: names), GroupByTable(fields: tableFields, countSessions: first % 2 == 0, names: names)),
      SinkPair(EventLinesWriter(output: events, names: names), InvariantSink(forced: options.family)))
    let (stats, totals) = runOne(input, seed: first | 1, options: options, names: names, sink: &sink)

    FuzzCheck.require(
      stats.recognized + stats.ignored + stats.unrecognized == stats.lines,
      "line classes \(stats.recognized)+\(stats.ignored)+\(stats.unrecognized) != \(stats.lines) lines")
    // Per program: every recognized and every unrecognized line is a mail line of one program.
    var programRecognized = 0
    var programUnrecognized = 0
    var programTotal = 0
    for counts in stats.daemons.values {
      programRecognized += counts.recognized
      programUnrecognized += counts.unrecognized
      programTotal += counts.total
    }
    FuzzCheck.require(
      programRecognized == stats.recognized && programUnrecognized == stats.unrecognized
        && programTotal <= stats.lines,
      "line classes per program do not add up to the input's: \(stats.daemons)")
    FuzzCheck.require(
      sink.second.second.lines == stats.lines, "sink saw \(sink.second.second.lines) of \(stats.lines) lines")
    FuzzCheck.require(
      sink.second.second.events == stats.events, "sink saw \(sink.second.second.events) of \(stats.events) events")

    var summary = sink.first.first.finish(totals: totals)
    summary.generator = "mailcodes fuzz"
    let report = TextRenderer(width: 80).render(Report(summary: summary, top: 3))
    FuzzCheck.require(FuzzCheck.isTerminalSafe(FuzzCheck.bytes(report)), "text report is not terminal-safe")
    FuzzCheck.require(
      StrictJSON.isValid(FuzzCheck.bytes(SummaryJSON.render(summary))), "--format json is not valid JSON")

    // The same input with the summary's builder on a second thread (`DeferredSink`, as
    // `analyze` runs it): the same summary, at a batch size the input picks.
    if first % 4 == 0 {
      let deferredNames = NameTable()
      var deferredBuilder = SummaryBuilder(names: deferredNames)
      withUnsafeMutablePointer(to: &deferredBuilder) { target in
        guard
          var deferred = DeferredSink(
            linesPerBatch: 1 + first % 5, replay: { batch in batch.replay(into: &target.pointee) })
        else { return }
        _ = runOne(input, seed: first | 1, options: options, names: deferredNames, sink: &deferred)
        deferred.finish()
      }
      var deferredSummary = deferredBuilder.finish(totals: totals)
      deferredSummary.generator = "mailcodes fuzz"
      FuzzCheck.require(
        SummaryJSON.render(deferredSummary) == SummaryJSON.render(summary),
        "the summary differs with its builder on a second thread")
    }

    var table = sink.first.second
    table.flushPending()
    let grouped = table.table()
    FuzzCheck.require(
      FuzzCheck.isTerminalSafe(FuzzCheck.bytes(TableRenderer.text(grouped, width: 80))),
      "--by text is not terminal-safe")
    FuzzCheck.require(StrictJSON.isValid(FuzzCheck.bytes(TableRenderer.json(grouped))), "--by json is not valid JSON")
    CSVCheck.check(TableRenderer.csv(grouped), columns: tableFields.count + 1)

    events.flush()
    var start = 0
    let lines = events.memory
    while start < lines.count {
      let end = lines[start...].firstIndex(of: ASCII.newline) ?? lines.count
      FuzzCheck.require(
        StrictJSON.isValid(Array(lines[start..<end])),
        "events line is not valid JSON: \(String(decoding: lines[start..<end], as: UTF8.self))")
      start = end + 1
    }
  }

  /// One input through reader, envelope, parsers, tracker and sink, as `Pipeline.run` does it.
  static func runOne<Sink: AnalysisSink>(
    _ input: [UInt8], seed: Int, options: AnalysisOptions, names: NameTable, sink: inout Sink
  ) -> (InputStats, RunTotals) {
    var totals = RunTotals()
    var tracker = SessionTracker(maxOpenSessions: options.maxOpenSessions)
    var parsers = FormatDetector(forced: options.family)
    let file = InputFile(path: "fuzz.log")
    sink.beginInput(file, index: 0)
    var stats = InputStats(name: file.displayName)
    let source = ChunkedMemorySource(input, seed: seed, maxPiece: 1 + seed % 200)
    let opened = OpenedInput(file: file, source: source, isCompressed: false, modificationTime: 1_795_000_000)
    _ = Pipeline.readInput(
      opened, index: 0, options: options, names: names, tracker: &tracker, parsers: &parsers,
      stats: &stats, sink: &sink)
    sink.endInput(file, index: 0, stats: stats)
    parsers.finish(tracker: &tracker, line: stats.lines)
    for record in tracker.ended { sink.sessionEnded(record) }
    tracker.ended.removeAll()
    totals.evictedSessions = tracker.evictedCount
    totals.unterminatedSessions = tracker.unterminatedCount
    totals.sessionsOpened = tracker.openedCount
    totals.postscreenHandoffs = parsers.postscreenHandoffs
    FuzzCheck.require(tracker.openCount == 0, "\(tracker.openCount) sessions still open after finish")
    if let error = stats.error { totals.errors.append(error) }
    if let warning = stats.warning { totals.warnings.append(warning) }
    return (stats, totals)
  }
}

/// Checks the engine's promises to sinks while a fuzz input runs through the pipeline; with a
/// forced family (`--input-format`), that no other family's parser read a line, and that a
/// forced Postfix read recognizes no line with Exim's own time stamp.
struct InvariantSink: AnalysisSink {
  let forced: LogFamily?
  private(set) var lines = 0
  private(set) var events = 0
  private var ended: Set<SessionID> = []
  private var pendingEvents = 0

  init(forced: LogFamily? = nil) { self.forced = forced }

  mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    events += 1
    pendingEvents += 1
    let ranges = [
      ("clientText", event.clientText), ("clientName", event.clientName), ("remoteHost", event.remoteHost),
      ("sender", event.sender), ("recipient", event.recipient), ("helo", event.helo),
      ("queueID", event.queueID), ("text", event.text),
    ]
    for (name, range) in ranges where !range.isEmpty {
      FuzzCheck.require(
        range.start >= 0 && range.end <= line.count,
        "event \(name) range \(range.start)+\(range.length) outside line \(context.info.number) of \(line.count) bytes")
    }
    if let code = event.code {
      FuzzCheck.require(ReplyCode.isPlausible(Int(code.rawValue)), "implausible code \(code)")
    }
    FuzzCheck.require(
      event.firstLine <= context.info.number,
      "event's first line \(event.firstLine) after its line \(context.info.number)")
  }

  mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
    lines += 1
    FuzzCheck.require(context.info.number == lines, "line number \(context.info.number), expected \(lines)")
    FuzzCheck.require(
      output.events.count == pendingEvents, "\(pendingEvents) events given for a line with \(output.events.count)")
    if let forced {
      FuzzCheck.require(
        context.family == nil || context.family == forced,
        "--input-format \(forced): line \(lines) read as \(context.family.map(\.description) ?? "-")")
      if forced == .postfix, context.envelope.style == .eximNative {
        FuzzCheck.require(output.lineClass == .ignored, "--input-format postfix recognized an Exim line")
      }
    }
    FuzzCheck.require(output.secret.isEmpty || output.secret.end <= line.count, "credential mark outside the line")
    pendingEvents = 0
    return .proceed
  }

  mutating func sessionEnded(_ session: SessionRecord) {
    FuzzCheck.require(ended.insert(session.id).inserted, "session \(session.id.rawValue) ended twice")
  }
}
