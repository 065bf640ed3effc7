import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesRendering
import MailCodesSMTP
import MailCodesSupport

/// The one place that wires the stages: input plan -> reader -> envelope -> parser -> tracker
/// -> sink. Commands ask for a run, not for parts.
///
/// Inputs are grouped into rotated series (`InputPlan`), each read oldest first through one
/// session tracker. A missing or broken input is reported and the run goes on with the next.
public enum Pipeline {
  /// Reads `inputs` and feeds `sink`. Returns what the run hit.
  ///
  /// Performance: a generic function called from another module runs unspecialized unless
  /// that module can see its body, and then every per-line sink call goes through a witness
  /// table. The sinks of the command line are therefore pre-specialized here
  /// (`@_specialize(exported: true)`: callers with exactly these types use the specialized
  /// entry point). A new sink used on a hot path belongs in this list. Sinks that can merge
  /// (`MergeableSink`) take the overload below, which reads input groups in parallel.
  @_specialize(exported:true,where Sink == SinkPair<EventLinesWriter, RunMonitor>)
  @_specialize(exported:true,where Sink == SinkPair<FilteredSink<EventLinesWriter>, RunMonitor>)
  @_specialize(exported:true,where Sink == SinkPair<GrepMatcher<GrepPrinter>, RunMonitor>)
  public static func run<Sink: AnalysisSink>(
    _ inputs: [InputFile], options: AnalysisOptions, names: NameTable, sink: inout Sink
  ) -> RunTotals {
    runInOrder(InputPlan.groups(inputs), options: options, names: names, sink: &sink)
  }

  /// Reads `inputs` and feeds `sink`, with independent input groups (rotated series: the logs
  /// of different hosts) read in parallel when there are several and `options.threads` allows.
  ///
  /// The result is the one of the sequential run: every group is read by its own parser and
  /// session tracker either way (session ids are distinct per group), and each group gets
  /// its own sink (`emptyCopy`) and `NameTable`, merged into `sink` in group order. One thing
  /// crosses groups (`CrossSeriesState`: the Exim filter that counts a rejection written to
  /// both the mainlog and the rejectlog once). When more than one group's state may be
  /// repeated by another group, the parallel results are dropped and the groups are read again
  /// in order (`mailcodes analyze mainlog rejectlog` is read sequentially). A run in order
  /// puts the sink on a second thread (`runInOrderDeferred`) when `options.threads` allows.
  @_specialize(exported:true,where Sink == SinkPair<SummaryBuilder, RunMonitor>)
  @_specialize(exported:true,where Sink == SinkPair<FilteredSink<SummaryBuilder>, RunMonitor>)
  @_specialize(exported:true,where Sink == SinkPair<FilteredSink<GroupByTable>, RunMonitor>)
  @_specialize(exported:true,where Sink == SinkPair<GroupByTable, RunMonitor>)
  @_specialize(exported:true,where Sink == RunMonitor)
  public static func run<Sink: MergeableSink>(
    _ inputs: [InputFile], options: AnalysisOptions, names: NameTable, sink: inout Sink
  ) -> RunTotals {
    let groups = InputPlan.groups(inputs)
    let threads = min(groups.count, options.threads ?? ParallelRun.processorCount)
    guard groups.count > 1, threads > 1, sink.canMergeInParallel else {
      return runInOrderDeferred(groups, options: options, names: names, sink: &sink)
    }
    let job = GroupJob(groups: groups, options: options, names: names, prototype: sink)
    ParallelRun.run(job, threads: threads)
    guard job.groupsRepeatable <= 1 else {
      return runInOrderDeferred(groups, options: options, names: names, sink: &sink)
    }
    var totals = RunTotals()
    for g in groups.indices {
      guard let result = job.results[g] else { continue }
      sink.merge(result.sink, names: result.names)
      totals.add(result.totals)
    }
    return totals
  }

