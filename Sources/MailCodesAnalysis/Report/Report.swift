import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The sorted, render-ready view of a `Summary` (what the text and HTML reports show).
///
/// Built once, deterministic: rows are sorted by count (descending), then by their keys.
/// "Problems first": 5xx before 4xx before the rest.
public struct Report: Sendable {
  /// A reply kind with its count and the peers that got it.
  public struct CodeRow: Sendable {
    public var direction: Direction
    public var code: UInt16?
    public var enhanced: String?
    public var command: SMTPCommand
    public var inferred: Bool
    public var kind: EventKind
    public var hint: Hint
    public var count: Int
    public var peers: Int
    /// Some peers of this row are lumped under "(other)" (a full table): `peers` is a lower
    /// bound, printed `>= N`.
    public var peersAtLeast = false
    public var meaning: String
    public var sample: String?
    public var topPeers: [(peer: String, count: Int)]

    public var codeLabel: String { code.map(String.init) ?? "-" }

    /// `12 clients`, or `>= 1,001 clients` when the count is a lower bound.
    public func peerCount(_ one: String, _ many: String) -> String {
      (peersAtLeast ? ">= " : "") + TextLayout.number(peers) + " " + (peers == 1 && !peersAtLeast ? one : many)
    }
  }

  /// A count with a label in the "problems" header.
  public struct Problem: Sendable {
    public var label: String
    public var count: Int
  }

  /// Sessions that ended one way, by stage.
  public struct OutcomeRow: Sendable {
    public var outcome: Outcome
    public var count: Int
    public var withoutQuit: Int
    public var stages: [(stage: SMTPCommand, count: Int)]
    public var topPeers: [(peer: String, count: Int)]
    /// Whose sessions they are: `clients` (inbound), `remote servers` (outbound) or `peers`.
    public var peerNoun: String
    /// How many distinct peers there are (`topPeers` holds the first `top` of them).
    public var peerCount = 0
  }

  /// A reply of a remote server to our deliveries.
  public struct DeliveryRow: Sendable {
    public var status: String
    public var kind: EventKind
    public var code: UInt16?
    public var enhanced: String?
    public var command: SMTPCommand
    public var count: Int
    public var remotes: [(remote: String, count: Int)]
    public var meaning: String
    /// How many distinct remotes there are (`remotes` holds the first `top` of them).
    public var remoteCount = 0
  }

  public var title: String
  public var first: LogTimestamp?
  public var last: LogTimestamp?
  public var problems: [Problem] = []
  public var inbound: [CodeRow] = []
  public var unlogged: [CodeRow] = []
  public var outcomes: [OutcomeRow] = []
  public var sessionTotal = 0
  /// TLS, SASL, postscreen and durations, as summed (rendered by each renderer's own part).
  public var sessionStats = SessionStats()
  public var outbound: [DeliveryRow] = []
  public var deliveryTotals: [(status: String, count: Int)] = []
  public var hourly: [(hour: String, counts: [UInt8: Int])] = []
  /// Replies of hours the full histogram could not hold (not in `hourly`).
  public var hourlyBeyondBound = 0
  /// The tables that reached their bound (see `Summary.fullTables`).
  public var fullTables: [Summary.FullTable] = []
  public var inputs: [Summary.InputRecord] = []
  public var limits = Summary.Limits()
  public var errors: [String] = []
  public var warnings: [String] = []
  public var top: Int
  /// The window that was asked for (`--since`/`--until`/`--day`).
  public var window = TimeExpression.Window()
  /// The comparison with the previous period (`--compare previous`).
  public var comparison: Comparison?
  /// What the report did not see (`Summary.coverageGaps`): said first, and "no problems"
  /// is then never claimed.
  public var gaps: [CoverageGap] = []
  public var skippedInputs: [String] = []
  /// The message sections (nil when the logs hold no message line).
  public var messages: MessageReport?

