import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The sink behind `mailcodes grep`: decides which lines or sessions match and prints them.
///
/// Line mode prints each line that has a matching event (or, with `-v`, none), in input order.
/// When the filter names an outcome, a line can only be judged when its session ends: its
/// matching lines wait, and are printed in input order once every earlier waiting line is
/// decided (`release`; sessions interleave, so printing each at its session's end would mix
/// the file's order). A session that stays open while more than half of `maxBufferedLines`
/// wait behind it loses its place: its lines are printed when it ends.
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
  /// Line mode with an outcome filter: every line's place in the run, the undecided groups by
  /// their first waiting line (oldest first), and the selected lines not yet printed.
  private var sequence = 0
  private var waiting: [(sequence: Int, id: SessionID)] = []
  private var waitingHead = 0
  private var ready = LineHeap()
  /// `-A`/`-B`/`-C` (line mode).
  private var context: GrepContext
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
    /// The line's place in the run (line mode with an outcome filter).
    var sequence = 0
  }

  struct Group {
    var lines: [BufferedLine] = []
    var matched = false
    var ended = false
    var outcome: Outcome = .open
    var dropped = 0
    var firstLine = 0
    var input = 0
    /// The sequence of its first waiting line (line mode with an outcome filter).
    var firstSequence = -1
  }

  public init(filter: EventFilter, options: GrepOptions, output: ByteOutput, names: NameTable) {
    self.filter = filter
    self.options = options
    self.output = output
    self.names = names
    context = GrepContext(before: options.beforeContext, after: options.afterContext)
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
    context.beginInput()
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
      let text =
        label + ": "
        + CodeMeanings.oneLine(code: event.code.map { Int($0.rawValue) }, enhanced: event.enhanced?.description)
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
    if done {
      // After the last match of `-m NUM`, its trailing context still comes, as in grep.
      if options.printsContext, self.context.afterLeft > 0 {
        printContextLine(line, input: context.inputIndex, number: context.info.number, secret: out.secret)
        return self.context.afterLeft > 0 ? .proceed : .skipInput
      }
      return options.output == .quiet ? .stop : .skipInput
    }
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
    if options.printsContext {
      return contextLine(line, selected: selected, input: context.inputIndex, number: context.info.number, out.secret)
    }
    guard selected else { return .proceed }
    if options.output == .events {
      for e in lineEvents { output.write(e) }
    } else {
      emit(line, input: context.inputIndex, number: context.info.number, secret: out.secret)
    }
    return count(input: context.inputIndex)
  }

  public mutating func sessionEnded(_ session: SessionRecord) {
    guard options.sessions || filter.needsOutcome, var group = groups[session.id] else { return }
    group.ended = true
    group.outcome = session.outcome
    groups[session.id] = group
    resolve(session.id)
    if !options.sessions { release() }
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
    release()
    output.flush()
  }

  // MARK: - sessions

  private mutating func groupLine(_ line: ByteView, _ context: LineContext, _ out: ParseOutput) -> Flow {
    let id = out.session
    let number = context.info.number
    if id.isNone {
      // A line outside any session is judged alone.
      guard !filter.needsOutcome, lineMatched != options.invert else { return .proceed }
      if options.output == .events {
        for e in lineEvents { output.write(e) }
      } else {
        separator()
        emit(line, input: context.inputIndex, number: number, secret: out.secret)
      }
      return count(input: context.inputIndex)
    }
    sequence += 1
    if printed.contains(id) {
      // A follow-up of a session already printed (its queue id's later lines).
      if options.sessions {
        if options.output == .events {
          for e in lineEvents { output.write(e) }
        } else {
          emit(line, input: context.inputIndex, number: number, secret: out.secret)
        }
      } else if lineMatched, !options.invert {
        // Decided at once, printed in its turn.
        ready.push(buffered(line, context, out))
        release()
      }
      return done ? (options.output == .quiet ? .stop : .skipInput) : .proceed
    }
    var group = groups[id] ?? Group(firstLine: number, input: context.inputIndex)
    let keep = options.sessions || (lineMatched != options.invert)
    if keep {
      if group.lines.count < options.maxLinesPerSession, bufferedLines < options.maxBufferedLines {
        if group.lines.isEmpty, !group.ended, !options.sessions {
          group.firstSequence = sequence
          waiting.append((sequence, id))
        }
        group.lines.append(buffered(line, context, out))
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
      if !options.sessions { release() }
    }
    trimEnded()
    return done ? (options.output == .quiet ? .stop : .skipInput) : .proceed
  }

  /// A line kept for later: redacted now, since the parser's mark of a credential is good for
  /// this line only.
  private func buffered(_ line: ByteView, _ context: LineContext, _ out: ParseOutput) -> BufferedLine {
    let bytes =
      options.showSecrets || options.output != .lines ? line.bytes : Redactor.redacted(line, secret: out.secret)
    return BufferedLine(
      bytes: bytes, input: context.inputIndex, number: context.info.number, matched: lineMatched,
      events: lineEvents, meaning: lineMeaning, sequence: sequence)
  }

  /// Prints, in input order, the selected lines that no undecided line comes before.
  private mutating func release() {
    while waitingHead < waiting.count {
      let (first, id) = waiting[waitingHead]
      if let g = groups[id], !g.ended, g.firstSequence == first {
        // The bound: a session open for long must not hold every later line back.
        if ready.count <= options.maxBufferedLines / 2 { break }
      }
      waitingHead += 1
    }
    if waitingHead >= 4096, waitingHead * 2 >= waiting.count {
      waiting.removeFirst(waitingHead)
      waitingHead = 0
    }
    let limit = waitingHead < waiting.count ? waiting[waitingHead].sequence : Int.max
    while !done, let next = ready.popFirst(before: limit) {
      if options.output == .events {
        for e in next.events { output.write(e) }
      } else {
        next.bytes.withUnsafeBufferPointer { b in
          emit(
            ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count), input: next.input,
            number: next.number, highlight: false, meaning: next.meaning)
        }
      }
      _ = count(input: next.input)
    }
    if done { ready = LineHeap() }
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
        if options.output == .events {
          for e in l.events { output.write(e) }
        } else {
          l.bytes.withUnsafeBufferPointer { b in
            emit(
              ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count), input: l.input,
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
      for l in group.lines where l.matched != options.invert { ready.push(l) }
      if group.dropped > 0 {
        droppedReports.append(
          "\(inputNames[group.input] ?? "input"): session at line \(group.firstLine): \(TextLayout.count(group.dropped, "matching line", "matching lines")) not shown "
            + "(more than \(options.maxLinesPerSession) lines per session, or \(options.maxBufferedLines) buffered)")
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

  /// Prints one line, its credentials redacted (unless `showSecrets`): the parser's `secret`
  /// and what `Redactor` finds in the line itself.
  mutating func emit(
    _ line: ByteView, input: Int, number: Int, highlight: Bool = true, meaning: String? = nil,
    secret: TextRange = .none, separator: UInt8 = ASCII.colon
  ) {
    guard options.output == .lines else { return }
    if !options.showSecrets, Redactor.needsRedaction(line, secret: secret) {
      var redacted: [UInt8] = []
      Redactor.appendRedacted(line, secret: secret, to: &redacted)
      // Highlights point into the line as it was: not shown on a redacted one.
      withByteView(redacted) {
        write($0, input: input, number: number, highlight: false, meaning: meaning, separator: separator)
      }
      return
    }
    write(line, input: input, number: number, highlight: highlight, meaning: meaning, separator: separator)
  }

  // MARK: - context (-A, -B, -C)

  /// Line mode with context: a selected line comes with the kept lines before it (and `--`
  /// when it does not follow the last printed line); an unselected one is after-context or is
  /// kept as possible before-context.
  private mutating func contextLine(
    _ line: ByteView, selected: Bool, input: Int, number: Int, _ secret: TextRange
  ) -> Flow {
    guard selected else {
      if context.afterLeft > 0 {
        printContextLine(line, input: input, number: number, secret: secret)
      } else {
        context.keep(line, number: number, secret: secret)
      }
      return .proceed
    }
    let before = context.takeRecent()
    let first = before.first?.number ?? number
    if !context.isAdjacent(input: input, number: first) { output.write("--\n") }
    for kept in before {
      withByteView(kept.bytes) {
        emit(
          $0, input: input, number: kept.number, highlight: false, meaning: "", secret: kept.secret,
          separator: ASCII.minus)
      }
    }
    emit(line, input: input, number: number, secret: secret)
    context.lastPrinted = (input, number)
    context.afterLeft = context.after
    let flow = count(input: input)
    // `-m NUM` reached: the input goes on for the trailing context (see `line`).
    return flow == .skipInput && options.output == .lines && context.afterLeft > 0 ? .proceed : flow
  }

  private mutating func printContextLine(_ line: ByteView, input: Int, number: Int, secret: TextRange) {
    emit(line, input: input, number: number, highlight: false, meaning: "", secret: secret, separator: ASCII.minus)
    context.lastPrinted = (input, number)
    context.afterLeft -= 1
  }

  /// - Parameter separator: what follows the file name and line number: `:` for a selected
  ///   line, `-` for a context line (grep's convention).
  private mutating func write(
    _ line: ByteView, input: Int, number: Int, highlight: Bool, meaning: String?, separator: UInt8 = ASCII.colon
  ) {
    scratch.removeAll(keepingCapacity: true)
    if options.withFileName {
      if options.color { scratch.append(contentsOf: GrepColor.file) }
      scratch.append(contentsOf: safeNames[input] ?? [])
      if options.color { scratch.append(contentsOf: GrepColor.reset) }
      scratch.append(separator)
    }
    if options.lineNumbers {
      if options.color { scratch.append(contentsOf: GrepColor.lineNumber) }
      scratch.append(contentsOf: Array(String(number).utf8))
      if options.color { scratch.append(contentsOf: GrepColor.reset) }
      scratch.append(separator)
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
    EventJSON.append(
      event, line: line, context: context, fileName: inputNames[context.inputIndex] ?? "", names: names,
      redact: !options.showSecrets, to: &out)
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

/// Lines waiting to be printed, the one earliest in the input first (a binary min-heap on
/// `sequence`).
struct LineHeap {
  private var items: [GrepSink.BufferedLine] = []

  var count: Int { items.count }

  mutating func push(_ line: GrepSink.BufferedLine) {
    items.append(line)
    var i = items.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard items[i].sequence < items[parent].sequence else { break }
      items.swapAt(i, parent)
      i = parent
    }
  }

  /// Removes and returns the earliest line when it comes before `limit`.
  mutating func popFirst(before limit: Int) -> GrepSink.BufferedLine? {
    guard let first = items.first, first.sequence < limit else { return nil }
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var i = 0
      while true {
        let l = 2 * i + 1
        let r = l + 1
        var m = i
        if l < items.count, items[l].sequence < items[m].sequence { m = l }
        if r < items.count, items[r].sequence < items[m].sequence { m = r }
        if m == i { break }
        items.swapAt(i, m)
        i = m
      }
    }
    return first
  }
}
