import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// A run of sink calls recorded on the parsing thread, to be replayed in the same order on the
/// sink's thread (`DeferredSink`).
///
/// Flat buffers that keep their capacity from one use to the next: recording a line allocates
/// nothing once the batch has been through a few rounds. A line's bytes (and the bytes its
/// events' texts index, when those differ) are copied into `bytes`; its context, events and
/// message event are copied by value (they hold offsets into the line, no pointers).
final class SinkBatch {
  /// The recorded lines' bytes (and the bytes their events' texts index, when those differ).
  private(set) var bytes: UnsafeMutablePointer<UInt8>
  private var byteCapacity: Int
  private(set) var byteCount = 0
  /// The recorded `line` calls, in order (room for `lineLimit`).
  private let lines: UnsafeMutablePointer<Line>
  private(set) var lineCount = 0
  var events: [SMTPEvent] = []
  var messages: [MessageEvent] = []
  var sessions: [SessionRecord] = []
  var controls: [Control] = []
  /// The calls that are not `line` calls, in order, each with the number of lines recorded
  /// before it: a line costs no entry here.
  private var others: [Other] = []
  /// Lines per batch (tests go down to one).
  let lineLimit: Int

  /// A `sessionEnded` (`session` >= 0, an index into `sessions`) or control call (an index
  /// into `controls`), made after `linesBefore` lines of the batch.
  struct Other {
    var linesBefore: Int32
    var session: Int32
    var control: Int32
  }

  init(lineLimit: Int) {
    self.lineLimit = lineLimit
    byteCapacity = SinkBatch.byteLimit + 4096
    bytes = .allocate(capacity: byteCapacity)
    lines = .allocate(capacity: lineLimit)
  }

  deinit {
    lines.deinitialize(count: lineCount)
    bytes.deallocate()
    lines.deallocate()
  }

  /// Line bytes per batch: small enough to stay in the processors' caches between the two
  /// threads (measured: 8,192 lines and 1 MiB were no faster).
  static let byteLimit = 1 << 17

  /// A recorded `line` call with the events sent before it.
  struct Line {
    var context: LineContext
    var lineStart: Int
    var lineCount: Int
    /// Where the events' texts are: the line's own bytes (`eventBytesStart` < 0) or a copy of
    /// `ParseOutput.eventBytes`.
    var eventBytesStart: Int
    var eventBytesCount: Int
    var eventsStart: Int32
    var eventsCount: Int32
    /// Index into `messages`, or -1.
    var message: Int32
    var lineClass: LineClass
    var family: LogFamily?
    var session: SessionID
    var secret: TextRange
  }

  /// The calls around the lines: rare, and free to carry strings.
  enum Control {
    case beginGroup(Int)
    case beginInput(InputFile, Int)
    case endInput(InputFile, Int, InputStats)
  }

  /// Full enough to hand over: the thread on the other side then has work for a while, and
  /// the batches in flight stay small (`DeferredSink`).
  var isFull: Bool { lineCount >= lineLimit || byteCount >= SinkBatch.byteLimit }

  var isEmpty: Bool { lineCount == 0 && others.isEmpty }

  func removeAll() {
    byteCount = 0
    if byteCapacity > 4 * SinkBatch.byteLimit {
      // A very long line (`--max-line-length` allows a gigabyte) grew the buffer: the next
      // batch starts from the usual size again.
      bytes.deallocate()
      byteCapacity = SinkBatch.byteLimit + 4096
      bytes = .allocate(capacity: byteCapacity)
    }
    lines.deinitialize(count: lineCount)
    lineCount = 0
    events.removeAll(keepingCapacity: true)
    messages.removeAll(keepingCapacity: true)
    sessions.removeAll(keepingCapacity: true)
    controls.removeAll(keepingCapacity: true)
    others.removeAll(keepingCapacity: true)
  }

  /// Copies `count` bytes from `source` to the end of `bytes`, growing it if a line needs
  /// more than is left. Returns where they start.
  @inline(__always)
  private func appendBytes(_ source: UnsafePointer<UInt8>, _ count: Int) -> Int {
    let start = byteCount
    if start + count > byteCapacity { grow(to: start + count) }
    (bytes + start).update(from: source, count: count)
    byteCount = start + count
    return start
  }

