import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The full, mergeable result of `mailcodes analyze`: every tally the reports are made of.
///
/// String-keyed and exact: two summaries of two halves of a log merge into the summary of the
/// whole (counts add; top-N lists are recomputed from the kept tallies; periods are united).
/// `schema` versions the JSON form (`SummaryJSON`); see README "JSON contract".
public struct Summary: Sendable, Equatable {
  public static let schema = "mailcodes.summary/1"
  /// The peer, remote or hour of the counts a full table kept out: their row is exact, but it
  /// lumps many peers (or hours) together.
  public static let other = "(other)"

  /// One kind of reply: who answered, with what, to which command.
  public struct ReplyKey: Hashable, Sendable, Comparable {
    public var direction: Direction
    public var code: UInt16  // 0: not in the log
    public var enhanced: String  // "" when absent
    public var command: SMTPCommand
    public var kind: EventKind
    public var inferred: Bool
    public var hint: Hint

    public init(
      direction: Direction, code: UInt16, enhanced: String, command: SMTPCommand, kind: EventKind,
      inferred: Bool, hint: Hint
    ) {
      self.direction = direction
      self.code = code
      self.enhanced = enhanced
      self.command = command
      self.kind = kind
      self.inferred = inferred
      self.hint = hint
    }

    /// Hashes the small fields as one integer and leaves the enhanced code to `==`: a summary
    /// has a few dozen reply kinds, but its peer tallies hash a reply key per client address.
    public func hash(into hasher: inout Hasher) {
      hasher.combine(packedFields)
    }

    /// Every field but the enhanced code, in one integer.
    var packedFields: UInt64 {
      var packed = UInt64(direction.rawValue) | UInt64(code) << 8 | UInt64(command.rawValue) << 24
      packed |= UInt64(kind.rawValue) << 32 | UInt64(inferred ? 1 : 0) << 40 | UInt64(hint.rawValue) << 48
      return packed
    }

    public static func < (a: ReplyKey, b: ReplyKey) -> Bool {
      if (a.direction.rawValue, a.code, a.enhanced, a.command.rawValue)
        != (b.direction.rawValue, b.code, b.enhanced, b.command.rawValue)
      {
        return (a.direction.rawValue, a.code, a.enhanced, a.command.rawValue)
          < (b.direction.rawValue, b.code, b.enhanced, b.command.rawValue)
      }
      return (a.kind.rawValue, a.inferred ? 1 : 0, a.hint.rawValue) < (
        b.kind.rawValue, b.inferred ? 1 : 0, b.hint.rawValue
      )
    }
  }

  /// A reply kind for one peer (client address inbound, remote address outbound).
  public struct PeerKey: Hashable, Sendable, Comparable {
    public var reply: ReplyKey
    public var peer: String

    public init(reply: ReplyKey, peer: String) {
      self.reply = reply
      self.peer = peer
    }

    public static func < (a: PeerKey, b: PeerKey) -> Bool {
      a.reply != b.reply ? a.reply < b.reply : a.peer < b.peer
    }
  }

  /// How sessions ended.
  public struct SessionKey: Hashable, Sendable, Comparable {
    public var family: LogFamily
    public var direction: Direction
    public var outcome: Outcome
    public var stage: SMTPCommand
    public var withoutQuit: Bool

    public init(family: LogFamily, direction: Direction, outcome: Outcome, stage: SMTPCommand, withoutQuit: Bool) {
      self.family = family
      self.direction = direction
      self.outcome = outcome
      self.stage = stage
      self.withoutQuit = withoutQuit
    }

    public static func < (a: SessionKey, b: SessionKey) -> Bool {
      (a.family.rawValue, a.direction.rawValue, a.outcome.rawValue, a.stage.rawValue, a.withoutQuit ? 1 : 0)
        < (b.family.rawValue, b.direction.rawValue, b.outcome.rawValue, b.stage.rawValue, b.withoutQuit ? 1 : 0)
    }
  }

