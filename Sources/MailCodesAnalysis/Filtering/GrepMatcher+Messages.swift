import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// `grep --id`, `--from`, `--to` follow messages: every line of a selected message is printed,
/// as exigrep and Postfix's collate.pl do.
///
/// A line belongs to the message whose id starts its text (`QID: ...` for Postfix, `ID ...` for
/// Exim); the line of a Postfix bounce naming the notification it made belongs to both. With
/// `--id`, those lines are printed as they come. With `--from`/`--to`, a message is selected by
/// the line that names its sender (Postfix qmgr `from=`, pickup, Exim `<=`) or one of its
/// recipients (a delivery line): its earlier lines wait in a bounded buffer until then
/// (`maxBufferedLines` with the sessions' buffers), its later ones are printed as they come,
/// and the messages are separated by `--`. A message that leaves the queue (`removed`,
/// `Completed`) unselected is forgotten. With `-s`, the same lines select the session that
/// received the message instead (see `GrepMatcher`).
extension GrepMatcher {
  /// A message whose lines wait for its sender or a recipient to be known.
  struct MessageTrace {
    var lines: [BufferedLine] = []
    var selected = false
    /// The criteria its lines met so far (`messageCriteria`).
    var met: UInt8 = 0
    var dropped = 0
    var input = 0
    var firstLine = 0
  }

  /// The message id that starts the text of `line` (at `m`): `QID:` or an Exim id and a space.
  static func leadingID(_ line: ByteView, at m: Int) -> TextRange? {
    let n = line.count
    var i = m
    while i < n, i - m < 24, ASCII.isDigit(line[i]) || ASCII.isLetter(line[i]) || line[i] == ASCII.minus { i += 1 }
    let length = i - m
    guard length >= 5, length < 24 else { return nil }
    if i < n, line[i] == ASCII.colon, line.byte(at: m + 6) != ASCII.minus { return TextRange(start: m, end: i) }
    if length == 16 || length == 23, i == n || line[i] == ASCII.space, line.byte(at: m + 6) == ASCII.minus {
      return TextRange(start: m, end: i)
    }
    return nil
  }

  /// Criteria a line of a message meets: 1 its id is asked for (or it names a message asked
  /// for), 2 it names a sender asked for, 4 a recipient asked for.
  func messageCriteria(_ line: ByteView, id: TextRange?, _ out: ParseOutput) -> UInt8 {
    var met: UInt8 = 0
    if let id, filter.ids.contains(where: { EventFilter.equal(line.slice(id), $0, ignoringCase: false) }) { met |= 1 }
    if relatedAskedFor(line, out) != nil { met |= 1 }
    guard let event = out.messages.first else { return met }
    if !filter.senders.isEmpty, event.kind == .queued || event.kind == .received,
      EventFilter.matchesAddress(line.slice(event.sender), filter.senders, present: true)
        || event.sender.isEmpty && filter.senders.contains("<>")
    {
      met |= 2
    }
    if !filter.recipients.isEmpty, event.kind == .delivery,
      EventFilter.matchesAddress(line.slice(event.recipient), filter.recipients, present: !event.recipient.isEmpty)
        || EventFilter.matchesAddress(
          line.slice(event.originalRecipient), filter.recipients,
          present: !event.originalRecipient.isEmpty)
    {
      met |= 4
    }
    return met
  }

  /// The criteria a message must meet (all of them: different kinds of filters are AND).
  var messageCriteriaNeeded: UInt8 {
    (filter.ids.isEmpty ? 0 : 1) | (filter.senders.isEmpty ? 0 : 2) | (filter.recipients.isEmpty ? 0 : 4)
  }

  /// With `-s`: whether this line makes its session print (the message asked for, or, with a
  /// single kind of criterion, the sender or recipient asked for).
  func selectsMessage(_ line: ByteView, id: TextRange?, _ out: ParseOutput) -> Bool {
    let needed = messageCriteriaNeeded
    let met = messageCriteria(line, id: id, out)
    return met & 1 != 0 || (needed == 2 || needed == 4) && met & needed != 0
  }

