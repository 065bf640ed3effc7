import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The sorted, render-ready view of a `MessageSummary`: the message sections of the report.
///
/// Lists are cut to `top` rows, sorted by their count (descending) then by name, so equal
/// summaries give equal reports.
public struct MessageReport: Sendable {
  public struct Named: Sendable {
    public var name: String
    public var count: Int
    public var bytes: Int64
  }

  public struct DomainRow: Sendable {
    public var domain: String
    public var stats: DomainDelivery
  }

  /// Percentiles of one delay series (milliseconds).
  public struct DelayRow: Sendable {
    public var label: String
    public var count: Int
    public var p50: Int64
    public var p90: Int64
    public var p99: Int64
    public var max: Int64
  }

  public struct TrafficRow: Sendable {
    /// `2026-11-29` (per day) or `2026-11-29T06` (per hour).
    public var period: String
    public var counts: [MessageSummary.Traffic: Int]
  }

  public struct RejectionText: Sendable {
    public var code: UInt16
    public var enhanced: String
    public var command: SMTPCommand
    public var text: String
    public var count: Int
  }

  public struct RejectionGroup: Sendable {
    public var reason: RejectionReason
    /// The lists (DNSBL) or other details with their counts.
    public var details: [(name: String, count: Int)]
    public var count: Int
    public var texts: [RejectionText]
    public var distinctTexts: Int
    public var senders: [(name: String, count: Int)]
    public var recipients: [(name: String, count: Int)]
    public var clients: [(name: String, count: Int)]
  }

  public struct ProblemRow: Sendable {
    public var severity: ProblemSeverity
    public var program: String
    public var text: String
    public var count: Int
  }

  public var totals: MessageSummary.Totals
  /// Whether the logs had message lines (received, queued, delivered...), not only refusals
  /// (transcripts and logs without them have those alone).
  public var hasMessageLines: Bool
  public var transports: [(key: MessageSummary.TransportKey, volume: Volume)] = []
  /// Distinct senders, recipients, sending and receiving domains; `atLeast` when a table
  /// reached its bound (then the true number is larger).
  public var distinct: (senders: Int, recipients: Int, senderDomains: Int, recipientDomains: Int, atLeast: Bool)
  public var domains: [DomainRow] = []
  public var domainCount = 0
  public var senderDomains: [Named] = []
  public var sendersByCount: [Named] = []
  public var sendersBySize: [Named] = []
  public var recipientsByCount: [Named] = []
  public var recipientsBySize: [Named] = []
  public var delays: [DelayRow] = []
  public var queueTime: DelayRow?
  public var daily: [TrafficRow] = []
  public var hourly: [TrafficRow] = []
  public var rejections: [RejectionGroup] = []
  public var problems: [ProblemRow] = []
  /// The top relayed paths (client, sender, remote, recipient), and how many there are.
  public var relayed: [(key: MessageSummary.RelayedKey, count: Int)] = []
  public var relayedPaths = 0
  /// The deferred queue at the end of the log per recipient domain (all hosts together): the
  /// messages per qshape bucket (`QueueShapeKey.bucketTitles`), the total first; the top
  /// domains, after the row of all of them (domain "TOTAL").
  public var deferredQueue: [(domain: String, counts: [Int])] = []
  public var deferredDomains = 0
  /// The latest end of a host's log (ms), the time the deferred queue describes.
  public var queueEnd: Int64?
  public var limits: MessageSummary.Limits