  /// Session outcomes per peer: the client of an inbound session, the remote server of an
  /// outbound one.
  public struct SessionPeerKey: Hashable, Sendable, Comparable {
    public var outcome: Outcome
    public var stage: SMTPCommand
    public var direction: Direction
    public var peer: String

    public init(outcome: Outcome, stage: SMTPCommand, direction: Direction = .inbound, peer: String) {
      self.outcome = outcome
      self.stage = stage
      self.direction = direction
      self.peer = peer
    }

    public static func < (a: SessionPeerKey, b: SessionPeerKey) -> Bool {
      (a.outcome.rawValue, a.stage.rawValue, a.direction.rawValue, a.peer)
        < (b.outcome.rawValue, b.stage.rawValue, b.direction.rawValue, b.peer)
    }
  }

  /// Results of our deliveries, per remote host and reply.
  public struct DeliveryKey: Hashable, Sendable, Comparable {
    public var status: String  // sent, deferred, bounced, expired, "" (a reply with no final status)
    public var kind: EventKind
    public var remote: String
    public var code: UInt16
    public var enhanced: String
    public var command: SMTPCommand

    public init(status: String, kind: EventKind, remote: String, code: UInt16, enhanced: String, command: SMTPCommand) {
      self.status = status
      self.kind = kind
      self.remote = remote
      self.code = code
      self.enhanced = enhanced
      self.command = command
    }

    public static func < (a: DeliveryKey, b: DeliveryKey) -> Bool {
      (a.status, a.kind.rawValue, a.remote, a.code, a.enhanced, a.command.rawValue)
        < (b.status, b.kind.rawValue, b.remote, b.code, b.enhanced, b.command.rawValue)
    }
  }

  /// Replies per hour and class (`"2026-11-29T06"`, class digit 2-5, 0 for no code).
  public struct HourKey: Hashable, Sendable, Comparable {
    public var hour: String
    public var replyClass: UInt8

    public init(hour: String, replyClass: UInt8) {
      self.hour = hour
      self.replyClass = replyClass
    }

    public static func < (a: HourKey, b: HourKey) -> Bool { (a.hour, a.replyClass) < (b.hour, b.replyClass) }
  }

  /// One input as it was read.
  public struct InputRecord: Sendable, Equatable {
    public var name: String
    public var lines = 0
    public var bytes: Int64 = 0
    public var compressed = false
    /// `gzip`, `bzip2`, `xz` or `zstd` when `compressed` (nil in summaries written before it
    /// was recorded: they were gzip).
    public var compression: String?
    /// Lines ending in a lone CR were read as lines (`InputStats.loneCRLineEnds`).
    public var loneCRLineEnds = false
    public var recognized = 0
    public var ignored = 0
    public var unrecognized = 0
    public var truncatedLines = 0
    public var events = 0
    public var formats: [String: Int] = [:]
    /// Mail lines per program (`InputStats.daemons`).
    public var daemons: [String: LineClassCounts] = [:]
    /// A transcript input: its dialect and side (`InputStats.transcript`).
    public var transcript: String?
    public var first: LogTimestamp?
    public var last: LogTimestamp?
    public var timeReversals = 0
    public var yearRollovers = 0
    public var error: String?
    public var warning: String?
    /// What tells this input from another (`merge` refuses to count one twice): the file, when
    /// it was last written (UTC seconds), the hash of its first line (`InputStats`).
    public var identity: FileIdentity?
    public var modificationTime: Int64?
    public var firstLineHash: UInt64?

    public init(name: String) { self.name = name }
  }

  /// Bounds the run hit.
  public struct Limits: Sendable, Equatable {
    public var truncatedLines = 0
    public var evictedSessions = 0
    public var unterminatedSessions = 0
    public var postscreenHandoffs = 0
    /// Counts that went to "(other)" because a tally reached its distinct-key bound.
    public var overflowedCounts = 0
    public init() {}
  }