  /// `runInOrder` with the sink on a second thread (`DeferredSink`) when the run may use two:
  /// the parsing thread then only parses. Same calls in the same order, so the same result.
  static func runInOrderDeferred<Sink: MergeableSink>(
    _ groups: [InputPlan.Group], options: AnalysisOptions, names: NameTable, linesPerBatch: Int = 1024,
    sink: inout Sink
  ) -> RunTotals {
    guard (options.threads ?? ParallelRun.processorCount) > 1 else {
      return runInOrder(groups, options: options, names: names, sink: &sink)
    }
    return withUnsafeMutablePointer(to: &sink) { target in
      // The sink's thread is the only one to touch `sink` until `finish` has joined it.
      guard
        var deferred = DeferredSink(
          linesPerBatch: linesPerBatch, replay: { batch in batch.replay(into: &target.pointee) })
      else {
        return runInOrder(groups, options: options, names: names, sink: &target.pointee)
      }
      let totals = runInOrder(groups, options: options, names: names, sink: &deferred)
      deferred.finish()
      return totals
    }
  }

  /// Reads the groups one after the other into one sink.
  static func runInOrder<Sink: AnalysisSink>(
    _ groups: [InputPlan.Group], options: AnalysisOptions, names: NameTable, sink: inout Sink
  ) -> RunTotals {
    var totals = RunTotals()
    var inputIndex = 0
    // What must span the whole run (Exim's mainlog and rejectlog are two series).
    var crossSeries = CrossSeriesState(inputs: groups.reduce(0) { $0 + $1.files.count })
    for (groupIndex, group) in groups.enumerated() {
      let (groupTotals, stopped) = runGroup(
        group, groupIndex: groupIndex, firstInputIndex: inputIndex,
        options: options, names: names, crossSeries: &crossSeries,
        sink: &sink)
      inputIndex += group.files.count
      totals.add(groupTotals)
      if stopped { break }
    }
    return totals
  }

  /// Reads one group's files, oldest first, through one session tracker. Returns what the
  /// group hit and whether the sink asked to stop.
  static func runGroup<Sink: AnalysisSink>(
    _ group: InputPlan.Group, groupIndex: Int, firstInputIndex: Int, options: AnalysisOptions, names: NameTable,
    crossSeries: inout CrossSeriesState, sink: inout Sink
  ) -> (RunTotals, stopped: Bool) {
    var totals = RunTotals()
    var stopped = false
    var inputIndex = firstInputIndex
    var tracker = SessionTracker(maxOpenSessions: options.maxOpenSessions, idBase: UInt64(groupIndex) << 40)
    var parsers = FormatDetector(forced: options.family)
    sink.beginGroup(groupIndex)
    parsers.exchange(&crossSeries)
    defer { parsers.exchange(&crossSeries) }
    var lastLine = 0
    for file in group.files {
      let index = inputIndex
      inputIndex += 1
      var stats = InputStats(name: file.displayName)
      var opened: OpenedInput?
      do {
        opened = try InputOpener.open(file)
      } catch {
        stats.error = error
      }
      if let o = opened, let before = options.skipFilesWrittenBefore, let mtime = o.modificationTime,
        AnalysisOptions.localWallClock(utcSeconds: mtime) + 3600 < before
      {
        // Last written before the window: every line is older. Not read at all.
        totals.skippedInputs.append(file.displayName)
        continue
      }
      sink.beginInput(file, index: index)
      if let o = opened {
        stats.compressed = o.isCompressed
        stats.compression = o.compression
        stats.loneCRLineEnds = o.loneCRLineEnds
        stats.identity = o.identity
        stats.modificationTime = o.modificationTime
        stopped = readInput(
          o, index: index, options: options, names: names, tracker: &tracker,
          parsers: &parsers, stats: &stats, sink: &sink)
        lastLine = stats.lines
      }
      if let error = stats.error { totals.errors.append(error) }
      if let warning = stats.warning { totals.warnings.append(warning) }
      sink.endInput(file, index: index, stats: stats)
      if stopped { break }
    }
    parsers.finish(tracker: &tracker, line: lastLine)
    for record in tracker.ended { sink.sessionEnded(record) }
    tracker.ended.removeAll()
    totals.evictedSessions += tracker.evictedCount
    totals.unterminatedSessions += tracker.unterminatedCount
    totals.sessionsOpened += tracker.openedCount
    totals.postscreenHandoffs += parsers.postscreenHandoffs
    return (totals, stopped)
  }