  public init(_ s: MessageSummary, top: Int) {
    totals = s.totals
    var withoutRefusals = s.totals
    withoutRefusals.rejected = 0
    hasMessageLines = withoutRefusals != MessageSummary.Totals() || !s.domains.isEmpty
    limits = s.limits
    transports = s.transports.entries.map { (key: $0.key, volume: $0.value) }
      .sorted { $0.volume.count != $1.volume.count ? $0.volume.count > $1.volume.count : $0.key < $1.key }
    let recipientDomains = s.domains.entries.filter { $0.value.delivered > 0 }.count
    distinct = (
      s.senders.count, s.recipients.count, s.senderDomains.count, recipientDomains,
      s.senders.overflowCount + s.recipients.overflowCount + s.senderDomains.overflowCount
        + s.domains.overflowCount > 0
    )
    domainCount = s.domains.count
    domains = MessageReport.select(s.domains.entries.lazy.map { DomainRow(domain: $0.key, stats: $0.value) }, top) {
      a, b in
      let ka = (a.stats.delivered, a.stats.deferred + a.stats.bounced + a.stats.expired)
      let kb = (b.stats.delivered, b.stats.deferred + b.stats.bounced + b.stats.expired)
      return ka != kb ? ka > kb : a.domain < b.domain
    }
    senderDomains = MessageReport.top(s.senderDomains, top, bySize: false)
    sendersByCount = MessageReport.top(s.senders, top, bySize: false)
    sendersBySize = MessageReport.top(s.senders, top, bySize: true)
    recipientsByCount = MessageReport.top(s.recipients, top, bySize: false)
    recipientsBySize = MessageReport.top(s.recipients, top, bySize: true)

    if let row = MessageReport.delayRow("delay (to delivery)", s.delays) { delays.append(row) }
    let partLabels = ["  before the queue manager", "  in the queue manager", "  connection setup", "  transmission"]
    for (i, label) in partLabels.enumerated() {
      if let row = MessageReport.delayRow(label, s.delayParts[i]) { delays.append(row) }
    }
    queueTime = MessageReport.delayRow("time in the queue (messages)", s.queueTimes)

    var days: [String: [MessageSummary.Traffic: Int]] = [:]
    var hours: [String: [MessageSummary.Traffic: Int]] = [:]
    for (key, n) in s.hourly.counts {
      hours[key.hour, default: [:]][key.traffic, default: 0] += n
      days[String(key.hour.prefix(10)), default: [:]][key.traffic, default: 0] += n
    }
    daily = days.sorted { $0.key < $1.key }.map { TrafficRow(period: $0.key, counts: $0.value) }
    hourly = hours.sorted { $0.key < $1.key }.map { TrafficRow(period: $0.key, counts: $0.value) }

    // Refusals: one group per reason, its texts and who got them.
    var counts = [Int](repeating: 0, count: 256)
    var details = [[String: Int]](repeating: [:], count: 256)
    var texts = [[RejectionText]](repeating: [], count: 256)
    for (key, n) in s.rejections.entries {
      let r = Int(key.reason.rawValue)
      counts[r] += n
      if !key.detail.isEmpty { details[r][key.detail, default: 0] += n }
      texts[r].append(
        RejectionText(code: key.code, enhanced: key.enhanced, command: key.command, text: key.text, count: n))
    }
    // The top parties per reason and role, selected (not sorted: there can be one per client).
    var lists = [TopList<String>](repeating: TopList(limit: top), count: 256 * 4)
    for (key, n) in s.rejectedParties.entries {
      lists[Int(key.reason.rawValue) << 2 | Int(key.role.rawValue)].add(key.value, n)
    }
    func party(_ r: Int, _ role: MessageSummary.PartyRole) -> [(name: String, count: Int)] {
      lists[r << 2 | Int(role.rawValue)].items.map { (name: $0.key, count: $0.count) }
    }
    for r in 0..<256 where counts[r] > 0 {
      guard let reason = RejectionReason(rawValue: UInt8(r)) else { continue }
      let sortedTexts = texts[r].sorted { a, b in
        a.count != b.count
          ? a.count > b.count
          : (a.code, a.enhanced, a.command.rawValue, a.text) < (b.code, b.enhanced, b.command.rawValue, b.text)
      }
      let sortedDetails = details[r].sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      rejections.append(
        RejectionGroup(
          reason: reason, details: sortedDetails.prefix(top).map { (name: $0.key, count: $0.value) }, count: counts[r],
          texts: Array(sortedTexts.prefix(top)), distinctTexts: sortedTexts.count, senders: party(r, .sender),
          recipients: party(r, .recipient), clients: party(r, .client)))
    }
    rejections.sort { $0.count != $1.count ? $0.count > $1.count : $0.reason.rawValue < $1.reason.rawValue }

    var queue: [String: [Int]] = [:]
    var all = [Int](repeating: 0, count: 12)
    for (key, n) in s.deferredQueue.entries {
      let column = Int(key.bucket) + 1
      guard column < 12 else { continue }
      queue[key.domain, default: [Int](repeating: 0, count: 12)][column] += n
      queue[key.domain]![0] += n
      all[column] += n
      all[0] += n
    }
    deferredDomains = queue.count
    if !queue.isEmpty {
      deferredQueue =
        [("TOTAL", all)]
        + MessageReport.select(queue.lazy.map { (domain: $0.key, counts: $0.value) }, top) { a, b in
          a.counts[0] != b.counts[0] ? a.counts[0] > b.counts[0] : a.domain < b.domain
        }
    }
    queueEnd = s.queueEnds.values.max()

    relayedPaths = s.relayed.entries.count
    relayed = MessageReport.select(s.relayed.entries, top) { a, b in
      a.count != b.count ? a.count > b.count : a.key < b.key
    }

    problems = s.problems.entries.map {
      ProblemRow(severity: $0.key.severity, program: $0.key.program, text: $0.key.text, count: $0.count)
    }
    .sorted { a, b in
      if a.severity != b.severity { return MessageReport.rank(a.severity) > MessageReport.rank(b.severity) }
      if a.count != b.count { return a.count > b.count }
      return (a.program, a.text) < (b.program, b.text)
    }
  }

