import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Keeps the open sessions of one input series in a bounded table: the one session bookkeeping
/// of every format's parser (Postfix, Exim, transcripts).
///
/// A parser opens a session under its `SessionKey` (`open`), finds it again by key (`find`,
/// `sessionID(of:)`), attaches each event of the session to it (`attach`: the event gets the
/// session's id and client, the session counts the reply), updates what only it knows through
/// the subscript (`SessionState`), and ends it with an outcome (`close`), hands it over without
/// a record (`discard`), or leaves it open to the end of the input (`closeAll`). Ended sessions
/// are queued in `ended` for the pipeline to hand to its sink after the current line. Bounds:
/// - at most `maxOpenSessions` are open; opening one more evicts the oldest-opened session,
///   which ends with outcome `open` and `evicted` set, and is counted in `evictedCount`;
/// - a key that is opened again while still open (a pid reused after a lost `disconnect`
///   line) ends the old session, counted in `unterminatedCount`: as `open`, or with the
///   outcome a line already decided (see `closeAll`).
public struct SessionTracker: Sendable {
  public let maxOpenSessions: Int
  public private(set) var evictedCount = 0
  public private(set) var unterminatedCount = 0
  public private(set) var openedCount = 0
  /// Sessions ended since the pipeline last drained them.
  public var ended: [SessionRecord] = []
  private var index = FastDictionary<SessionKey, Int32>(capacity: 1024)
  private var slots: [SessionState] = []
  private var live: [Bool] = []
  private var free: [Int32] = []
  private var order: [(slot: Int32, id: UInt64)] = []
  private var orderHead = 0
  private var nextSerial: UInt64 = 1
  private let idBase: UInt64

  /// - Parameter idBase: added to every session id, so that parallel series get distinct ids.
  public init(maxOpenSessions: Int = 100_000, idBase: UInt64 = 0) {
    self.maxOpenSessions = max(1, maxOpenSessions)
    self.idBase = idBase
  }

  public var openCount: Int { index.count }

  /// Opens a session for `key`, ending any session still open under the same key.
  @discardableResult
  public mutating func open(
    key: SessionKey, family: LogFamily, direction: Direction, client: IPAddress?,
    time: LogTimestamp?, line: Int
  ) -> Int32 {
    if index.count >= maxOpenSessions, index[key] == nil { evictOldest(line: line) }
    let id = SessionID(idBase + nextSerial)
    nextSerial += 1
    openedCount += 1
    let state = SessionState(
      id: id, key: key, family: family, direction: direction, client: client, start: time, last: time,
      startLine: line)
    let slot: Int32
    if let reused = free.popLast() {
      slot = reused
      slots[Int(slot)] = state
      live[Int(slot)] = true
    } else {
      slot = Int32(slots.count)
      slots.append(state)
      live.append(true)
    }
    // One probe: the new slot replaces the old one's, which then ends without touching the
    // index (a pid reused after a lost `disconnect` line).
    if let old = index.updateValue(slot, forKey: key) {
      unterminatedCount += 1
      endUnfinished(slot: old, line: line, keepIndex: true)
    }
    order.append((slot, id.rawValue))
    return slot
  }

  /// The slot of the open session for `key`.
  @inline(__always) public func find(_ key: SessionKey) -> Int32? { index[key] }

  /// The id of the open session for `key`, `.none` when none is open.
  @inline(__always) public func sessionID(of key: SessionKey) -> SessionID {
    index[key].map { slots[Int($0)].id } ?? .none
  }

  /// The id of the session in `slot`, `.none` for no slot.
  @inline(__always) public func sessionID(in slot: Int32?) -> SessionID {
    slot.map { slots[Int($0)].id } ?? .none
  }

  /// Attaches `event` to the open session in `slot`: the event gets the session's id, and its
  /// client when the line names none; the session counts it among its replies when
  /// `countsReply` (a parser does not count a line it has counted before).
  @inline(__always)
  public mutating func attach(_ event: inout SMTPEvent, to slot: Int32, countsReply: Bool) {
    event.session = slots[Int(slot)].id
    if event.client == nil { event.client = slots[Int(slot)].client }
    if countsReply { slots[Int(slot)].replyEvents += 1 }
  }

