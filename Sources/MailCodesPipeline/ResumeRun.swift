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

/// Where a run left a log file (`analyze --state`): what the next run reads from.
///
/// `counted` is the end of the last complete line counted (a line still being written is left
/// for the next run). `resume` is where the next run starts reading, at or before `counted`:
/// the first line of the oldest session still open, so that the next run sees that session
/// whole and counts it once, when it ends. Lines between `resume` and `counted` are read again
/// without being counted. The file is known by its device and inode and by its first bytes, so
/// that after a rotation its rest is found where it went (`RotatedFileFinder`).
public struct InputPosition: Sendable, Equatable {
  public var path: String
  public var identity: FileIdentity
  public var fingerprint: FileFingerprint
  public var counted: Int64
  /// Where the next run starts reading: an offset in the live file, or, when the oldest open
  /// session began before the last rotation, in the rotated file (`resumeIdentity`).
  public var resume: Int64
  public var resumeIdentity: FileIdentity?
  public var resumeFingerprint: FileFingerprint?
  /// Where the file was found after its last rotation (for people reading the state file).
  public var rotatedTo: String?

  public init(
    path: String, identity: FileIdentity, fingerprint: FileFingerprint, counted: Int64, resume: Int64,
    resumeIdentity: FileIdentity? = nil, resumeFingerprint: FileFingerprint? = nil, rotatedTo: String? = nil
  ) {
    self.path = path
    self.identity = identity
    self.fingerprint = fingerprint
    self.counted = counted
    self.resume = resume
    self.resumeIdentity = resumeIdentity
    self.resumeFingerprint = resumeFingerprint
    self.rotatedTo = rotatedTo
  }

  /// How far back sessions are read again at most: a session that began further back is
  /// counted from its end alone (a busy server writes about 1 MiB of log a minute).
  public static let maxReplay: Int64 = 4 << 20
}

extension Pipeline {
  /// The result of `runResuming`: the run's totals and where each input was left.
  public struct ResumedRun {
    public var totals: RunTotals
    public var positions: [InputPosition]
  }

  /// Reads each of `files` (live logs, one per rotated series) from where `previous` left it,
  /// through a rotation in between, and counts only what was not counted before (see
  /// `InputPosition`). Sessions still open at the end are not ended: the next run counts them.
  ///
  /// A file whose previous position is unknown is read from its start. A file that was rotated
  /// since: the rest of its old file (found by inode or first bytes, compressed or not) is read
  /// first, then the new file from its start; when the old file cannot be found, the lines
  /// written to it after the last run are lost, and a warning says so.
  public static func runResuming<Sink: AnalysisSink>(
    _ files: [InputFile], previous: [String: InputPosition], options: AnalysisOptions, names: NameTable,
    sink: inout Sink
  ) -> ResumedRun {
    var totals = RunTotals()
    var positions: [InputPosition] = []
    var resuming = ResumeSink(sink)
    // Exim's mainlog and rejectlog: the rejectlog after the mainlog, one duplicate filter for
    // both, as in `run` (the mainlog's lines read again for open sessions fill it too).
    var crossSeries = CrossSeriesState(inputs: files.count)
    for (index, file) in InputPlan.groups(files).flatMap(\.files).enumerated() {
      var stats = InputStats(name: file.displayName)
      var tracker = SessionTracker(maxOpenSessions: options.maxOpenSessions, idBase: UInt64(index) << 40)
      var parsers = FormatDetector(forced: options.family)
      parsers.exchange(&crossSeries)
      defer { parsers.exchange(&crossSeries) }
      resuming.beginInput(file, index: index)
      switch plan(file, previous: previous[file.path]) {
      case .failure(let error):
        stats.error = error
        if let old = previous[file.path] { positions.append(old) }
      case .success(let plan):
        if let warning = plan.warning { totals.warnings.append(warning) }
        resuming.source = plan.source
        let input = OpenedInput(
          file: file, source: plan.source, isCompressed: false, modificationTime: plan.modificationTime)
        _ = readInput(
          input, index: index, options: options, names: names, tracker: &tracker, parsers: &parsers,
          stats: &stats, sink: &resuming)
        // Where the next run starts: the first line of the oldest open session, within reach.
        var position = InputPosition(
          path: file.path, identity: plan.identity, fingerprint: plan.fingerprint,
          counted: plan.end, resume: plan.end, rotatedTo: plan.rotatedFrom)
        if let oldest = resuming.oldestOpenSession(from: plan.source.replayableStart),
          plan.source.streamOffset - oldest <= InputPosition.maxReplay,
          let (segment, offset) = plan.source.locate(oldest)
        {
          position.resume = offset
          if let identity = segment.identity, !identity.isSameFile(as: plan.identity) {
            position.resumeIdentity = identity
            position.resumeFingerprint = segment.fingerprint
          }
        }
        positions.append(position)
      }
      if let error = stats.error { totals.errors.append(error) }
      if let warning = stats.warning { totals.warnings.append(warning) }
      resuming.endInput(file, index: index, stats: stats)
      // Sessions still open are carried to the next run (not ended as `open` here).
      totals.evictedSessions += tracker.evictedCount
      totals.sessionsOpened += tracker.openedCount
      totals.postscreenHandoffs += parsers.postscreenHandoffs
    }
    sink = resuming.inner
    return ResumedRun(totals: totals, positions: positions)
  }