  @inline(never)
  private func grow(to size: Int) {
    let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(size, 2 * byteCapacity))
    larger.update(from: bytes, count: byteCount)
    bytes.deallocate()
    bytes = larger
    byteCapacity = max(size, 2 * byteCapacity)
  }

  /// Records a line and the events `Pipeline`'s line stage sent before it (all of
  /// `output.events`, against `output.eventBytes` when that is not empty). The batch must
  /// not be full.
  @inline(__always)
  func recordLine(_ line: ByteView, context: LineContext, output: ParseOutput) {
    let lineStart = appendBytes(line.base, line.count)
    var eventBytesStart = -1
    if !output.eventBytes.isEmpty {
      eventBytesStart = output.eventBytes.withUnsafeBufferPointer { appendBytes($0.baseAddress!, $0.count) }
    }
    let eventsStart = Int32(events.count)
    if !output.events.isEmpty { events.append(contentsOf: output.events) }
    var message: Int32 = -1
    if !output.messages.isEmpty {
      message = Int32(messages.count)
      output.messages.withUnsafeBufferPointer { messages.append($0[0]) }
    }
    (lines + lineCount).initialize(
      to: Line(
        context: context, lineStart: lineStart, lineCount: line.count, eventBytesStart: eventBytesStart,
        eventBytesCount: output.eventBytes.count, eventsStart: eventsStart,
        eventsCount: Int32(output.events.count), message: message, lineClass: output.lineClass,
        family: output.family, session: output.session, secret: output.secret))
    lineCount += 1
  }

  func recordSession(_ session: SessionRecord) {
    others.append(Other(linesBefore: Int32(lineCount), session: Int32(sessions.count), control: -1))
    sessions.append(session)
  }

  func recordControl(_ control: Control) {
    others.append(Other(linesBefore: Int32(lineCount), session: -1, control: Int32(controls.count)))
    controls.append(control)
  }

  /// Makes the recorded calls on `sink`, in order.
  func replay<Sink: AnalysisSink>(into sink: inout Sink) {
    var output = ParseOutput()
    // Where the fields the parsing thread left are read (`ParseContext.defersMessageFields`).
    var scratch = ParseOutput()
    var next = 0
    events.withUnsafeBufferPointer { events in
      for i in 0..<lineCount {
        while next < others.count, others[next].linesBefore == i {
          replayOther(others[next], into: &sink)
          next += 1
        }
        let record = lines + i
        let line = ByteView(base: bytes + record.pointee.lineStart, count: record.pointee.lineCount)
        let eventLine =
          record.pointee.eventBytesStart < 0
          ? line : ByteView(base: bytes + record.pointee.eventBytesStart, count: record.pointee.eventBytesCount)
        output.reset()
        output.lineClass = record.pointee.lineClass
        output.family = record.pointee.family
        output.session = record.pointee.session
        output.secret = record.pointee.secret
        let first = Int(record.pointee.eventsStart)
        for e in first..<first + Int(record.pointee.eventsCount) {
          output.events.append(events[e])
          sink.event(events[e], line: eventLine, context: record.pointee.context)
        }
        if record.pointee.message >= 0,
          let message = messages[Int(record.pointee.message)].completed(
            line: line, envelope: record.pointee.context.envelope, scratch: &scratch)
        {
          output.setMessage(message)
        }
        // The sinks run this way never steer the reading (`MergeableSink`).
        _ = sink.line(line, context: record.pointee.context, output: output)
      }
    }
    while next < others.count {
      replayOther(others[next], into: &sink)
      next += 1
    }
  }

  private func replayOther<Sink: AnalysisSink>(_ call: Other, into sink: inout Sink) {
    if call.session >= 0 {
      sink.sessionEnded(sessions[Int(call.session)])
      return
    }
    switch controls[Int(call.control)] {
    case .beginGroup(let group): sink.beginGroup(group)
    case .beginInput(let input, let index): sink.beginInput(input, index: index)
    case .endInput(let input, let index, let stats): sink.endInput(input, index: index, stats: stats)
    }
  }
}
