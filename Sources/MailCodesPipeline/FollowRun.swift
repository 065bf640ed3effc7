import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesRendering
import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// How a followed run (`--follow`) is driven: how often files are looked at, when it ends, and
/// what the command does while it waits.
public struct FollowControl {
  /// Seconds between two looks at files that had nothing new.
  public var pollInterval = 0.2
  /// Asked after every look: true ends the run (a signal was received).
  public var shouldStop: () -> Bool
  /// Called when every file has been read to its current end, before waiting: the time to
  /// write out what is buffered. Gets the rotation notices gathered since the last call.
  public var onIdle: (_ notices: [String]) -> Void
  /// Seconds between two calls of the run's `tick` (a refreshed report); nil: never.
  public var interval: Int?

  public init(
    pollInterval: Double = 0.2, interval: Int? = nil, shouldStop: @escaping () -> Bool,
    onIdle: @escaping (_ notices: [String]) -> Void = { _ in }
  ) {
    self.pollInterval = pollInterval
    self.interval = interval
    self.shouldStop = shouldStop
    self.onIdle = onIdle
  }
}

/// An input being followed: its file, the index the sink knows it by, and its group's state.
public struct FollowedInput {
  public var file: InputFile
  public var index: Int
  /// What has been read of it so far.
  public var stats: InputStats
}

extension Pipeline {
  /// Reads `inputs` and then follows them as they grow (`tail -F`), until `control.shouldStop`.
  ///
  /// Each rotated series (`InputPlan`) is read oldest first as in `run`; its newest file is then
  /// followed (`FollowedFile`), through renames and truncations, with the series' session
  /// tracker, so a session that spans a rotation is one session. Several series are followed
  /// together, in one thread, each line handled as soon as it is read. Standard input and a
  /// compressed newest file are read to their end (they do not grow). At the end, what is left
  /// is read, the unfinished last lines are lent, and the sessions still open are ended, as at
  /// the end of a normal run. `tick` is called every `control.interval` seconds with the sink
  /// and the inputs being followed (for a refreshed report).
  public static func follow<Sink: AnalysisSink>(
    _ inputs: [InputFile], options: AnalysisOptions, names: NameTable, sink: inout Sink, control: FollowControl,
    tick: (_ sink: Sink, _ following: [FollowedInput]) -> Void = { _, _ in }
  ) -> RunTotals {
    var options = options
    // Every line of a followed file is parsed: the prefilter is for batch runs.
    options.prefilter = nil
    options.skipFilesWrittenBefore = nil
    return withUnsafeMutablePointer(to: &sink) { sink in
      var run = FollowRun(options: options, names: names, sink: sink)
      run.start(InputPlan.groups(inputs))
      run.loop(control, tick)
      return run.end()
    }
  }
}

/// The state of one followed run: per series a tracker and parsers (kept at fixed addresses:
/// each `LineStage` points at them), per followed file its stage.
struct FollowRun<Sink: AnalysisSink> {
  struct Series {
    let tracker: UnsafeMutablePointer<SessionTracker>
    let parsers: UnsafeMutablePointer<FormatDetector>
    var lastLine = 0
  }

  struct Followed {
    let followed: FollowedFile
    let series: Int
    var input: FollowedInput
    var stage: LineStage<Sink>
    var done = false
  }

  let options: AnalysisOptions
  let names: NameTable
  let sink: UnsafeMutablePointer<Sink>
  var series: [Series] = []
  var followed: [Followed] = []
  var totals = RunTotals()
  var crossSeries = CrossSeriesState()
  var stopped = false
  /// A reader with no prefilter, for `LineStage` (which asks it whether lines are skipped).
  let plainReader = LineReader(chunkSize: 1, maxLineLength: 1)

  init(options: AnalysisOptions, names: NameTable, sink: UnsafeMutablePointer<Sink>) {
    self.options = options
    self.names = names
    self.sink = sink
  }

  /// Reads every series' older files and opens its newest for following.
  mutating func start(_ groups: [InputPlan.Group]) {
    crossSeries = CrossSeriesState(inputs: groups.reduce(0) { $0 + $1.files.count })
    var inputIndex = 0
    for (groupIndex, group) in groups.enumerated() {
      let tracker = UnsafeMutablePointer<SessionTracker>.allocate(capacity: 1)
      tracker.initialize(to: SessionTracker(maxOpenSessions: options.maxOpenSessions, idBase: UInt64(groupIndex) << 40))
      let parsers = UnsafeMutablePointer<FormatDetector>.allocate(capacity: 1)
      parsers.initialize(to: FormatDetector(forced: options.family))
      series.append(Series(tracker: tracker, parsers: parsers))
      for (position, file) in group.files.enumerated() {
        let index = inputIndex
        inputIndex += 1
        if stopped { continue }
        if position == group.files.count - 1, !file.isStandardInput, !isCompressed(file) {
          startFollowing(file, index: index, series: groupIndex)
        } else {
          readWhole(file, index: index, series: groupIndex)
        }
      }
    }
  }

  private func isCompressed(_ file: InputFile) -> Bool {
    guard let opened = try? InputOpener.open(file) else { return false }
    return opened.isCompressed
  }

  private mutating func startFollowing(_ file: InputFile, index: Int, series s: Int) {
    let f = FollowedFile(file, maxLineLength: options.maxLineLength)
    sink.pointee.beginInput(file, index: index)
    series[s].parsers.pointee.beginInput()
    let stage = LineStage(
      index: index, names: names, reader: plainReader, tracker: series[s].tracker, parsers: series[s].parsers,
      sink: sink, envelopes: EnvelopeParser(yearInference: options.yearInference(modificationTime: Int64(time(nil)))))
    followed.append(
      Followed(
        followed: f, series: s,
        input: FollowedInput(
          file: file, index: index,
          stats: InputStats(name: file.displayName)),
        stage: stage))
  }