  /// Reads one opened input to its end. Returns true when the sink asked to stop.
  static func readInput<Sink: AnalysisSink>(
    _ input: OpenedInput, index: Int, options: AnalysisOptions, names: NameTable,
    tracker: inout SessionTracker, parsers: inout FormatDetector, stats: inout InputStats, sink: inout Sink
  ) -> Bool {
    let reader = LineReader(chunkSize: options.chunkSize, maxLineLength: options.maxLineLength)
    // The prefilter never applies to transcripts: they are read whole (see `LinePrefilter`);
    // nor to journal entries, whose message may be escaped or a byte array.
    if let prefilter = options.prefilter, FormatDetector.allowsLinePrefilter(forced: options.family),
      !input.isJournalJSON
    {
      reader.prefilter = prefilter.set
    }
    // Regular files only: a read from a pipe can block for as long as the writer likes, and
    // the thread must end with the input (`PrefetchingSource.finish`).
    var source = input.source
    var readAhead: PrefetchingSource? = nil
    if let set = reader.prefilter, let blockSize = options.readAheadBlockSize, options.threads != 1,
      input.modificationTime != nil, input.file.command == nil, ParallelRun.processorCount > 1
    {
      // The held-session test's literals are searched ahead too (`LineStage.holdBack`).
      readAhead = PrefetchingSource(
        wrapping: input.source, literals: set, secondary: options.prefilter?.deferral?.primary, blockSize: blockSize)
      if let readAhead { source = readAhead }
    }
    defer { readAhead?.finish() }
    parsers.beginInput()
    return withUnsafeMutablePointer(to: &tracker) { tracker in
      withUnsafeMutablePointer(to: &parsers) { parsers in
        withUnsafeMutablePointer(to: &sink) { sink in
          var stage = LineStage(
            index: index, names: names, reader: reader, tracker: tracker, parsers: parsers, sink: sink,
            envelopes: EnvelopeParser(yearInference: options.yearInference(modificationTime: input.modificationTime)))
          if input.isJournalJSON { stage.journal = JournalEntryParser() }
          if reader.prefilter != nil, let deferral = options.prefilter?.deferral {
            stage.holdsSessions = true
            stage.primary = deferral.primary
            stage.replies = deferral.replies
            stage.held = HeldSessions(maxSessions: min(options.maxOpenSessions, 20_000))
            stage.searchedAhead = readAhead
            // The read-ahead thread then searches for `primary` with anchors of its own; the
            // stage's search only takes the lines across a block's end: not worth tuning.
            if readAhead != nil { stage.primarySample = nil }
          }
          // The closure is one call, so it is inlined into the reader's loop and `stage`
          // stays a local: no captured variables boxed and reference counted per line.
          if stage.holdsSessions {
            reader.read(source) { line, info in stage.consumeHolding(line, info) }
          } else {
            reader.read(source) { line, info in stage.consume(line, info) }
          }
          readAhead?.finish()
          // Sessions still held at the end go on in the next input of the series, or end
          // open: either way the full run parsed their lines.
          if !stage.stopped { _ = stage.parseAllHeld() }
          stage.finish(&stats)
          stats.lines = reader.lineCount
          stats.bytes = reader.byteCount
          stats.truncatedLines = reader.truncatedLines
          stats.prefilteredLines = reader.skippedLines + stage.droppedLines
          stats.error = reader.error
          stats.warning = input.source.warning
          return stage.stopped
        }
      }
    }
  }
}

