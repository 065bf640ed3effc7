import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// The searcher half of `mailcodes grep`: decides which lines, sessions or messages are
/// selected, and tells its printer (`GrepDecisionSink`) what to print and in which order. It
/// prints nothing itself: the printer formats (`GrepPrinter` in MailCodesRendering), as
/// ripgrep's searcher hands matches and context to a sink that its printer implements.
///
/// Line mode selects each line that has a matching event (or, with `-v`, none), in input
/// order. When the filter names an outcome, a line can only be judged when its session ends:
/// its matching lines wait, and are handed to the printer in input order once every earlier
/// waiting line is decided (`release`; sessions interleave, so printing each at its session's
/// end would mix the file's order). A session that stays open while more than half of
/// `maxBufferedLines` wait behind it loses its place: its lines are printed when it ends.
///
/// Session mode (`-s`) keeps the lines of each open session (the `ParseOutput.session` of a
/// line: an smtpd session, the queue-id lines linked to it, an Exim connection, a transcript
/// session) and selects them all when a matching session ends, each group begun with
/// `beginGroup`. Lines that arrive after the end of a selected session (its queue ids'
/// delivery lines) are selected as they come. A session that ended without a match keeps its
/// lines for a while, so that a later matching line of the same group (a bounce of the message
/// it received) can still select the whole group. Bounds: `maxLinesPerSession` per group and
/// `maxBufferedLines` in all; lines beyond them are dropped, counted, and reported in
/// `droppedReports` (never cut silently).
///
/// The matcher also keeps the counts (`-c`, `-m`, `-q`, `-l`) and the context windows
/// (`-A`, `-B`, `-C`).
public struct GrepMatcher<Printer: GrepDecisionSink>: AnalysisSink {
  public let filter: EventFilter
  public let options: GrepOptions
  /// Where the decisions go.
  public var printer: Printer
  /// How many lines (or sessions) matched, per input index (an array: counted per match).
  private var matchesPerInput: [Int] = []
  public private(set) var totalMatches = 0
  /// Messages about sessions whose lines did not all fit in the buffers.
  public internal(set) var droppedReports: [String] = []

  var inputNames: [Int: String] = [:]
  var lineMatched = false
  /// `-s --format jsonl`: every event of a session is output, matching or not.
  private let keepsAllEvents: Bool
  private var groups: [SessionID: Group] = [:]
  private var ended: [SessionID] = []  // ended, unprinted groups, oldest first
  private var endedHead = 0
  private var printed: Set<SessionID> = []
  private var printedOrder: [SessionID] = []
  var bufferedLines = 0
  var done = false
  /// Line mode with an outcome filter: every line's place in the run, the undecided groups by
  /// their first waiting line (oldest first), and the selected lines not yet printed.
  private var sequence = 0
  private var waiting: [(sequence: Int, id: SessionID)] = []
  private var waitingHead = 0
  private var ready = LineHeap()
  /// `-A`/`-B`/`-C` (line mode).
  private var context: GrepContext
  /// Whole messages are selected (`--id`, `--from`, `--to`: GrepMatcher+Messages).
  let selectsMessages: Bool
  var traces: [MessageKey: MessageTrace] = [:]
  var traceOrder: [MessageKey] = []
  var traceHead = 0
  var lastPrintedMessage: MessageKey?

  typealias BufferedLine = GrepBufferedLine

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

  public init(plan: GrepPlan, printer: Printer) {
    filter = plan.filter
    options = plan.options
    self.printer = printer
    context = GrepContext(before: options.beforeContext, after: options.afterContext)
    selectsMessages = plan.selectsMessages
    keepsAllEvents = options.sessions && options.output == .events
  }

  /// Whether anything was selected.
  public var matched: Bool { totalMatches > 0 }

  /// How many lines (or sessions) of input `index` matched.
  public func matches(input index: Int) -> Int { matchesPerInput.indices.contains(index) ? matchesPerInput[index] : 0 }

  public mutating func beginInput(_ input: InputFile, index: Int) {
    inputNames[index] = input.displayName
    printer.beginInput(input, index: index)
    done = false
    context.beginInput()
  }