  /// The other message the line names (a Postfix bounce's notification, an Exim bounce's
  /// original) when that one is asked for with `--id`.
  func relatedAskedFor(_ line: ByteView, _ out: ParseOutput) -> TextRange? {
    guard !filter.ids.isEmpty, let related = out.messages.first?.related, !related.isEmpty,
      filter.ids.contains(where: { EventFilter.equal(line.slice(related), $0, ignoringCase: false) })
    else { return nil }
    return related
  }

  /// Line mode with whole messages: selects the lines of selected messages.
  mutating func messageLine(_ line: ByteView, _ context: LineContext, _ out: ParseOutput) -> Flow {
    let own = Self.leadingID(line, at: context.envelope.message)
    var id = own
    let met = messageCriteria(line, id: own, out)
    let needed = messageCriteriaNeeded
    // A line that names a message asked for belongs to that message's trace (not to its own).
    if let related = relatedAskedFor(line, out), let own,
      !filter.ids.contains(where: { EventFilter.equal(line.slice(own), $0, ignoringCase: false) })
    {
      id = related
    }
    guard let id, let key = MessageKey(host: context.hostID, line: line, range: id) else {
      // A line of no message (a NOQUEUE refusal, a connection): its own events decide.
      guard lineMatched, !options.invert else { return .proceed }
      beginMessage(nil)
      printer.selected(line, input: context.inputIndex, number: context.info.number, secret: out.secret)
      return count(input: context.inputIndex)
    }
    let leaves =
      id == own
      && (out.messages.first.map { $0.kind == .removed || $0.kind == .rejected || $0.kind == .discarded } ?? false)
    var trace = traces[key] ?? MessageTrace(input: context.inputIndex, firstLine: context.info.number)
    trace.met |= met
    var flow = Flow.proceed
    if trace.selected {
      if lastPrintedMessage != key { beginMessage(key) }
      printer.selected(line, input: context.inputIndex, number: context.info.number, secret: out.secret)
      flow = count(input: context.inputIndex)
    } else if trace.met & needed == needed {
      trace.selected = true
      beginMessage(key)
      for l in trace.lines {
        printer.selected(l.copy, input: l.input, number: l.number)
        _ = count(input: l.input)
      }
      if trace.dropped > 0 {
        droppedReports.append(
          "\(inputNames[trace.input] ?? "input"): message at line \(trace.firstLine): "
            + "\(TextLayout.count(trace.dropped, "line", "lines")) not shown (more than \(options.maxBufferedLines) buffered)"
        )
      }
      bufferedLines -= trace.lines.count
      trace.lines = []
      printer.selected(line, input: context.inputIndex, number: context.info.number, secret: out.secret)
      flow = count(input: context.inputIndex)
    } else if needed == 1 {
      // `--id` alone: a message's lines start with its id, none waits for a later one.
      return done ? (options.output == .quiet ? .stop : .skipInput) : .proceed
    } else if bufferedLines < options.maxBufferedLines, trace.lines.count < options.maxLinesPerSession {
      trace.lines.append(
        BufferedLine(
          copy: printer.copy(line, secret: out.secret), input: context.inputIndex, number: context.info.number,
          matched: false))
      bufferedLines += 1
      traceOrder.append(key)
    } else {
      trace.dropped += 1
    }
    if leaves {
      bufferedLines -= trace.lines.count
      traces[key] = nil
    } else {
      traces[key] = trace
    }
    trimTraces()
    return done ? (options.output == .quiet ? .stop : .skipInput) : flow
  }

  /// A group of lines of message `key` (nil: a line of no message) starts: separated from
  /// the lines before unless they are the same message's.
  private mutating func beginMessage(_ key: MessageKey?) {
    printer.beginGroup(separated: key == nil || lastPrintedMessage != key)
    lastPrintedMessage = key
  }

  /// Forgets the oldest waiting messages when the buffers are over their bound (a log whose
  /// `removed` lines are missing must not fill memory).
  private mutating func trimTraces() {
    while bufferedLines > options.maxBufferedLines * 9 / 10, traceHead < traceOrder.count {
      let key = traceOrder[traceHead]
      traceHead += 1
      if let t = traces[key], !t.selected {
        bufferedLines -= t.lines.count
        traces[key] = nil
      }
    }
    if traceHead > 65_536 {
      traceOrder.removeFirst(traceHead)
      traceHead = 0
    }
  }
}
