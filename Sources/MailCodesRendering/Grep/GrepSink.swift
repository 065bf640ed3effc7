import MailCodesSupport
import MailCodesSMTP
import MailCodesKnowledge
import MailCodesInput
import MailCodesFormats
import MailCodesAnalysis
import MailCodesExplain

/// The sink behind `mailcodes grep`: decides which lines or sessions match and prints them.
///
/// Line mode prints each line that has a matching event (or, with `-v`, none), in input order.
/// When the filter names an outcome, a line can only be judged when its session ends: its
/// matching lines are then printed at the end of the session.
///
/// Session mode (`-s`) keeps the lines of each open session (the `ParseOutput.session` of a
/// line: an smtpd session, the queue-id lines linked to it, an Exim connection, a transcript
/// session) and prints them all when a matching session ends, the groups separated by `--`.
/// Lines that arrive after the end of a printed session (its queue ids' delivery lines) are
/// printed as they come. A session that ended without a match keeps its lines for a while, so
/// that a later matching line of the same group (a bounce of the message it received) can
/// still print the whole group. Bounds: `maxLinesPerSession` per group and
/// `maxBufferedLines` in all; lines beyond them are dropped, counted, and reported in
/// `droppedReports` (never cut silently).
public struct GrepSink: AnalysisSink {
  public let filter: EventFilter
  public let options: GrepOptions
  public let output: ByteOutput
  public let names: NameTable
  /// How many lines (or sessions) matched, per input index (an array: counted per match).
  private var matchesPerInput: [Int] = []
  public private(set) var totalMatches = 0
  /// Messages about sessions whose lines did not all fit in the buffers.
  public internal(set) var droppedReports: [String] = []

  var inputNames: [Int: String] = [:]
  private var safeNames: [Int: [UInt8]] = [:]
  private var currentInput = 0
  var lineMatched = false
  private var lineEvents: [[UInt8]] = []
  private var scratch: [UInt8] = []
  private var highlights: [(Int, Int, UInt8)] = []  // (start, end, colour kind) in the current line
  var lineMeaning = ""  // meanings of the codes of the current line's matching events
  private var groups: [SessionID: Group] = [:]
  private var ended: [SessionID] = []  // ended, unprinted groups, oldest first
  private var endedHead = 0
  private var printed: Set<SessionID> = []
  private var printedOrder: [SessionID] = []
  var bufferedLines = 0
  var printedGroups = 0
  var done = false
  /// Whole messages are selected (`--id`, `--from`, `--to`: GrepSink+Messages).
  let selectsMessages: Bool
  var traces: [MessageKey: MessageTrace] = [:]
  var traceOrder: [MessageKey] = []
  var traceHead = 0
  var lastPrintedMessage: MessageKey?

  struct BufferedLine {
    var bytes: [UInt8]
    var input: Int
    var number: Int
    var matched: Bool
    var events: [[UInt8]]
    var meaning: String
  }

  struct Group {
    var lines: [BufferedLine] = []
    var matched = false
    var ended = false
    var outcome: Outcome = .open
    var dropped = 0
    var firstLine = 0
    var input = 0
  }

  public init(filter: EventFilter, options: GrepOptions, output: ByteOutput, names: NameTable) {
    self.filter = filter
    self.options = options
    self.output = output
    self.names = names
    selectsMessages = GrepSink.selectsMessages(filter) && !options.invert
  }

  /// Whether anything was selected.
  public var matched: Bool { totalMatches > 0 }

  /// How many lines (or sessions) of input `index` matched.
  public func matches(input index: Int) -> Int { matchesPerInput.indices.contains(index) ? matchesPerInput[index] : 0 }

  public mutating func beginInput(_ input: InputFile, index: Int) {
    inputNames[index] = input.displayName
    safeNames[index] = Array(Sanitizer.terminalSafe(input.displayName).utf8)
    currentInput = index
    done = false
  }

