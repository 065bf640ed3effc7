import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// A run of sink calls recorded on the parsing thread, to be replayed in the same order on the
/// sink's thread (`DeferredSink`).
///
/// Flat arrays that keep their capacity from one use to the next: recording a line appends to
/// them and allocates nothing once the batch has been through a few rounds. A line's bytes (and
/// the bytes its events' texts index, when those differ) are copied into `bytes`; its context,
/// events and message event are copied by value (they hold offsets into the line, no pointers).
final class SinkBatch {
  /// One recorded call, in call order: the kind in the top two bits, the index into the
  /// kind's array below.
  var calls: [UInt32] = []
  var bytes: [UInt8] = []
  var lines: [Line] = []
  var events: [SMTPEvent] = []
  var messages: [MessageEvent] = []
  var sessions: [SessionRecord] = []
  var controls: [Control] = []
  /// Lines per batch (tests go down to one).
  let lineLimit: Int

  init(lineLimit: Int) {
    self.lineLimit = lineLimit
  }

  static let lineCall: UInt32 = 0
  static let sessionCall: UInt32 = 1 << 30
  static let controlCall: UInt32 = 2 << 30
  static let indexMask: UInt32 = (1 << 30) - 1

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
  /// the batches in flight stay small enough for the processors' caches (measured: 8,192
  /// lines and 1 MiB were no faster).
  var isFull: Bool { lines.count >= lineLimit || bytes.count >= 1 << 17 }

  var isEmpty: Bool { calls.isEmpty }

  func removeAll() {
    calls.removeAll(keepingCapacity: true)
    bytes.removeAll(keepingCapacity: true)
    lines.removeAll(keepingCapacity: true)
    events.removeAll(keepingCapacity: true)
    messages.removeAll(keepingCapacity: true)
    sessions.removeAll(keepingCapacity: true)
    controls.removeAll(keepingCapacity: true)
  }

  @inline(__always)
  func appendBytes(_ view: ByteView) -> Int {
    let start = bytes.count
    bytes.append(contentsOf: UnsafeBufferPointer(start: view.base, count: view.count))
    return start
  }

  /// Records a line and the events `Pipeline`'s line stage sent before it (all of
  /// `output.events`, against `output.eventBytes` when that is not empty).
  @inline(__always)
  func recordLine(_ line: ByteView, context: LineContext, output: ParseOutput) {
    let lineStart = appendBytes(line)
    var eventBytesStart = -1
    if !output.eventBytes.isEmpty {
      eventBytesStart = bytes.count
      bytes.append(contentsOf: output.eventBytes)
    }
    let eventsStart = Int32(events.count)
    if !output.events.isEmpty { events.append(contentsOf: output.events) }
    var message: Int32 = -1
    if !output.messages.isEmpty {
      message = Int32(messages.count)
      output.messages.withUnsafeBufferPointer { messages.append($0[0]) }
    }
    calls.append(SinkBatch.lineCall | UInt32(lines.count))
    lines.append(
      Line(
        context: context, lineStart: lineStart, lineCount: line.count, eventBytesStart: eventBytesStart,
        eventBytesCount: output.eventBytes.count, eventsStart: eventsStart,
        eventsCount: Int32(output.events.count), message: message, lineClass: output.lineClass,
        family: output.family, session: output.session, secret: output.secret))
  }

  func recordSession(_ session: SessionRecord) {
    calls.append(SinkBatch.sessionCall | UInt32(sessions.count))
    sessions.append(session)
  }

  func recordControl(_ control: Control) {
    calls.append(SinkBatch.controlCall | UInt32(controls.count))
    controls.append(control)
  }

  /// Makes the recorded calls on `sink`, in order.
  func replay<Sink: AnalysisSink>(into sink: inout Sink) {
    var output = ParseOutput()
    bytes.withUnsafeBufferPointer { buffer in
      let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
      events.withUnsafeBufferPointer { events in
        lines.withUnsafeBufferPointer { lines in
          for call in calls {
            let index = Int(call & SinkBatch.indexMask)
            switch call & ~SinkBatch.indexMask {
            case SinkBatch.lineCall:
              let record = lines[index]
              let line = ByteView(base: base + record.lineStart, count: record.lineCount)
              let eventLine =
                record.eventBytesStart < 0
                ? line : ByteView(base: base + record.eventBytesStart, count: record.eventBytesCount)
              output.reset()
              output.lineClass = record.lineClass
              output.family = record.family
              output.session = record.session
              output.secret = record.secret
              let first = Int(record.eventsStart)
              for i in first..<first + Int(record.eventsCount) {
                output.events.append(events[i])
                sink.event(events[i], line: eventLine, context: record.context)
              }
              if record.message >= 0 { output.setMessage(messages[Int(record.message)]) }
              // The sinks run this way never steer the reading (`MergeableSink`).
              _ = sink.line(line, context: record.context, output: output)
            case SinkBatch.sessionCall:
              sink.sessionEnded(sessions[index])
            default:
              switch controls[index] {
              case .beginGroup(let group): sink.beginGroup(group)
              case .beginInput(let input, let i): sink.beginInput(input, index: i)
              case .endInput(let input, let i, let stats): sink.endInput(input, index: i, stats: stats)
              }
            }
          }
        }
      }
    }
  }
}