  struct ResumePlan {
    var source: SegmentSource
    var end: Int64
    var identity: FileIdentity
    var fingerprint: FileFingerprint
    var modificationTime: Int64?
    var rotatedFrom: String?
    var warning: InputError?
  }

  /// What to read of `file` this time: the pieces (the rotated file where the oldest open
  /// session began, the previous live file if it was rotated since, the live file), where
  /// counting starts, and where it ends.
  static func plan(_ file: InputFile, previous: InputPosition?) -> Result<ResumePlan, InputError> {
    let fd = open(file.path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      let code = errno
      return .failure(
        InputError(
          kind: code == ENOENT ? .notFound : code == EACCES ? .permissionDenied : .openFailed,
          input: file.displayName, detail: systemMessage(code)))
    }
    var info = stat()
    fstat(fd, &info)
    let identity = FileIdentity(info)
    let head = readHead(fd)
    let fingerprint = FileFingerprint(of: head)
    // Only complete lines: up to the last newline the file holds now.
    let end = lastLineEnd(fd, size: identity.size)
    var segments: [SegmentSource.Segment] = []
    var countSegment = 0
    var countOffset: Int64 = 0
    var liveStart: Int64 = 0
    var rotatedFrom: String?
    var warning: InputError?

    func rotated(_ path: String, from start: Int64, fingerprint: FileFingerprint) -> Bool {
      guard let opened = try? InputOpener.open(InputFile(path: path)) else { return false }
      segments.append(
        SegmentSource.Segment(
          source: opened.source, skip: start, limit: nil, fileOffset: start,
          identity: FileIdentity.of(path: path), fingerprint: fingerprint))
      return true
    }

    if let previous {
      var liveResume = previous.resume
      if let resumeIdentity = previous.resumeIdentity {
        // The oldest open session began in a file rotated before the last run.
        liveResume = 0
        if let old = RotatedFileFinder.find(
          path: file.path, identity: resumeIdentity, fingerprint: previous.resumeFingerprint),
          rotated(
            old, from: previous.resume, fingerprint: previous.resumeFingerprint ?? FileFingerprint(length: 0, hash: 0))
        {
        } else {
          warning = InputError(
            kind: .readFailed, input: file.displayName,
            detail: "the rotated file where sessions still open at the last run began was not found: those sessions "
              + "are not counted")
        }
      }
      let sameFile =
        identity.isSameFile(as: previous.identity) && identity.size >= previous.counted
        && FileFingerprint(of: Array(head.prefix(previous.fingerprint.length))) == previous.fingerprint
      if sameFile {
        liveStart = liveResume
        countSegment = segments.count
        countOffset = previous.counted
      } else if let old = RotatedFileFinder.find(
        path: file.path, identity: previous.identity,
        fingerprint: previous.fingerprint),
        rotated(old, from: liveResume, fingerprint: previous.fingerprint)
      {
        countSegment = segments.count - 1
        countOffset = previous.counted
        rotatedFrom = old
      } else {
        countSegment = segments.count
        if previous.counted > 0 {
          warning = InputError(
            kind: .readFailed, input: file.displayName,
            detail: "rotated since the last run, and its previous file was not found next to it: what was written to "
              + "it after byte \(previous.counted) is not counted")
        }
      }
    }
    lseek(fd, off_t(liveStart), SEEK_SET)
    segments.append(
      SegmentSource.Segment(
        source: FileSource(descriptor: fd, name: file.displayName, closesDescriptor: true), skip: 0,
        limit: max(0, end - liveStart), fileOffset: liveStart, identity: identity, fingerprint: fingerprint))
    return .success(
      ResumePlan(
        source: SegmentSource(
          name: file.displayName, segments: segments, countSegment: countSegment,
          countFileOffset: countOffset),
        end: end, identity: identity, fingerprint: fingerprint, modificationTime: Int64(info.st_mtim.tv_sec),
        rotatedFrom: rotatedFrom, warning: warning))
  }