  public var generator = "mailcodes"
  public var inputs: [InputRecord] = []
  public var replies = Tally<ReplyKey>()
  public var peers = Tally<PeerKey>(limit: 500_000)
  public var sessions = Tally<SessionKey>()
  public var sessionPeers = Tally<SessionPeerKey>(limit: 500_000)
  public var deliveries = Tally<DeliveryKey>(limit: 200_000)
  public var hourly = Tally<HourKey>()
  /// The message model's counts (received, delivered, domains, senders, delays...).
  public var messages = MessageSummary()
  /// A sample reply text per reply kind (the first one seen), for the report.
  public var samples: [ReplyKey: String] = [:]
  /// TLS, SASL logins, postscreen verdicts, session durations.
  public var sessionStats = SessionStats()
  public var limits = Limits()
  public var errors: [String] = []
  public var warnings: [String] = []
  /// Times of the first and last event counted (the period the report covers).
  public var firstEvent: LogTimestamp?
  public var lastEvent: LogTimestamp?
  /// The time window that was asked for (`--since`, `--until`, `--day`), as wall-clock seconds.
  public var window = TimeExpression.Window()
  /// Log lines whose time is inside `window` (nil: not counted, or no window). Zero makes the
  /// report blind (`CoverageGap.Kind.emptyWindow`).
  public var windowLines: Int?
  /// Windows of merged summaries that held no log line (a day without logs in a merged week):
  /// each stays a reason the merged report may miss problems.
  public var emptyWindows: [TimeExpression.Window] = []
  /// Inputs not read because they were last written before the window.
  public var skippedInputs: [String] = []

  public init() {}

  /// The period the report covers: from the first to the last event counted, or, when no event
  /// was, from the first to the last timestamped line.
  public var period: (first: LogTimestamp?, last: LogTimestamp?) {
    if firstEvent != nil || lastEvent != nil { return (firstEvent, lastEvent) }
    let firsts = inputs.compactMap(\.first)
    let lasts = inputs.compactMap(\.last)
    return (firsts.min(), lasts.max())
  }

  public var totalLines: Int { inputs.reduce(0) { $0 + $1.lines } }

  /// A table that reached its bound, and how many counts it keeps under "(other)".
  public struct FullTable: Sendable, Equatable {
    /// `peers`, `session_peers`, `deliveries` or `hourly` (the JSON keys of the tables).
    public var table: String
    /// Counts under the peer, remote or hour "(other)".
    public var countsInOther: Int
    /// What the bound makes inexact, for people.
    public var consequence: String
  }

  /// The tables that were full, found by their "(other)" rows (so a summary read back from
  /// JSON, or merged, knows it too).
  public var fullTables: [FullTable] {
    var out: [FullTable] = []
    let peerCounts = peers.entries.reduce(0) { $0 + ($1.key.peer == Summary.other ? $1.count : 0) }
    if peerCounts > 0 {
      out.append(
        FullTable(
          table: "peers", countsInOther: peerCounts,
          consequence: "the number of clients per reply is a lower bound"))
    }
    let sessionCounts = sessionPeers.entries.reduce(0) { $0 + ($1.key.peer == Summary.other ? $1.count : 0) }
    if sessionCounts > 0 {
      out.append(
        FullTable(
          table: "session_peers", countsInOther: sessionCounts,
          consequence: "top clients per session outcome may miss some"))
    }
    let deliveryCounts = deliveries.entries.reduce(0) { $0 + ($1.key.remote == Summary.other ? $1.count : 0) }
    if deliveryCounts > 0 {
      out.append(
        FullTable(
          table: "deliveries", countsInOther: deliveryCounts,
          consequence: "top remotes per delivery result may miss some"))
    }
    let hourCounts = hourly.entries.reduce(0) { $0 + ($1.key.hour == Summary.other ? $1.count : 0) }
    if hourCounts > 0 {
      out.append(
        FullTable(
          table: "hourly", countsInOther: hourCounts,
          consequence: "some hours of replies are not shown"))
    }
    return out
  }