  /// An older file of a series (or one that cannot grow): read to its end, as `run` does.
  private mutating func readWhole(_ file: InputFile, index: Int, series s: Int) {
    var stats = InputStats(name: file.displayName)
    var opened: OpenedInput?
    do { opened = try InputOpener.open(file) } catch { stats.error = error }
    sink.pointee.beginInput(file, index: index)
    if let o = opened {
      stats.compressed = o.isCompressed
      stats.loneCRLineEnds = o.loneCRLineEnds
      series[s].parsers.pointee.exchange(&crossSeries)
      stopped = Pipeline.readInput(
        o, index: index, options: options, names: names, tracker: &series[s].tracker.pointee,
        parsers: &series[s].parsers.pointee, stats: &stats, sink: &sink.pointee)
      series[s].parsers.pointee.exchange(&crossSeries)
      series[s].lastLine = stats.lines
    }
    if let error = stats.error { totals.errors.append(error) }
    if let warning = stats.warning { totals.warnings.append(warning) }
    sink.pointee.endInput(file, index: index, stats: stats)
  }

  /// Reads new lines as they come until asked to stop.
  mutating func loop(_ control: FollowControl, _ tick: (Sink, [FollowedInput]) -> Void) {
    // The first report as soon as what the files held is read, then one per interval.
    var nextTick = control.interval.map { _ in monotonicSeconds() }
    while !stopped, !control.shouldStop(), followed.contains(where: { !$0.done }) {
      var progressed = false
      for i in followed.indices where !followed[i].done {
        let (got, flow) = withFollowed(i) { f, stage in f.poll { line, info in stage.consume(line, info) } }
        progressed = progressed || got
        handle(flow, i)
        if stopped { break }
      }
      if stopped { break }
      if !progressed {
        for i in followed.indices where !followed[i].done {
          let flow = withFollowed(i) { f, stage in f.checkRotation { line, info in stage.consume(line, info) } }
          handle(flow, i)
        }
        var notices: [String] = []
        for f in followed { notices += f.followed.takeNotices() }
        control.onIdle(notices)
        if let at = nextTick, let every = control.interval, monotonicSeconds() >= at {
          tick(sink.pointee, snapshot())
          nextTick = monotonicSeconds() + Double(every)
        }
        sleep(seconds: control.pollInterval)
      } else if let at = nextTick, let every = control.interval, monotonicSeconds() >= at {
        tick(sink.pointee, snapshot())
        nextTick = monotonicSeconds() + Double(every)
      }
    }
  }

  /// Runs `body` on followed file `i` and its stage, its series' parsers holding the run's
  /// `CrossSeriesState`.
  private mutating func withFollowed<T>(_ i: Int, _ body: (FollowedFile, inout LineStage<Sink>) -> T) -> T {
    let parsers = series[followed[i].series].parsers
    parsers.pointee.exchange(&crossSeries)
    defer { parsers.pointee.exchange(&crossSeries) }
    return body(followed[i].followed, &followed[i].stage)
  }

  private mutating func handle(_ flow: Flow, _ i: Int) {
    switch flow {
    case .stop: stopped = true
    case .skipInput: followed[i].done = true
    case .proceed: break
    }
  }

  /// The followed inputs with what has been read of them so far.
  private func snapshot() -> [FollowedInput] {
    followed.map { f in
      var input = f.input
      fill(&input.stats, f)
      return input
    }
  }

  private func fill(_ stats: inout InputStats, _ f: Followed) {
    f.stage.finish(&stats)
    stats.lines = f.followed.lineCount
    stats.bytes = f.followed.byteCount
    stats.truncatedLines = f.followed.truncatedLines
  }

  /// Reads what is left, ends the inputs and the sessions still open. Returns the totals.
  mutating func end() -> RunTotals {
    for i in followed.indices {
      if !followed[i].done && !stopped {
        withFollowed(i) { f, stage in f.finish { line, info in stage.consume(line, info) } }
      }
      var stats = followed[i].input.stats
      fill(&stats, followed[i])
      series[followed[i].series].lastLine = stats.lines
      if let error = followed[i].followed.error {
        // Still missing at the end (it was waited for all along).
        stats.error = error
        totals.errors.append(error)
      }
      sink.pointee.endInput(followed[i].input.file, index: followed[i].input.index, stats: stats)
    }
    for s in series {
      s.parsers.pointee.finish(tracker: &s.tracker.pointee, line: s.lastLine)
      for record in s.tracker.pointee.ended { sink.pointee.sessionEnded(record) }
      s.tracker.pointee.ended.removeAll()
      totals.evictedSessions += s.tracker.pointee.evictedCount
      totals.unterminatedSessions += s.tracker.pointee.unterminatedCount
      totals.sessionsOpened += s.tracker.pointee.openedCount
      totals.postscreenHandoffs += s.parsers.pointee.postscreenHandoffs
      s.tracker.deinitialize(count: 1)
      s.tracker.deallocate()
      s.parsers.deinitialize(count: 1)
      s.parsers.deallocate()
    }
    series.removeAll()
    return totals
  }
}

/// Seconds of the monotonic clock.
func monotonicSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Sleeps; a signal ends the sleep early (`nanosleep` returns on EINTR), so a stop request is
/// seen at once.
func sleep(seconds: Double) {
  var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
  var remaining = timespec()
  _ = nanosleep(&request, &remaining)
}