/// What happens to each line of one input: envelope, names, parse, counts, sink.
///
/// A struct with the run's tracker, parsers and sink behind pointers (valid for the read of
/// one input, see `Pipeline.readInput`), so that the per-line work is one direct call.
struct LineStage<Sink: AnalysisSink> {
  let index: Int
  let names: NameTable
  let reader: LineReader
  let tracker: UnsafeMutablePointer<SessionTracker>
  let parsers: UnsafeMutablePointer<FormatDetector>
  let sink: UnsafeMutablePointer<Sink>
  var envelopes: EnvelopeParser
  /// Reads the entries of `journalctl -o json` input into syslog lines; nil for other input.
  var journal: JournalEntryParser? = nil
  var ctx = ParseContext(line: .empty, envelope: SyslogEnvelope(), lineNumber: 0, hostID: 0, programID: 0, time: nil)
  var output = ParseOutput()
  var lastTime: LogTimestamp? = nil
  var first: LogTimestamp? = nil
  var firstLineHash: UInt64? = nil
  var timeReversals = 0
  var stopped = false
  var recognized = 0, ignored = 0, unrecognized = 0, events = 0
  /// Lines per family, indexed by `LogFamily.rawValue` (a tuple: no array checks per line).
  var familyLines: (Int, Int, Int, Int) = (0, 0, 0, 0)
  /// Mail lines per program id (`names.programs`); untagged ones per family (index 0: none).
  var programClasses: [LineClassCounts] = []
  var untaggedClasses = [LineClassCounts](repeating: LineClassCounts(), count: 4)
  var otherProgramClasses = LineClassCounts()
  let recentHosts = RecentNames(slots: 8)
  let recentPrograms = RecentNames(slots: 64)
  let prefiltering: Bool
  /// With a prefilter that holds smtpd sessions back (`LinePrefilter.SessionDeferral`): its
  /// primary literals and counter replies, and the sessions held. Stored apart, not as the
  /// optional plan: reading them then copies (and reference counts) nothing per line.
  var holdsSessions = false
  var primary = LiteralSet([[0x20]])
  /// The first kept lines, until there are 64 KiB of them: the sample `primary` is then tuned
  /// to (as the reader tunes its literals to the input's start), nil once it is.
  var primarySample: [UInt8]? = []
  var replies: CounterReplies = []
  var held = HeldSessions(maxSessions: 1)
  /// The read-ahead thread's search for `primary` (`PrefetchingSource.hasSecondaryMatch`).
  var searchedAhead: PrefetchingSource? = nil
  /// Lines of held sessions dropped unparsed (counted with the prefilter's skipped lines).
  var droppedLines = 0

  init(
    index: Int, names: NameTable, reader: LineReader, tracker: UnsafeMutablePointer<SessionTracker>,
    parsers: UnsafeMutablePointer<FormatDetector>, sink: UnsafeMutablePointer<Sink>, envelopes: EnvelopeParser
  ) {
    self.index = index
    self.names = names
    self.reader = reader
    self.tracker = tracker
    self.parsers = parsers
    self.sink = sink
    self.envelopes = envelopes
    prefiltering = reader.prefilter != nil
    // The sink's thread reads the message events' fields (`SinkBatch.replay`).
    ctx.defersMessageFields = Sink.self == DeferredSink.self
  }

  @inline(never)
  mutating func consume(_ inputLine: ByteView, _ info: LineInfo) -> Flow {
    consume(inputLine, info, holding: false)
  }

  /// `consume` for a run that holds smtpd sessions back (`holdsSessions`).
  @inline(never)
  mutating func consumeHolding(_ inputLine: ByteView, _ info: LineInfo) -> Flow {
    consume(inputLine, info, holding: true)
  }

