import MailCodesFormats
import MailCodesInput
import MailCodesSupport

/// The smtpd sessions whose lines a prefilter holds back unparsed
/// (`LinePrefilter.SessionDeferral`): per session key, copies of its lines in their order with
/// what parsing them needs (envelope, time, names), until `LineStage` parses or drops them.
///
/// Bounded: at most `maxSessions` sessions and `maxBytes` bytes of lines together, and
/// `maxLinesPerSession` lines a session; `hold` says when a bound is reached, and the caller
/// then parses sessions (which is always exact, only slower). Memory is reused: a released
/// session's buffers go to the next one.
struct HeldSessions {
  /// One held line: its bytes are `Session.bytes[start..<start + count]`.
  struct Line {
    var start: Int
    var count: Int
    var envelope: SyslogEnvelope
    var time: LogTimestamp?
    var info: LineInfo
    var hostID: UInt32
    var programID: UInt32
  }

  struct Session {
    var bytes: [UInt8] = []
    var lines: [Line] = []
    /// Queue ids its `client=` lines linked to it (`queueOwners`).
    var queues: [QueueKey] = []
    /// An `improper command pipelining` line is among its lines.
    var improperPipelining = false
  }

  /// What `hold` did.
  enum Held {
    case held
    /// The line was held, and its session reached `maxLinesPerSession`: parse it now.
    case sessionFull
    /// The line was not held: too many sessions or bytes are held; parse them all first.
    case storeFull
  }

  let maxSessions: Int
  let maxBytes: Int
  let maxLinesPerSession: Int
  private var slots: FastDictionary<SessionKey, Int32>
  private var sessions: [Session] = []
  private var free: [Int32] = []
  private var bytes = 0
  /// Queue id -> the held session whose `client=` line named it: a line of another daemon
  /// with that queue id needs the session parsed first (`PostfixParser.queueSessions`).
  private(set) var queueOwners: FastDictionary<QueueKey, SessionKey>

  init(maxSessions: Int, maxBytes: Int = 16 << 20, maxLinesPerSession: Int = 128) {
    self.maxSessions = max(1, maxSessions)
    self.maxBytes = maxBytes
    self.maxLinesPerSession = max(1, maxLinesPerSession)
    // Small for the placeholder of runs that hold nothing (every `LineStage` has one).
    slots = FastDictionary(capacity: min(1024, self.maxSessions))
    queueOwners = FastDictionary(capacity: min(1024, self.maxSessions))
  }

  var isEmpty: Bool { slots.isEmpty }

  @inline(__always) func holds(_ key: SessionKey) -> Bool { slots[key] != nil }

  /// Whether the held lines of `key` include an `improper command pipelining` line.
  func improperPipelining(_ key: SessionKey) -> Bool {
    guard let slot = slots[key] else { return false }
    return sessions[Int(slot)].improperPipelining
  }

  /// The keys of every held session.
  var keys: [SessionKey] { slots.entries.map(\.key) }

  /// Holds `line` (with `ctx`'s envelope, time and names) as the next line of `key`'s session.
  mutating func hold(_ line: ByteView, _ ctx: ParseContext, _ info: LineInfo, key: SessionKey, role: SMTPDLineRole)
    -> Held
  {
    var slot = slots[key]
    if slot == nil {
      guard slots.count < maxSessions, bytes + line.count <= maxBytes else { return .storeFull }
      let s = free.popLast() ?? Int32(sessions.count)
      if Int(s) == sessions.count { sessions.append(Session()) }
      slots[key] = s
      slot = s
    } else if bytes + line.count > maxBytes {
      return .storeFull
    }
    let i = Int(slot!)
    let start = sessions[i].bytes.count
    sessions[i].bytes.append(contentsOf: UnsafeBufferPointer(start: line.base, count: line.count))
    bytes += line.count
    sessions[i].lines.append(
      Line(
        start: start, count: line.count, envelope: ctx.envelope, time: ctx.time, info: info, hostID: ctx.hostID,
        programID: ctx.programID))
    switch role {
    case .improperPipelining:
      sessions[i].improperPipelining = true
    case .queued(let queue):
      sessions[i].queues.append(queue)
      queueOwners[queue] = key
    default:
      break
    }
    return sessions[i].lines.count >= maxLinesPerSession ? .sessionFull : .held
  }

  /// Takes `key`'s session out of the store (its queue ids no longer lead to it); nil when
  /// none is held. Give it back with `recycle` once its lines are read.
  mutating func take(_ key: SessionKey) -> Session? {
    guard let slot = slots.remove(key) else { return nil }
    let i = Int(slot)
    var session = Session()
    swap(&session, &sessions[i])
    for queue in session.queues where queueOwners[queue] == key { queueOwners.remove(queue) }
    bytes -= session.bytes.count
    free.append(slot)
    return session
  }

  /// Gives a taken session's buffers back for reuse (a large one is let go). In place: a
  /// copy would share the buffers, and emptying it would copy them.
  mutating func recycle(_ session: inout Session) {
    guard let slot = free.last, sessions[Int(slot)].bytes.capacity == 0, session.bytes.capacity <= 64 << 10
    else { return }
    session.bytes.removeAll(keepingCapacity: true)
    session.lines.removeAll(keepingCapacity: true)
    session.queues.removeAll(keepingCapacity: true)
    session.improperPipelining = false
    swap(&sessions[Int(slot)], &session)
  }

  /// Drops `key`'s session unread; returns how many lines it held.
  mutating func drop(_ key: SessionKey) -> Int {
    guard var session = take(key) else { return 0 }
    let n = session.lines.count
    recycle(&session)
    return n
  }
}
