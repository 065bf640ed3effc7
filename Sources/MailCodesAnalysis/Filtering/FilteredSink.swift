import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Passes only what an `EventFilter` accepts on to another sink (analyze and events with
/// filters or a time window).
///
/// Events are judged one by one. Sessions are passed on when they ended inside the time window
/// (or started inside it, when they have no end time) and pass the outcome criterion; events of
/// a session wait for its end only when the filter names an outcome. Inputs always pass (they
/// carry the counts of the INPUT part of the report), and so do lines, but for those with a
/// time outside the window: what a sink counts from lines (TLS, SASL and postscreen in
/// `SessionStatsBuilder`) is then the window's, and it is told the filter
/// (`restrictLineCounts`) to keep only the lines of the clients `--client` names.
public struct FilteredSink<Inner: AnalysisSink>: AnalysisSink {
  public var inner: Inner
  public let filter: EventFilter
  private var pending: [SessionID: [PendingEvent]] = [:]
  private var pendingCount = 0
  public let maxPendingEvents: Int
  public private(set) var droppedPending = 0
  /// Lines whose time is inside the filter's window (counted only when it has one): a window
  /// without a single line is one the logs do not cover, not a quiet one.
  public private(set) var windowLines = 0
  private let countsWindowLines: Bool

  struct PendingEvent {
    var event: SMTPEvent
    var line: [UInt8]
    var context: LineContext
  }

  /// No criterion at all (`analyze` without filters): everything passes straight through.
  private let passesAll: Bool
  /// Message lines pass when the filter names nothing but a time window (then by their time):
  /// the other criteria are about replies and sessions, which a message line is not.
  private let passesMessages: Bool

  public init(_ inner: Inner, filter: EventFilter, maxPendingEvents: Int = 1_000_000) {
    self.inner = inner
    self.filter = filter
    self.maxPendingEvents = maxPendingEvents
    passesAll = filter.isEmpty
    countsWindowLines = !filter.window.isUnbounded
    var withoutWindow = filter
    withoutWindow.window = TimeExpression.Window()
    passesMessages = withoutWindow.isEmpty
    if !passesAll { self.inner.restrictLineCounts(to: filter) }
  }

  public mutating func beginGroup(_ index: Int) { inner.beginGroup(index) }
  public mutating func beginInput(_ input: InputFile, index: Int) { inner.beginInput(input, index: index) }

  @inline(__always)
  public mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    if passesAll {
      inner.event(event, line: line, context: context)
      return
    }
    judge(event, line: line, context: context)
  }

  private mutating func judge(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    guard filter.matches(event, line: line) else { return }
    if filter.needsOutcome {
      guard !event.session.isNone else { return }
      if event.outcome != nil {
        // The session-ending event knows its outcome already.
        if filter.matches(outcome: event.outcome!) {
          flush(event.session, line, context, last: event)
        } else {
          drop(event.session)
        }
        return
      }
      guard pendingCount < maxPendingEvents else {
        droppedPending += 1
        return
      }
      pending[event.session, default: []].append(PendingEvent(event: event, line: line.bytes, context: context))
      pendingCount += 1
      return
    }
    inner.event(event, line: line, context: context)
  }

  @inline(__always)
  public mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
    if countsWindowLines, let t = context.envelope.time {
      // A line of another time is no part of the report: not its TLS, SASL or postscreen
      // counts, nor its message's.
      guard filter.window.contains(t) else { return .proceed }
      windowLines += 1
    }
    if passesAll || output.messages.isEmpty || passesMessage(context) {
      return inner.line(line, context: context, output: output)
    }
    return lineWithoutMessage(line, context, output)
  }

  @inline(never)
  private mutating func lineWithoutMessage(_ line: ByteView, _ context: LineContext, _ output: ParseOutput) -> Flow {
    var withoutMessage = output
    withoutMessage.messages = []
    return inner.line(line, context: context, output: withoutMessage)
  }

  private func passesMessage(_ context: LineContext) -> Bool {
    guard passesMessages else { return false }
    if filter.window.isUnbounded { return true }
    guard let t = context.envelope.time else { return false }
    return filter.window.contains(t)
  }

  public mutating func sessionEnded(_ session: SessionRecord) {
    if passesAll {
      inner.sessionEnded(session)
      return
    }
    if filter.needsOutcome {
      if filter.matches(outcome: session.outcome), let waiting = pending[session.id] {
        for p in waiting {
          p.line.withUnsafeBufferPointer { b in
            inner.event(
              p.event, line: ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count),
              context: p.context)
          }
        }
      }
      drop(session.id)
      guard filter.matches(outcome: session.outcome) else { return }
    }
    if !filter.window.isUnbounded {
      guard let t = session.end ?? session.start, filter.window.contains(t) else { return }
    }
    if !filter.clients.isEmpty {
      guard session.direction == .inbound, let c = session.client, filter.clients.contains(where: { $0.contains(c) })
      else { return }
    }
    if !filter.directions.isEmpty, !filter.directions.contains(session.direction) { return }
    inner.sessionEnded(session)
  }

  public mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {
    inner.endInput(input, index: index, stats: stats)
  }

  private mutating func flush(_ id: SessionID, _ line: ByteView, _ context: LineContext, last: SMTPEvent) {
    if let waiting = pending[id] {
      for p in waiting {
        p.line.withUnsafeBufferPointer { b in
          inner.event(
            p.event, line: ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count),
            context: p.context)
        }
      }
    }
    drop(id)
    inner.event(last, line: line, context: context)
  }

  private mutating func drop(_ id: SessionID) {
    if let waiting = pending.removeValue(forKey: id) { pendingCount -= waiting.count }
  }
}

extension FilteredSink: MergeableSink where Inner: MergeableSink {
  public func emptyCopy(names: NameTable) -> FilteredSink {
    FilteredSink(inner.emptyCopy(names: names), filter: filter, maxPendingEvents: maxPendingEvents)
  }

  /// Events waiting for their session's outcome are flushed or dropped when the session ends,
  /// and every session of a group ends with the group: only the inner counts remain to add.
  public mutating func merge(_ other: FilteredSink, names: NameTable) {
    inner.merge(other.inner, names: names)
    droppedPending += other.droppedPending
    windowLines += other.windowLines
  }

  public var canMergeInParallel: Bool { inner.canMergeInParallel }
}