  /// One body for both, inlined into each with `holding` a constant: a run that holds nothing
  /// (`analyze`, most of `grep`) does not test for it per line.
  @inline(__always)
  mutating func consume(_ inputLine: ByteView, _ info: LineInfo, holding: Bool) -> Flow {
    // The parse context is kept and overwritten in place: its envelope is parsed straight
    // into it (no 100-byte structures returned and copied per line).
    var line = inputLine
    if let journal {
      // A journal entry becomes the syslog line it stands for, in the parser's buffer.
      line = journal.parse(inputLine, into: &ctx.envelope)
    } else {
      envelopes.parse(line, into: &ctx.envelope)
    }
    if info.number == 1 { firstLineHash = LineStage.hash(inputLine) }
    if prefiltering, info.number == 1 || parsers.pointee.needsEveryLine {
      // An input whose first line has no syslog or Exim header is a transcript, and so is
      // everything after the transcript parser took over: no more lines are skipped. Nor after
      // a Postfix line whose tag names no daemon (see `FormatDetector.needsEveryLine`).
      if !ctx.envelope.hasHeader || parsers.pointee.needsEveryLine { reader.prefilterSwitch.pointee = false }
    }
    var hostID: UInt32 = 0
    var programID: UInt32 = 0
    if ctx.envelope.hasHeader {
      let names = self.names
      if !ctx.envelope.host.isEmpty {
        let host = line.slice(ctx.envelope.host)
        hostID = recentHosts.cached(host) ?? LineStage.intern(host, host: true, names, recentHosts)
      }
      if !ctx.envelope.program.isEmpty {
        let program = line.slice(ctx.envelope.program)
        programID = recentPrograms.cached(program) ?? LineStage.intern(program, host: false, names, recentPrograms)
      }
    }
    if let t = ctx.envelope.time {
      if let previous = lastTime {
        if t.wallSeconds + 60 < previous.wallSeconds { timeReversals += 1 }
      } else {
        first = t
      }
      lastTime = t
      ctx.time = t
    } else {
      ctx.time = lastTime
    }
    ctx.line = line
    ctx.lineNumber = info.number
    ctx.hostID = hostID
    ctx.programID = programID
    if holding, holdsSessions, let flow = holdBack(line, info) { return flow }
    return parseLine(line, info)
  }

  /// Parses the line of `ctx` and hands it to the sink, with its events and the sessions it
  /// ended. Inlined into `consume` (a call there costs `analyze` one percent, measured);
  /// held lines (`parseHeld`) come through `parseHeldLine`, which is not inlined.
  @inline(__always)
  mutating func parseLine(_ line: ByteView, _ info: LineInfo) -> Flow {
    let envelope = ctx.envelope
    let hostID = ctx.hostID
    let programID = ctx.programID
    output.reset()
    parsers.pointee.parse(ctx, tracker: &tracker.pointee, into: &output)
    switch output.lineClass {
    case .recognized: recognized += 1
    case .ignored: ignored += 1
    case .unrecognized: unrecognized += 1
    }
    if let family = output.family, output.lineClass != .ignored {
      switch family {
      case .postfix: familyLines.1 += 1
      case .exim: familyLines.2 += 1
      case .transcript: familyLines.3 += 1
      }
    }
    if output.family != nil || output.lineClass == .unrecognized { countMailLine(programID, output) }
    let context = LineContext(
      inputIndex: index, info: info, envelope: envelope, hostID: hostID,
      programID: programID, family: output.family)
    events += output.events.count
    if output.eventBytes.isEmpty {
      for event in output.events { sink.pointee.event(event, line: line, context: context) }
    } else {
      // An event holds a text of an earlier line: the events' texts index the line's copy
      // with that text after it (`ParseOutput.eventBytes`).
      let sink = self.sink
      output.eventBytes.withUnsafeBufferPointer { bytes in
        let view = ByteView(base: bytes.baseAddress!, count: bytes.count)
        for event in output.events { sink.pointee.event(event, line: view, context: context) }
      }
    }
    let flow = sink.pointee.line(line, context: context, output: output)
    if !tracker.pointee.ended.isEmpty {
      for record in tracker.pointee.ended { sink.pointee.sessionEnded(record) }
      // One by one: `removeAll(keepingCapacity:)` takes the slow generic path.
      while !tracker.pointee.ended.isEmpty { tracker.pointee.ended.removeLast() }
    }
    switch flow {
    case .stop:
      stopped = true
      return .stop
    case .skipInput:
      return .skipInput
    case .proceed:
      return .proceed
    }
  }