  public mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    guard filter.matches(event, line: line) else {
      if options.sessions && options.output == .events { lineEvents.append(json(event, line, context)) }
      return
    }
    lineMatched = true
    if options.output == .events { lineEvents.append(json(event, line, context)) }
    if options.color { addHighlights(event, line) }
    if options.meanings, event.code != nil || event.enhanced != nil {
      var label = event.code.map { String($0.rawValue) } ?? ""
      if let e = event.enhanced { label += (label.isEmpty ? "" : " ") + e.description }
      if event.inferred { label += "*" }
      let text = label + ": " + CodeMeanings.oneLine(code: event.code.map { Int($0.rawValue) }, enhanced: event.enhanced?.description)
      if !lineMeaning.contains(text) { lineMeaning += (lineMeaning.isEmpty ? "" : "; ") + text }
    }
  }

  public mutating func line(_ line: ByteView, context: LineContext, output out: ParseOutput) -> Flow {
    defer {
      lineMatched = false
      lineEvents.removeAll(keepingCapacity: true)
      highlights.removeAll(keepingCapacity: true)
      lineMeaning = ""
    }
    if done { return options.output == .quiet ? .stop : .skipInput }
    if options.sessions || filter.needsOutcome {
      if selectsMessages, !lineMatched,
        selectsMessage(line, id: GrepSink.leadingID(line, at: context.envelope.message), out)
      {
        // A line of the message asked for: its session is printed (`-s --id`).
        lineMatched = true
      }
      return groupLine(line, context, out)
    }
    if selectsMessages, options.output != .events { return messageLine(line, context, out) }
    let selected = lineMatched != options.invert
    guard selected else { return .proceed }
    if options.output == .events {
      for e in lineEvents { output.write(e) }
    } else {
      emit(line, input: context.inputIndex, number: context.info.number)
    }
    return count(input: context.inputIndex)
  }

  public mutating func sessionEnded(_ session: SessionRecord) {
    guard options.sessions || filter.needsOutcome, var group = groups[session.id] else { return }
    group.ended = true
    group.outcome = session.outcome
    groups[session.id] = group
    resolve(session.id)
  }

  public mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {
    output.flush()
  }

  /// Prints what is still waiting (sessions that never ended are `open`).
  public mutating func finish() {
    for id in groups.keys.sorted() where !(groups[id]?.ended ?? true) {
      groups[id]?.ended = true
      groups[id]?.outcome = .open
      resolve(id)
    }
    output.flush()
  }

  // MARK: - sessions

  private mutating func groupLine(_ line: ByteView, _ context: LineContext, _ out: ParseOutput) -> Flow {
    let id = out.session
    let number = context.info.number
    if id.isNone {
      // A line outside any session is judged alone.
      guard !filter.needsOutcome, lineMatched != options.invert else { return .proceed }
      if options.output == .events { for e in lineEvents { output.write(e) } } else {
        separator()
        emit(line, input: context.inputIndex, number: number)
      }
      return count(input: context.inputIndex)
    }
    if printed.contains(id) {
      // A follow-up of a session already printed (its queue id's later lines).
      if options.sessions {
        if options.output == .events { for e in lineEvents { output.write(e) } } else {
          emit(line, input: context.inputIndex, number: number)
        }
      } else if lineMatched, !options.invert {
        emit(line, input: context.inputIndex, number: number)
      }
      return .proceed
    }
    var group = groups[id] ?? Group(firstLine: number, input: context.inputIndex)
    let keep = options.sessions || (lineMatched != options.invert)
    if keep {
      if group.lines.count < options.maxLinesPerSession, bufferedLines < options.maxBufferedLines {
        group.lines.append(BufferedLine(bytes: line.bytes, input: context.inputIndex, number: number,
                                        matched: lineMatched, events: lineEvents, meaning: lineMeaning))
        bufferedLines += 1
      } else {
        group.dropped += 1
      }
    }
    if lineMatched { group.matched = true }
    groups[id] = group
    if group.ended, lineMatched {
      // A later line matched a session that had ended without a match.
      resolve(id)
    }
    trimEnded()
    return done ? (options.output == .quiet ? .stop : .skipInput) : .proceed
  }

  /// Prints `id`'s group if it is decided and selected.
  private mutating func resolve(_ id: SessionID) {
    guard let group = groups[id], group.ended else { return }
    let selected: Bool
    if options.sessions {
      selected = (group.matched && filter.matches(outcome: group.outcome)) != options.invert
    } else {
      selected = filter.matches(outcome: group.outcome) && group.lines.contains { $0.matched != options.invert }
    }
    guard selected, !done else {
      ended.append(id)
      return
    }
    if options.sessions {
      separator()
      for l in group.lines {
        if options.output == .events { for e in l.events { output.write(e) } } else {
          l.bytes.withUnsafeBufferPointer { b in
            emit(ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count), input: l.input,
                 number: l.number, highlight: false, meaning: l.meaning)
          }
        }
      }
      if group.dropped > 0 {
        droppedReports.append(
          "\(inputNames[group.input] ?? "input"): session at line \(group.firstLine): \(TextLayout.count(group.dropped, "line", "lines")) not shown "
            + "(more than \(options.maxLinesPerSession) lines per session, or \(options.maxBufferedLines) buffered)")
      }
      _ = count(input: group.lines.last?.input ?? group.input)
    } else {
      for l in group.lines where l.matched != options.invert {
        if options.output == .events { for e in l.events { output.write(e) } } else {
          l.bytes.withUnsafeBufferPointer { b in
            emit(ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count), input: l.input,
                 number: l.number, highlight: false, meaning: l.meaning)
          }
        }
        _ = count(input: l.input)
      }
    }
    bufferedLines -= group.lines.count
    groups[id] = nil
    printed.insert(id)
    printedOrder.append(id)
    if printedOrder.count > 200_000 {
      for old in printedOrder.prefix(100_000) { printed.remove(old) }
      printedOrder.removeFirst(100_000)
    }
  }

  /// Forgets the oldest ended, unprinted groups when the buffers are over their bound.
  private mutating func trimEnded() {
    while bufferedLines > options.maxBufferedLines * 9 / 10, endedHead < ended.count {
      let id = ended[endedHead]
      endedHead += 1
      if let g = groups[id], g.ended {
        bufferedLines -= g.lines.count
        groups[id] = nil
      }
    }
    if endedHead > 65_536 {
      ended.removeFirst(endedHead)
      endedHead = 0
    }
  }

  // MARK: - printing

  private mutating func separator() {
    guard options.sessions, options.output == .lines else { return }
    if printedGroups > 0 { output.write("--\n") }
    printedGroups += 1
  }

  /// Counts one match; returns how to go on.
  mutating func count(input: Int) -> Flow {
    totalMatches += 1
    while matchesPerInput.count <= input { matchesPerInput.append(0) }
    matchesPerInput[input] += 1
    let n = matchesPerInput[input]
    switch options.output {
    case .quiet:
      done = true
      return .stop
    case .filesWithMatches, .filesWithoutMatches:
      done = true
      return .skipInput
    default:
      if let max = options.maxCount, n >= max {
        done = true
        return .skipInput
      }
      return .proceed
    }
  }

  mutating func emit(_ line: ByteView, input: Int, number: Int, highlight: Bool = true, meaning: String? = nil) {
    guard options.output == .lines else { return }
    scratch.removeAll(keepingCapacity: true)
    if options.withFileName {
      if options.color { scratch.append(contentsOf: GrepColor.file) }
      scratch.append(contentsOf: safeNames[input] ?? [])
      if options.color { scratch.append(contentsOf: GrepColor.reset) }
      scratch.append(ASCII.colon)
    }
    if options.lineNumbers {
      if options.color { scratch.append(contentsOf: GrepColor.lineNumber) }
      scratch.append(contentsOf: Array(String(number).utf8))
      if options.color { scratch.append(contentsOf: GrepColor.reset) }
      scratch.append(ASCII.colon)
    }
    if options.color && highlight && !highlights.isEmpty {
      appendHighlighted(line)
    } else if options.sanitize || options.color {
      Sanitizer.appendTerminalSafe(line, to: &scratch)
    } else {
      scratch.append(contentsOf: UnsafeBufferPointer(start: line.base, count: line.count))
    }
    let note = meaning ?? lineMeaning
    if options.meanings, !note.isEmpty {
      if options.color { scratch.append(contentsOf: GrepColor.meaning) }
      scratch.append(contentsOf: Array(("  # " + note).utf8))
      if options.color { scratch.append(contentsOf: GrepColor.reset) }
    }
    scratch.append(ASCII.newline)
    output.write(scratch)
  }

  private mutating func addHighlights(_ event: SMTPEvent, _ line: ByteView) {
    if let code = event.code, !event.inferred, !event.text.isEmpty {
      let start = Int(event.text.start)
      var end = start + 3
      if let (_, e) = EnhancedStatusCode.parse(line, at: start + 4) { end = e }
      highlights.append((start, min(end, line.count), UInt8(code.rawValue / 100)))
    }
    if let client = event.client {
      let text = client.description
      if let at = withByteView(text, { t in line.firstRangeOf(t) }) {
        highlights.append((at, at + text.utf8.count, 0))
      }
    }
  }

  private mutating func appendHighlighted(_ line: ByteView) {
    let spans = highlights.sorted { $0.0 < $1.0 }
    var i = 0
    for (start, end, kind) in spans where start >= i && end <= line.count {
      Sanitizer.appendTerminalSafe(line.slice(i, start), to: &scratch)
      scratch.append(contentsOf: GrepColor.for(kind))
      Sanitizer.appendTerminalSafe(line.slice(start, end), to: &scratch)
      scratch.append(contentsOf: GrepColor.reset)
      i = end
    }
    Sanitizer.appendTerminalSafe(line.slice(i, line.count), to: &scratch)
  }

  private func json(_ event: SMTPEvent, _ line: ByteView, _ context: LineContext) -> [UInt8] {
    var out: [UInt8] = []
    EventJSON.append(event, line: line, context: context, fileName: inputNames[context.inputIndex] ?? "", names: names,
                     to: &out)
    return out
  }
}