  public init(summary: Summary, top: Int = 10) {
    self.top = max(1, top)
    let period = summary.period
    first = period.first
    last = period.last
    inputs = summary.inputs
    limits = summary.limits
    sessionStats = summary.sessionStats
    errors = summary.errors
    warnings = summary.warnings
    title = "mailcodes report"
    window = summary.window
    skippedInputs = summary.skippedInputs
    gaps = summary.coverageGaps

    // Peers per reply kind: how many (with a name), and the first `top` by count, then name.
    // Reply kinds are few and peers many: kinds are numbered once (a cheap hash of their small
    // fields), and each peer finds its list by that number.
    var kindIndex = FastDictionary<Summary.ReplyKey, Int>(capacity: summary.replies.counts.count + 16)
    var peerLists: [TopList<String>] = []
    var lumped = Set<Int>()
    for (key, n) in summary.peers.entries where !key.peer.isEmpty {
      let k: Int
      if let index = kindIndex[key.reply] {
        k = index
      } else {
        k = peerLists.count
        kindIndex[key.reply] = k
        peerLists.append(TopList(limit: top))
      }
      peerLists[k].add(key.peer, n)
      if key.peer == Summary.other { lumped.insert(k) }
    }

    var rows: [CodeRow] = []
    for (key, n) in summary.replies.counts {
      let peerList = kindIndex[key].map { peerLists[$0] } ?? TopList(limit: top)
      rows.append(
        CodeRow(
          direction: key.direction, code: key.code == 0 ? nil : key.code,
          enhanced: key.enhanced.isEmpty ? nil : key.enhanced, command: key.command, inferred: key.inferred,
          kind: key.kind, hint: key.hint, count: n, peers: peerList.seen,
          peersAtLeast: kindIndex[key].map { lumped.contains($0) } ?? false,
          meaning: key.code == 0 && key.hint != .none
            ? key.hint.description
            : CodeMeanings.oneLine(code: key.code == 0 ? nil : Int(key.code), enhanced: key.enhanced),
          sample: summary.samples[key], topPeers: peerList.items.map { (peer: $0.key, count: $0.count) }))
    }
    rows.sort(by: Report.problemsFirst)
    inbound = rows.filter { $0.direction == .inbound && $0.code != nil }
    unlogged = rows.filter { $0.direction == .inbound && $0.code == nil }

    // Outcomes.
    var byOutcome: [Outcome: (Int, Int, [SMTPCommand: Int])] = [:]
    for (key, n) in summary.sessions.counts {
      // Mutated in place (a copied entry would copy its stage dictionary on every write).
      byOutcome[key.outcome, default: (0, 0, [:])].0 += n
      if key.withoutQuit { byOutcome[key.outcome, default: (0, 0, [:])].1 += n }
      byOutcome[key.outcome, default: (0, 0, [:])].2[key.stage, default: 0] += n
      sessionTotal += n
    }
    var sessionPeers: [Outcome: [String: Int]] = [:]
    var peerDirections: [Outcome: Set<Direction>] = [:]
    for (key, n) in summary.sessionPeers.entries where !key.peer.isEmpty {
      sessionPeers[key.outcome, default: [:]][key.peer, default: 0] += n
      peerDirections[key.outcome, default: []].insert(key.direction)
    }
    for outcome in Outcome.allCases {
      guard let (count, withoutQuit, stages) = byOutcome[outcome] else { continue }
      var peers = TopList<String>(limit: top)
      for (peer, n) in sessionPeers[outcome] ?? [:] { peers.add(peer, n) }
      outcomes.append(
        OutcomeRow(
          outcome: outcome, count: count, withoutQuit: withoutQuit,
          stages: stages.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
            ($0.key, $0.value)
          },
          topPeers: peers.items.map { ($0.key, $0.count) },
          peerNoun: Report.peerNoun(peerDirections[outcome] ?? [.inbound]), peerCount: peers.seen))
    }