  /// Read and write access to an open session's state.
  public subscript(slot: Int32) -> SessionState {
    get { slots[Int(slot)] }
    _modify { yield &slots[Int(slot)] }
  }

  /// Ends the session in `slot`. `outcome` defaults to the one already decided, else `fallback`.
  public mutating func close(
    slot: Int32, outcome: Outcome?, fallback: Outcome, stage: SMTPCommand?,
    time: LogTimestamp?, line: Int
  ) {
    let state = slots[Int(slot)]
    let finalOutcome = outcome ?? state.outcome ?? fallback
    let finalStage = stage ?? (state.stage != .none ? state.stage : state.lastCommand)
    endSession(
      slot: slot, outcome: finalOutcome, stage: finalStage, time: time ?? state.last, line: line,
      evicted: false)
  }

  /// Removes a session without reporting it (a postscreen session handed to smtpd).
  public mutating func discard(slot: Int32) {
    index[slots[Int(slot)].key] = nil
    live[Int(slot)] = false
    free.append(slot)
  }

  /// Ends every open session (end of input), oldest first, except those `keep` rejects, which
  /// are dropped unreported. A session whose outcome a line already decided (Postfix's `lost
  /// connection after RCPT`, whose `disconnect` line the input does not hold) ends with that
  /// outcome and stage: its end was logged, so it is not open. The others end as `open`.
  public mutating func closeAll(line: Int, keep: (SessionState) -> Bool = { _ in true }) {
    var remaining: [(Int32, SessionID)] = []
    for (_, slot) in index.entries { remaining.append((slot, slots[Int(slot)].id)) }
    remaining.sort { $0.1 < $1.1 }
    for (slot, _) in remaining {
      if keep(slots[Int(slot)]) {
        endUnfinished(slot: slot, line: line)
      } else {
        discard(slot: slot)
      }
    }
  }

  /// Ends a session whose closing line was not read: with the outcome a line decided, else
  /// `open` at its last command.
  private mutating func endUnfinished(slot: Int32, line: Int, keepIndex: Bool = false) {
    let state = slots[Int(slot)]
    var outcome = Outcome.open
    var stage = state.lastCommand
    if let decided = state.outcome {
      outcome = decided
      if state.stage != .none { stage = state.stage }
    }
    endSession(
      slot: slot, outcome: outcome, stage: stage, time: state.last, line: line, evicted: false, keepIndex: keepIndex)
  }

  private mutating func evictOldest(line: Int) {
    while orderHead < order.count {
      let (slot, serial) = order[orderHead]
      orderHead += 1
      if live[Int(slot)], slots[Int(slot)].id.rawValue == serial {
        evictedCount += 1
        endSession(
          slot: slot, outcome: .open, stage: slots[Int(slot)].lastCommand, time: slots[Int(slot)].last,
          line: line, evicted: true)
        break
      }
    }
    compactOrder()
  }

  private mutating func compactOrder() {
    if orderHead > 4096, orderHead * 2 > order.count {
      order.removeFirst(orderHead)
      orderHead = 0
    }
  }

  private mutating func endSession(
    slot: Int32, outcome: Outcome, stage: SMTPCommand, time: LogTimestamp?,
    line: Int, evicted: Bool, keepIndex: Bool = false
  ) {
    let s = slots[Int(slot)]
    ended.append(
      SessionRecord(
        id: s.id, family: s.family, direction: s.direction, client: s.client, host: s.key.host,
        program: s.key.program, start: s.start, end: time, outcome: outcome, stage: stage,
        startLine: s.startLine, endLine: line, replyEvents: s.replyEvents, evicted: evicted,
        closedWithoutQuit: s.closedWithoutQuit))
    if !keepIndex { index[s.key] = nil }
    live[Int(slot)] = false
    free.append(slot)
    // Keep the eviction queue from growing without bound when sessions close normally.
    if order.count - orderHead > maxOpenSessions * 4 {
      order = order[orderHead...].filter { live[Int($0.slot)] && slots[Int($0.slot)].id.rawValue == $0.id }
      orderHead = 0
    }
  }
}