  /// `parseLine` out of line, for the held lines of `parseHeld` (off the hot path).
  @inline(never)
  mutating func parseHeldLine(_ line: ByteView, _ info: LineInfo) -> Flow { parseLine(line, info) }

  /// Holds the line of `ctx` back with its smtpd session (`LinePrefilter.SessionDeferral`),
  /// drops it with its session, or parses the sessions it needs first. Returns nil when the
  /// line is to be parsed now.
  @inline(never)
  mutating func holdBack(_ line: ByteView, _ info: LineInfo) -> Flow? {
    guard reader.prefilterSwitch.pointee, !parsers.pointee.needsEveryLine else {
      // Every line is parsed from now on: the held sessions first.
      holdsSessions = false
      return parseAllHeld()
    }
    guard ctx.envelope.hasHeader, ctx.programID != 0 else { return nil }
    let m = ctx.envelope.message
    guard parsers.pointee.readsAsPostfixSMTPD(ctx) else {
      // A queue id links lines of other daemons (cleanup's rejects) to the session that
      // received the message. (smtpd's own lines with a queue id are of the session on
      // their pid.)
      if !held.queueOwners.isEmpty, let queue = SMTPDLineRole.queueID(line, message: m),
        let owner = held.queueOwners[queue]
      {
        return parseHeld(owner)
      }
      return nil
    }
    let key = SessionKey(host: ctx.hostID, program: ctx.programID, pid: ctx.envelope.pid)
    if primarySample != nil { samplePrimary(line) }
    // What makes a line match is in its message (a host or time stamp with `554` in it does
    // not): the message is searched, from the separator before it, which the dialogue
    // literals (` > `) start with.
    let from = max(0, m - 2)
    let isPrimary =
      (info.isTruncated
        ? nil
        : searchedAhead?.hasSecondaryMatch(from: info.offset + Int64(from), end: info.offset + Int64(line.count)))
      ?? (primary.firstMatch(in: line.base, from: from, end: line.count) != nil)
    if isPrimary { return parseHeld(key) }
    // A session already parsed (one of its lines was primary) is parsed to its end.
    if tracker.pointee.find(key) != nil { return parseHeld(key) }
    let role = SMTPDLineRole.of(line, message: m)
    switch role {
    case .disconnect(let clientAt):
      if replies.mayBeInferred(
        atDisconnect: line, clientAt: clientAt, improperPipelining: held.improperPipelining(key))
      {
        return parseHeld(key)
      }
      droppedLines += 1 + held.drop(key)
      return .proceed
    case .connect:
      // The session before (its `disconnect` missing) is parsed: the parser ends it here.
      if held.holds(key) {
        if let flow = parseHeld(key) { return flow }
        if tracker.pointee.find(key) != nil { return nil }
      }
    default:
      break
    }
    switch held.hold(line, ctx, info, key: key, role: role) {
    case .held:
      return .proceed
    case .sessionFull:
      // Parsed now, this line with it, and from now on in order.
      return parseHeld(key) ?? .proceed
    case .storeFull:
      return parseAllHeld()
    }
  }

  /// Adds `line` to the sample of kept lines, and tunes `primary` to it once it is large
  /// enough: anchors rare in these lines (statically, `RCP` of `RCPT` looks rare).
  @inline(never)
  mutating func samplePrimary(_ line: ByteView) {
    primarySample!.append(contentsOf: UnsafeBufferPointer(start: line.base, count: line.count))
    primarySample!.append(ASCII.newline)
    guard primarySample!.count >= 64 << 10 else { return }
    primary = primarySample!.withUnsafeBufferPointer {
      primary.tuned(to: ByteView(base: $0.baseAddress!, count: $0.count))
    }
    primarySample = nil
  }