/// ANSI colours of grep output (grep's defaults: file purple, line number green, match red).
enum GrepColor {
  static let reset: [UInt8] = Array("\u{1B}[0m".utf8)
  static let file: [UInt8] = Array("\u{1B}[35m".utf8)
  static let lineNumber: [UInt8] = Array("\u{1B}[32m".utf8)
  static let client: [UInt8] = Array("\u{1B}[1;36m".utf8)
  static let permanent: [UInt8] = Array("\u{1B}[1;31m".utf8)
  static let transient: [UInt8] = Array("\u{1B}[1;33m".utf8)
  static let positive: [UInt8] = Array("\u{1B}[1;32m".utf8)
  static let meaning: [UInt8] = Array("\u{1B}[2m".utf8)

  static func `for`(_ kind: UInt8) -> [UInt8] {
    switch kind {
    case 5: return permanent
    case 4: return transient
    case 2, 3: return positive
    default: return client
    }
  }
}

extension ByteView {
  /// The first offset where `needle` occurs.
  func firstRangeOf(_ needle: ByteView) -> Int? {
    guard needle.count > 0, needle.count <= count else { return nil }
    var i = 0
    while i + needle.count <= count {
      guard let hit = firstIndex(of: needle[0], from: i), hit + needle.count <= count else { return nil }
      if matches(needle, at: hit) { return hit }
      i = hit + 1
    }
    return nil
  }
}