  private static func readHead(_ fd: Int32) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: FileFingerprint.span)
    let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, FileFingerprint.span, 0) }
    return Array(bytes.prefix(max(0, n)))
  }

  /// The offset just past the last newline in the first `size` bytes of `fd` (0 if none).
  private static func lastLineEnd(_ fd: Int32, size: Int64) -> Int64 {
    var block = [UInt8](repeating: 0, count: 64 * 1024)
    var end = size
    while end > 0 {
      let start = max(0, end - Int64(block.count))
      let count = Int(end - start)
      let n = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, count, off_t(start)) }
      guard n == count else { return 0 }
      if let i = block[0..<count].lastIndex(of: ASCII.newline) { return start + Int64(i) + 1 }
      end = start
    }
    return 0
  }
}

/// Passes on only the lines at or after `countFrom` (the lines before it were counted by the
/// last run and are read again for their sessions' sake), and notes where each session still
/// open began.
struct ResumeSink<Inner: AnalysisSink>: AnalysisSink {
  var inner: Inner
  /// The input being read: it knows where counting starts.
  var source: SegmentSource?
  /// Stream offsets of the first line of each open session.
  private var openStarts: [SessionID: Int64] = [:]
  private var ended: Set<SessionID> = []
  private var replaying = false
  private var inInput = false
  private var counted = (lines: 0, recognized: 0, ignored: 0, unrecognized: 0, events: 0, bytes: Int64(0))

  init(_ inner: Inner) { self.inner = inner }

  /// The stream offset of the first line of the oldest session still open that began at or
  /// after `start`.
  func oldestOpenSession(from start: Int64) -> Int64? { openStarts.values.filter { $0 >= start }.min() }

  mutating func beginInput(_ input: InputFile, index: Int) {
    openStarts.removeAll()
    ended.removeAll()
    inInput = true
    counted = (0, 0, 0, 0, 0, 0)
    inner.beginInput(input, index: index)
  }

  mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    replaying = context.info.offset < (source?.countFrom ?? 0)
    guard !replaying else { return }
    counted.events += 1
    inner.event(event, line: line, context: context)
  }

  mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
    replaying = context.info.offset < (source?.countFrom ?? 0)
    let id = output.session
    if !id.isNone, !ended.contains(id), openStarts[id] == nil {
      // Bounded like the tracker's table: beyond it, a session's start is not kept (it is then
      // counted from its end alone if it spans two runs).
      if openStarts.count < 200_000 { openStarts[id] = context.info.offset }
    }
    guard !replaying else { return .proceed }
    counted.lines += 1
    counted.bytes += Int64(line.count) + 1
    switch output.lineClass {
    case .recognized: counted.recognized += 1
    case .ignored: counted.ignored += 1
    case .unrecognized: counted.unrecognized += 1
    }
    return inner.line(line, context: context, output: output)
  }

  mutating func sessionEnded(_ session: SessionRecord) {
    openStarts[session.id] = nil
    ended.insert(session.id)
    // Ended while replaying: counted by the last run. Ended after the input: still open,
    // carried to the next run.
    guard inInput, !replaying else { return }
    inner.sessionEnded(session)
  }

  mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {
    inInput = false
    var stats = stats
    stats.lines = counted.lines
    stats.bytes = counted.bytes
    stats.recognized = counted.recognized
    stats.ignored = counted.ignored
    stats.unrecognized = counted.unrecognized
    stats.events = counted.events
    inner.endInput(input, index: index, stats: stats)
  }
}