  /// Parses the lines held for `key`, if any, restoring the current line's context. Returns
  /// nil when the run goes on (the sink asked nothing else).
  mutating func parseHeld(_ key: SessionKey) -> Flow? {
    guard var session = held.take(key) else { return nil }
    let current = ctx
    var flow = Flow.proceed
    session.bytes.withUnsafeBufferPointer { bytes in
      guard let base = bytes.baseAddress else { return }
      for line in session.lines where flow == .proceed {
        ctx.line = ByteView(base: base + line.start, count: line.count)
        ctx.envelope = line.envelope
        ctx.time = line.time
        ctx.lineNumber = line.info.number
        ctx.hostID = line.hostID
        ctx.programID = line.programID
        flow = parseHeldLine(ctx.line, line.info)
      }
    }
    held.recycle(&session)
    ctx = current
    return flow == .proceed ? nil : flow
  }

  /// Parses every held session (in no particular order: each one's lines in theirs). Returns
  /// nil when the run goes on.
  mutating func parseAllHeld() -> Flow? {
    guard !held.isEmpty else { return nil }
    for key in held.keys {
      if let flow = parseHeld(key) { return flow }
    }
    return nil
  }

  /// Interns a name the recent names did not have, and remembers it there.
  @inline(never)
  static func intern(_ name: ByteView, host: Bool, _ names: NameTable, _ recent: RecentNames) -> UInt32 {
    let id = host ? names.hosts.id(name) : names.programs.id(name)
    recent.remember(name, id: id)
    return id
  }

  /// FNV-1a of a line's bytes.
  static func hash(_ line: ByteView) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for i in 0..<line.count { h = (h ^ UInt64(line[i])) &* 0x100_0000_01b3 }
    return h
  }

  /// Counts a mail line's class under its program (what "never clean when blind" reads).
  @inline(__always)
  mutating func countMailLine(_ programID: UInt32, _ output: ParseOutput) {
    if programID == 0 {
      untaggedClasses[Int(output.family?.rawValue ?? 0)].add(output.lineClass)
    } else if programID == ByteInterner.overflowID {
      otherProgramClasses.add(output.lineClass)
    } else {
      let i = Int(programID)
      if i >= programClasses.count {
        programClasses.append(contentsOf: repeatElement(LineClassCounts(), count: i - programClasses.count + 1))
      }
      programClasses[i].add(output.lineClass)
    }
  }

  /// Writes what the input held into `stats`.
  func finish(_ stats: inout InputStats) {
    stats.recognized = recognized
    stats.ignored = ignored
    stats.unrecognized = unrecognized
    stats.events = events
    stats.timeReversals += timeReversals
    if let first, stats.first == nil { stats.first = first }
    for (family, count) in [(LogFamily.postfix, familyLines.1), (.exim, familyLines.2), (.transcript, familyLines.3)]
    where count > 0 {
      stats.familyLines[family] = count
    }
    stats.last = lastTime
    stats.firstLineHash = firstLineHash
    for (id, counts) in programClasses.enumerated() where counts.total > 0 {
      stats.daemons[names.program(UInt32(id)), default: LineClassCounts()].add(counts)
    }
    for (family, counts) in untaggedClasses.enumerated() where counts.total > 0 {
      let name = LogFamily(rawValue: UInt8(family))?.description ?? "(no tag)"
      stats.daemons[name, default: LineClassCounts()].add(counts)
    }
    if otherProgramClasses.total > 0 { stats.daemons["(other)", default: LineClassCounts()].add(otherProgramClasses) }
    stats.transcript = parsers.pointee.inputDescription
    stats.yearRollovers = envelopes.yearInference.rollovers
  }
}