  /// Adds `other` into this summary (exact).
  public mutating func merge(_ other: Summary) {
    inputs.append(contentsOf: other.inputs)
    replies.merge(other.replies)
    // Full tables keep the counts they cannot hold under "(other)": totals stay exact.
    var spilled = peers.merge(other.peers) { PeerKey(reply: $0.reply, peer: Summary.other) }
    sessions.merge(other.sessions)
    spilled += sessionPeers.merge(other.sessionPeers) {
      SessionPeerKey(outcome: $0.outcome, stage: $0.stage, direction: $0.direction, peer: Summary.other)
    }
    spilled += deliveries.merge(other.deliveries) {
      DeliveryKey(
        status: $0.status, kind: $0.kind, remote: Summary.other, code: $0.code, enhanced: $0.enhanced,
        command: $0.command)
    }
    hourly.merge(other.hourly)
    sessionStats.merge(other.sessionStats)
    limits.overflowedCounts += spilled
    messages.merge(other.messages)
    for (key, text) in other.samples where samples[key] == nil { samples[key] = text }
    limits.truncatedLines += other.limits.truncatedLines
    limits.evictedSessions += other.limits.evictedSessions
    limits.unterminatedSessions += other.limits.unterminatedSessions
    limits.postscreenHandoffs += other.limits.postscreenHandoffs
    limits.overflowedCounts += other.limits.overflowedCounts
    errors.append(contentsOf: other.errors)
    warnings.append(contentsOf: other.warnings)
    skippedInputs.append(contentsOf: other.skippedInputs)
    firstEvent = [firstEvent, other.firstEvent].compactMap { $0 }.min()
    lastEvent = [lastEvent, other.lastEvent].compactMap { $0 }.max()
    // A part that held no line stays a gap of the whole, though the whole holds lines.
    var empty = emptyWindows + other.emptyWindows
    if !window.isUnbounded, windowLines == 0 { empty.append(window) }
    if !other.window.isUnbounded, other.windowLines == 0 { empty.append(other.window) }
    emptyWindows = empty
    window = TimeExpression.Window(
      start: window.start == nil || other.window.start == nil ? nil : min(window.start!, other.window.start!),
      startUTCOffsetMinutes: window.start ?? .max <= other.window.start ?? .max
        ? window.startUTCOffsetMinutes : other.window.startUTCOffsetMinutes,
      end: window.end == nil || other.window.end == nil ? nil : max(window.end!, other.window.end!),
      endUTCOffsetMinutes: window.end ?? .min >= other.window.end ?? .min
        ? window.endUTCOffsetMinutes : other.window.endUTCOffsetMinutes)
    windowLines = windowLines.flatMap { mine in other.windowLines.map { mine + $0 } }
  }

  public static func == (a: Summary, b: Summary) -> Bool {
    a.inputs == b.inputs && a.replies.counts == b.replies.counts && a.peers.counts == b.peers.counts
      && a.sessions.counts == b.sessions.counts && a.sessionPeers.counts == b.sessionPeers.counts
      && a.deliveries.counts == b.deliveries.counts && a.hourly.counts == b.hourly.counts && a.limits == b.limits
      && a.errors == b.errors && a.warnings == b.warnings && a.firstEvent == b.firstEvent && a.lastEvent == b.lastEvent
      && a.samples == b.samples && a.messages == b.messages && a.sessionStats == b.sessionStats
  }
}

extension Summary.ReplyKey: FastHashable {
  /// For grouping a summary's rows by reply kind (`Report`): the enhanced code is left to
  /// `==`, as in `hash(into:)`.
  @inline(__always) public var fastHash: UInt64 { mix64(packedFields) }
}