  /// panic, fatal, error, warning, notice.
  static func rank(_ s: ProblemSeverity) -> Int {
    switch s {
    case .panic: return 4
    case .fatal: return 3
    case .error: return 2
    case .warning: return 1
    case .notice: return 0
    }
  }

  static func top(_ table: KeyedTotals<String, Volume>, _ n: Int, bySize: Bool) -> [Named] {
    select(table.entries.lazy.map { Named(name: $0.key, count: $0.value.count, bytes: $0.value.bytes) }, n) { a, b in
      let ka = bySize ? (a.bytes, Int64(a.count)) : (Int64(a.count), a.bytes)
      let kb = bySize ? (b.bytes, Int64(b.count)) : (Int64(b.count), b.bytes)
      return ka != kb ? ka > kb : a.name < b.name
    }
  }

  /// The first `n` of `items` in the order `precedes`, kept sorted as they come: an item that
  /// does not beat the last kept one costs one comparison (lists can hold every address).
  static func select<S: Sequence>(_ items: S, _ n: Int, by precedes: (S.Element, S.Element) -> Bool) -> [S.Element] {
    var kept: [S.Element] = []
    guard n > 0 else { return kept }
    for item in items {
      if kept.count == n {
        guard precedes(item, kept[n - 1]) else { continue }
        kept.removeLast()
      }
      var low = 0
      var high = kept.count
      while low < high {
        let mid = (low + high) / 2
        if precedes(kept[mid], item) { low = mid + 1 } else { high = mid }
      }
      kept.insert(item, at: low)
    }
    return kept
  }

  static func delayRow(_ label: String, _ h: ValueHistogram) -> DelayRow? {
    guard h.count > 0, let p50 = h.percentile(50), let p90 = h.percentile(90), let p99 = h.percentile(99) else {
      return nil
    }
    return DelayRow(label: label, count: h.count, p50: p50, p90: p90, p99: p99, max: h.max)
  }

  /// Milliseconds as people read a delay: `0.03 s`, `1.2 s`, `27 s`, `4.5 m`, `2.3 h`, `3.1 d`.
  public static func duration(_ ms: Int64) -> String {
    if ms < 0 { return "-" }
    if ms < 10_000 {
      let hundredths = (ms + 5) / 10
      return hundredths == 0 ? "0 s" : "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
    }
    func oneDecimal(_ value: Int64, _ unit: Int64, _ suffix: String) -> String {
      let tenths = (value * 10 + unit / 2) / unit
      return "\(tenths / 10).\(tenths % 10) \(suffix)"
    }
    if ms < 100_000 { return oneDecimal(ms, 1000, "s") }
    if ms < 3_600_000 { return oneDecimal(ms, 60_000, "m") }
    if ms < 86_400_000 { return oneDecimal(ms, 3_600_000, "h") }
    return oneDecimal(ms, 86_400_000, "d")
  }

  /// Bytes with a unit: `512 B`, `14.2 KB`, `3.1 MB` (1000-based, as `ls -h --si`).
  public static func bytes(_ n: Int64) -> String {
    if n < 10_000 { return "\(TextLayout.number(Int(n))) B" }
    let units = ["KB", "MB", "GB", "TB", "PB"]
    var value = Double(n) / 1000
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
  }
}

extension Report {
  /// The message sections, or nil when the logs said nothing about messages.
  public static func messages(_ summary: Summary, top: Int) -> MessageReport? {
    summary.messages.isEmpty ? nil : MessageReport(summary.messages, top: max(1, top))
  }
}