    // Outbound.
    var deliveryGroups: [DeliveryGroup: (Int, [String: Int])] = [:]
    var statusTotals: [String: Int] = [:]
    for (key, n) in summary.deliveries.counts {
      let group = DeliveryGroup(
        status: key.status, kind: key.kind, code: key.code, enhanced: key.enhanced,
        command: key.command)
      // Mutated in place (a copied entry would copy its remote dictionary on every write).
      deliveryGroups[group, default: (0, [:])].0 += n
      deliveryGroups[group, default: (0, [:])].1[key.remote, default: 0] += n
      statusTotals[key.status.isEmpty ? "reply" : key.status, default: 0] += n
    }
    for (group, (count, remotes)) in deliveryGroups {
      var remoteList = TopList<String>(limit: top)
      for (remote, n) in remotes { remoteList.add(remote, n) }
      outbound.append(
        DeliveryRow(
          status: group.status, kind: group.kind, code: group.code == 0 ? nil : group.code,
          enhanced: group.enhanced.isEmpty ? nil : group.enhanced, command: group.command, count: count,
          remotes: remoteList.items.map { ($0.key, $0.count) },
          meaning: group.code == 0 ? "" : CodeMeanings.oneLine(code: Int(group.code), enhanced: group.enhanced),
          remoteCount: remoteList.seen))
    }
    outbound.sort { a, b in
      let ra = Report.severity(a.code, a.kind)
      let rb = Report.severity(b.code, b.kind)
      if ra != rb { return ra > rb }
      if a.count != b.count { return a.count > b.count }
      return (a.status, a.code ?? 0, a.enhanced ?? "", a.command.rawValue) < (
        b.status, b.code ?? 0, b.enhanced ?? "", b.command.rawValue
      )
    }
    deliveryTotals = statusTotals.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }

    // Hourly.
    var hours: [String: [UInt8: Int]] = [:]
    for (key, n) in summary.hourly.counts {
      if key.hour == Summary.other {
        hourlyBeyondBound += n
      } else {
        hours[key.hour, default: [:]][key.replyClass, default: 0] += n
      }
    }
    hourly = hours.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    fullTables = summary.fullTables

    // Problems header.
    let inboundReplies = inbound.reduce(0) { $0 + $1.count }
    func sum(_ filter: (CodeRow) -> Bool) -> Int { rows.filter(filter).reduce(0) { $0 + $1.count } }
    problems = [
      Problem(
        label: "5xx permanent rejections sent",
        count: sum { $0.direction == .inbound && ($0.code ?? 0) >= 500 && $0.kind != .warning }),
      Problem(
        label: "4xx temporary rejections sent",
        count: sum { $0.direction == .inbound && ($0.code ?? 0) / 100 == 4 && $0.kind != .warning }),
      Problem(label: "Authentication failures", count: sum { $0.kind == .authFailure }),
      Problem(label: "Idle timeouts (server closed, no QUIT)", count: byOutcome[.idleTimeout]?.0 ?? 0),
      Problem(label: "Lost connections (client left, no QUIT)", count: byOutcome[.lostConnection]?.0 ?? 0),
      Problem(label: "Sessions ended by the server (rejected)", count: byOutcome[.rejected]?.0 ?? 0),
      Problem(label: "Rejections whose reply the log omits", count: unlogged.reduce(0) { $0 + $1.count }),
      Problem(
        label: "Remote 5xx replies to our deliveries",
        count: outbound.filter { ($0.code ?? 0) >= 500 }.reduce(0) { $0 + $1.count }),
      Problem(
        label: "Remote 4xx replies to our deliveries",
        count: outbound.filter { ($0.code ?? 0) / 100 == 4 }.reduce(0) { $0 + $1.count }),
      Problem(
        label: "Remote hang-ups without QUIT",
        count: outbound.filter { $0.kind == .remoteHangup }.reduce(0) { $0 + $1.count }),
      Problem(
        label: "Failed deliveries without a reply code",
        count: outbound.filter(Report.isFailureWithoutCode).reduce(0) { $0 + $1.count }),
    ]
    _ = inboundReplies
    // Last: the closures above copy the report, and the message sections are large.
    messages = Report.messages(summary, top: self.top)
  }

  /// A delivery that failed without an SMTP reply (no connection, DNS, TLS, a local
  /// transport, an expired message): `relay=none ... status=deferred (connect to ...)`.
  static func isFailureWithoutCode(_ row: DeliveryRow) -> Bool {
    row.code == nil && (row.kind == .deferred || row.kind == .bounced || row.kind == .expired)
  }

  struct DeliveryGroup: Hashable {
    var status: String
    var kind: EventKind
    var code: UInt16
    var enhanced: String
    var command: SMTPCommand
  }

  /// A delivery result that is a failure: deferred, bounced or expired.
  public static func isFailure(_ status: String) -> Bool {
    status == "deferred" || status == "bounced" || status == "expired"
  }

  /// What to call the peers of sessions in `directions`.
  static func peerNoun(_ directions: Set<Direction>) -> String {
    switch directions {
    case [.outbound]: return "remote servers"
    case [.inbound], []: return "clients"
    default: return "peers"
    }
  }

  /// 5xx, then 4xx, then refusals without a code, then the rest; larger counts first.
  static func problemsFirst(_ a: CodeRow, _ b: CodeRow) -> Bool {
    let ra = severity(a.code, a.kind)
    let rb = severity(b.code, b.kind)
    if ra != rb { return ra > rb }
    if a.count != b.count { return a.count > b.count }
    if (a.code ?? 0) != (b.code ?? 0) { return (a.code ?? 0) < (b.code ?? 0) }
    if (a.enhanced ?? "") != (b.enhanced ?? "") { return (a.enhanced ?? "") < (b.enhanced ?? "") }
    if a.command != b.command { return a.command < b.command }
    return (a.inferred ? 1 : 0, a.kind.rawValue, a.hint.rawValue) < (
      b.inferred ? 1 : 0, b.kind.rawValue, b.hint.rawValue
    )
  }

  static func severity(_ code: UInt16?, _ kind: EventKind) -> Int {
    guard let code else { return kind == .remoteHangup ? 3 : 2 }
    switch code / 100 {
    case 5: return 5
    case 4: return 4
    default: return kind == .remoteHangup ? 3 : 1
    }
  }
}