  public mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    guard filter.matches(event, line: line) else {
      if keepsAllEvents { printer.lineEvent(event, line: line, context: context, matched: false) }
      return
    }
    lineMatched = true
    printer.lineEvent(event, line: line, context: context, matched: true)
  }

  public mutating func line(_ line: ByteView, context: LineContext, output out: ParseOutput) -> Flow {
    defer {
      lineMatched = false
      printer.endLine()
    }
    if done {
      // After the last match of `-m NUM`, its trailing context still comes, as in grep.
      if options.printsContext, self.context.afterLeft > 0 {
        contextAfter(line, input: context.inputIndex, number: context.info.number, secret: out.secret)
        return self.context.afterLeft > 0 ? .proceed : .skipInput
      }
      return options.output == .quiet ? .stop : .skipInput
    }
    if options.sessions || filter.needsOutcome {
      if selectsMessages, !lineMatched,
        selectsMessage(line, id: Self.leadingID(line, at: context.envelope.message), out)
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
    printer.selected(line, input: context.inputIndex, number: context.info.number, secret: out.secret)
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
    printer.endInput()
  }

  /// Hands over what is still waiting (sessions that never ended are `open`).
  public mutating func finish() {
    for id in groups.keys.sorted() where !(groups[id]?.ended ?? true) {
      groups[id]?.ended = true
      groups[id]?.outcome = .open
      resolve(id)
    }
    release()
    printer.finish()
  }

  // MARK: - sessions

  private mutating func groupLine(_ line: ByteView, _ context: LineContext, _ out: ParseOutput) -> Flow {
    let id = out.session
    let number = context.info.number
    if id.isNone {
      // A line outside any session is judged alone.
      guard !filter.needsOutcome, lineMatched != options.invert else { return .proceed }
      if options.sessions { printer.beginGroup(separated: true) }
      printer.selected(line, input: context.inputIndex, number: number, secret: out.secret)
      return count(input: context.inputIndex)
    }
    sequence += 1
    if printed.contains(id) {
      // A follow-up of a session already printed (its queue id's later lines).
      if options.sessions {
        printer.selected(line, input: context.inputIndex, number: number, secret: out.secret)
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

  /// A line kept for later (the printer copies what it will print of it now: the line's
  /// events and the parser's mark of a credential are good for this line only).
  private func buffered(_ line: ByteView, _ context: LineContext, _ out: ParseOutput) -> BufferedLine {
    BufferedLine(
      copy: printer.copy(line, secret: out.secret), input: context.inputIndex, number: context.info.number,
      matched: lineMatched, sequence: sequence)
  }

  /// Hands over, in input order, the selected lines that no undecided line comes before.
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
      printer.selected(next.copy, input: next.input, number: next.number)
      _ = count(input: next.input)
    }
    if done { ready = LineHeap() }
  }

  /// Selects `id`'s group if it is decided and matches.
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
      printer.beginGroup(separated: true)
      // By index: the lines are borrowed from the group, not copied one by one.
      for i in group.lines.indices {
        printer.selected(group.lines[i].copy, input: group.lines[i].input, number: group.lines[i].number)
      }
      if group.dropped > 0 {
        droppedReports.append(
          "\(inputNames[group.input] ?? "input"): session at line \(group.firstLine): \(TextLayout.count(group.dropped, "line", "lines")) not shown "
            + "(more than \(options.maxLinesPerSession) lines per session, or \(options.maxBufferedLines) buffered)")
      }
      _ = count(input: group.lines.isEmpty ? group.input : group.lines[group.lines.count - 1].input)
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

  // MARK: - counts

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

  // MARK: - context (-A, -B, -C)

  /// Line mode with context: a selected line comes with the kept lines before it (and a break
  /// when it does not follow the last printed line); an unselected one is after-context or is
  /// kept as possible before-context.
  private mutating func contextLine(
    _ line: ByteView, selected: Bool, input: Int, number: Int, _ secret: TextRange
  ) -> Flow {
    guard selected else {
      if context.afterLeft > 0 {
        contextAfter(line, input: input, number: number, secret: secret)
      } else {
        context.keep(line, number: number, secret: secret)
      }
      return .proceed
    }
    let before = context.takeRecent()
    let first = before.first?.number ?? number
    if !context.isAdjacent(input: input, number: first) { printer.contextBreak() }
    for kept in before {
      withByteView(kept.bytes) { printer.context($0, input: input, number: kept.number, secret: kept.secret) }
    }
    printer.selected(line, input: input, number: number, secret: secret)
    context.lastPrinted = (input, number)
    context.afterLeft = context.after
    let flow = count(input: input)
    // `-m NUM` reached: the input goes on for the trailing context (see `line`).
    return flow == .skipInput && options.output == .lines && context.afterLeft > 0 ? .proceed : flow
  }

  private mutating func contextAfter(_ line: ByteView, input: Int, number: Int, secret: TextRange) {
    printer.context(line, input: input, number: number, secret: secret)
    context.lastPrinted = (input, number)
    context.afterLeft -= 1
  }
}

/// A line `GrepMatcher` keeps for later: the printer's copy and the matcher's bookkeeping.
struct GrepBufferedLine {
  var copy: GrepLineCopy
  var input: Int
  var number: Int
  var matched: Bool
  /// The line's place in the run (line mode with an outcome filter).
  var sequence = 0
}
