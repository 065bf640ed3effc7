import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// What the message model counted, string-keyed and mergeable (part of `Summary`).
///
/// Counting rules (the report and README say the same):
/// - `received`: messages that entered the queue from outside: Postfix smtpd `client=` lines
///   (every smtpd service name) and pickup lines; Exim `<=` lines. Notifications the MTA made
///   itself (Postfix bounce and delay notices, Exim's `<= <> R=...`) are `notifications`, not
///   received. A message re-injected after a content filter is not received again
///   (`filterHops`).
/// - `delivered`: recipients delivered (`status=sent`, Exim `=>` and `->`), except Postfix's
///   `forwarded as` deliveries (`forwarded`); `deliveredMessages`: messages with at least one.
/// - `deferrals`: deferral lines (attempts); `deferredMessages`: messages with at least one.
/// - `bounced` / `expired`: recipients; `bouncedMessages` / `expiredMessages`: messages (Postfix
///   qmgr's `status=expired` is a whole message).
/// - `rejected`: refusals the server logged as such (reject lines and Exim rejections, not those
///   known only from Postfix's disconnect counters); `rejectedAfterData`: messages refused
///   after their content was read (cleanup or milter `reject:` with a queue id).
/// - bytes: the message's size (Postfix qmgr `size=`, Exim `S=`), received once per message,
///   delivered once per delivered recipient (as pflogsumm and eximstats count them).
public struct MessageSummary: Sendable, Equatable {
  public var totals = Totals()
  /// Deliveries per transport (agent and transport name).
  public var transports = KeyedTotals<TransportKey, Volume>()
  /// Received messages per sender address (domain part lower-cased).
  public var senders = KeyedTotals<String, Volume>(limit: 500_000)
  /// Delivered recipients per address.
  public var recipients = KeyedTotals<String, Volume>(limit: 500_000)
  /// Received messages per sender domain (the client's name when the sender has no domain).
  public var senderDomains = KeyedTotals<String, Volume>(limit: 200_000)
  /// Delivery results per recipient domain.
  public var domains = KeyedTotals<String, DomainDelivery>(limit: 200_000)
  /// Delivery delays of delivered recipients (Postfix `delay=`, Exim `QT=` or the time since
  /// `<=`), in milliseconds.
  public var delays = ValueHistogram()
  /// Postfix `delays=a/b/c/d` of delivered recipients: before the queue manager, in it,
  /// connection setup, transmission.
  public var delayParts = [ValueHistogram](repeating: ValueHistogram(), count: 4)
  /// Time from arrival to leaving the queue (`removed`, `Completed`), per message.
  public var queueTimes = ValueHistogram()
  /// Message traffic per hour.
  public var hourly = Tally<HourKey>()
  /// Daemon warnings, errors, fatal errors and panics, grouped by text.
  public var problems = Tally<ProblemKey>(limit: 20_000)
  /// Refusals by normalized reason and text.
  public var rejections = Tally<RejectionKey>(limit: 20_000)
  /// Who was refused, per reason: the sender, recipient and client of each refusal.
  public var rejectedParties = Tally<RejectedPartyKey>(limit: 200_000)
  /// Recipients relayed (`Totals.relayed`) per client, sender, remote host and recipient.
  public var relayed = Tally<RelayedKey>(limit: 10_000)
  /// The deferred queue at the end of each host's log, from the log (what Postfix's qshape
  /// shows of the deferred queue): messages whose last deferral had no final result after it,
  /// by host, recipient domain of that deferral and age since arrival.
  public var deferredQueue = Tally<QueueShapeKey>()
  /// When each host's log ended (ms): the time `deferredQueue` describes.
  public var queueEnds: [String: Int64] = [:]
  public var limits = Limits()

  public init() {}

  /// Whether any message line was seen (reports leave the sections out otherwise).
  public var isEmpty: Bool { self == MessageSummary() }

  public mutating func merge(_ other: MessageSummary) {
    totals.add(other.totals)
    transports.merge(other.transports)
    senders.merge(other.senders)
    recipients.merge(other.recipients)
    senderDomains.merge(other.senderDomains)
    domains.merge(other.domains)
    delays.merge(other.delays)
    for i in 0..<4 { delayParts[i].merge(other.delayParts[i]) }
    queueTimes.merge(other.queueTimes)
    hourly.merge(other.hourly)
    problems.merge(other.problems)
    rejections.merge(other.rejections)
    rejectedParties.merge(other.rejectedParties)
    limits.overflowedCounts += relayed.merge(other.relayed) { _ in
      RelayedKey(client: Summary.other, sender: Summary.other, remote: Summary.other, recipient: Summary.other)
    }
    mergeQueues(other)
    limits.evictedMessages += other.limits.evictedMessages
    limits.openMessages += other.limits.openMessages
    limits.overflowedCounts += other.limits.overflowedCounts
  }

  /// The deferred queue of a host is the one at the later end: a later log of the same host
  /// replaces it (yesterday's queue is today's past), one that ends at the same time adds to it
  /// (two parts of one log), an earlier one is dropped.
  private mutating func mergeQueues(_ other: MessageSummary) {
    for (host, end) in other.queueEnds {
      let mine = queueEnds[host]
      guard mine.map({ end >= $0 }) ?? true else { continue }
      if let mine, end > mine {
        var kept = Tally<QueueShapeKey>()
        for (key, n) in deferredQueue.entries where key.host != host { kept.add(key, n) }
        deferredQueue = kept
      }
      queueEnds[host] = end
      for (key, n) in other.deferredQueue.entries where key.host == host { deferredQueue.add(key, n) }
    }
  }

  public static func == (a: MessageSummary, b: MessageSummary) -> Bool {
    a.totals == b.totals && a.transports == b.transports && a.senders == b.senders && a.recipients == b.recipients
      && a.senderDomains == b.senderDomains && a.domains == b.domains && a.delays == b.delays
      && a.delayParts == b.delayParts && a.queueTimes == b.queueTimes && a.hourly.counts == b.hourly.counts
      && a.problems.counts == b.problems.counts && a.rejections.counts == b.rejections.counts
      && a.rejectedParties.counts == b.rejectedParties.counts && a.relayed.counts == b.relayed.counts
      && a.deferredQueue.counts == b.deferredQueue.counts && a.queueEnds == b.queueEnds && a.limits == b.limits
  }

  /// The grand totals.
  public struct Totals: Sendable, Equatable {
    public var received = 0
    public var receivedSMTP = 0
    public var receivedLocal = 0
    public var notifications = 0
    public var filterHops = 0
    public var receivedBytes: Int64 = 0
    public var delivered = 0
    public var deliveredMessages = 0
    public var deliveredBytes: Int64 = 0
    public var forwarded = 0
    /// Recipients of messages received from a client and sent on to a remote host over SMTP
    /// (to the address the client gave: not an alias's or a rewrite's), as eximstats's
    /// "Relayed messages".
    public var relayed = 0
    public var deferrals = 0
    public var deferredMessages = 0
    public var bounced = 0
    public var bouncedMessages = 0
    public var expired = 0
    public var expiredMessages = 0
    public var rejected = 0
    public var rejectedAfterData = 0
    public var held = 0
    public var discarded = 0
    public var removed = 0

    public init() {}

    /// The fields by name, in report order (JSON keys, merge).
    nonisolated(unsafe) public static let fields: [(name: String, path: WritableKeyPath<Totals, Int>)] = [
      ("received", \.received), ("received_smtp", \.receivedSMTP), ("received_local", \.receivedLocal),
      ("notifications", \.notifications), ("filter_hops", \.filterHops), ("delivered", \.delivered),
      ("delivered_messages", \.deliveredMessages), ("forwarded", \.forwarded), ("relayed", \.relayed),
      ("deferrals", \.deferrals),
      ("deferred_messages", \.deferredMessages), ("bounced", \.bounced), ("bounced_messages", \.bouncedMessages),
      ("expired", \.expired), ("expired_messages", \.expiredMessages), ("rejected", \.rejected),
      ("rejected_after_data", \.rejectedAfterData), ("held", \.held), ("discarded", \.discarded),
      ("removed", \.removed),
    ]

    public mutating func add(_ o: Totals) {
      for (_, path) in Totals.fields { self[keyPath: path] += o[keyPath: path] }
      receivedBytes += o.receivedBytes
      deliveredBytes += o.deliveredBytes
    }

    /// Rejected as a share of what was offered (received + rejected), in percent.
    public var rejectionRate: Double {
      let offered = received + rejected
      return offered == 0 ? 0 : Double(rejected) * 100 / Double(offered)
    }
  }

  public struct Limits: Sendable, Equatable {
    /// Messages pushed out of the bounded message table.
    public var evictedMessages = 0
    /// Messages still in the queue when the input ended (no `removed` line yet).
    public var openMessages = 0
    /// Counts that went to "(other)" because a table reached its bound.
    public var overflowedCounts = 0
    public init() {}
  }

  /// A transport: the kind of delivery agent and its name (Postfix: the agent; Exim: `T=`).
  public struct TransportKey: Hashable, Sendable, Comparable {
    public var agent: DeliveryAgent
    public var name: String
    public init(agent: DeliveryAgent, name: String) {
      self.agent = agent
      self.name = name
    }
    public static func < (a: TransportKey, b: TransportKey) -> Bool {
      (a.name, a.agent.rawValue) < (b.name, b.agent.rawValue)
    }
  }

  /// What a message traffic count per hour counts.
  public enum Traffic: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case received = 1
    case delivered, deferred, bounced, expired, rejected

    public var description: String {
      switch self {
      case .received: return "received"
      case .delivered: return "delivered"
      case .deferred: return "deferred"
      case .bounced: return "bounced"
      case .expired: return "expired"
      case .rejected: return "rejected"
      }
    }

    public init?(name: String) {
      guard let t = Traffic.allCases.first(where: { $0.description == name }) else { return nil }
      self = t
    }
  }

  /// Message traffic in one hour (`2026-11-29T06`).
  public struct HourKey: Hashable, Sendable, Comparable {
    public var hour: String
    public var traffic: Traffic
    public init(hour: String, traffic: Traffic) {
      self.hour = hour
      self.traffic = traffic
    }
    public static func < (a: HourKey, b: HourKey) -> Bool {
      (a.hour, a.traffic.rawValue) < (b.hour, b.traffic.rawValue)
    }
  }

  /// A daemon line: its syslog tag, severity and text.
  public struct ProblemKey: Hashable, Sendable, Comparable {
    public var program: String
    public var severity: ProblemSeverity
    public var text: String
    public init(program: String, severity: ProblemSeverity, text: String) {
      self.program = program
      self.severity = severity
      self.text = text
    }
    public static func < (a: ProblemKey, b: ProblemKey) -> Bool {
      (a.severity.rawValue, a.program, a.text) < (b.severity.rawValue, b.program, b.text)
    }
  }

  /// A kind of refusal: its reason class, the reply (code, enhanced code, command) and its
  /// text with addresses and numbers taken out (`RejectionReason.normalize`).
  public struct RejectionKey: Hashable, Sendable, Comparable {
    public var reason: RejectionReason
    /// The list's name for a DNSBL refusal, the service for a policy service; "" otherwise.
    public var detail: String
    public var code: UInt16
    public var enhanced: String
    public var command: SMTPCommand
    public var text: String
    public init(
      reason: RejectionReason, detail: String, code: UInt16, enhanced: String, command: SMTPCommand,
      text: String
    ) {
      self.reason = reason
      self.detail = detail
      self.code = code
      self.enhanced = enhanced
      self.command = command
      self.text = text
    }
    public static func < (a: RejectionKey, b: RejectionKey) -> Bool {
      (a.reason.rawValue, a.detail, a.code, a.enhanced, a.command.rawValue, a.text)
        < (b.reason.rawValue, b.detail, b.code, b.enhanced, b.command.rawValue, b.text)
    }
  }

  /// The path of relayed recipients: the client's address ("" when unknown), the sender, the
  /// remote host as logged (Postfix `relay=`, Exim `H=`), the recipient.
  public struct RelayedKey: Hashable, Sendable, Comparable {
    public var client: String
    public var sender: String
    public var remote: String
    public var recipient: String
    public init(client: String, sender: String, remote: String, recipient: String) {
      self.client = client
      self.sender = sender
      self.remote = remote
      self.recipient = recipient
    }
    public static func < (a: RelayedKey, b: RelayedKey) -> Bool {
      (a.client, a.sender, a.remote, a.recipient) < (b.client, b.sender, b.remote, b.recipient)
    }
  }

  /// A count of the deferred queue: the host, the recipient domain, qshape's age bucket (0: the
  /// arrival is not in the log; 1: under 5 minutes; then 5-10, 10-20 ... 640-1280; 10: 1280
  /// minutes and more).
  public struct QueueShapeKey: Hashable, Sendable, Comparable {
    public var host: String
    public var domain: String
    public var bucket: UInt8
    public init(host: String, domain: String, bucket: UInt8) {
      self.host = host
      self.domain = domain
      self.bucket = bucket
    }
    public static func < (a: QueueShapeKey, b: QueueShapeKey) -> Bool {
      (a.host, a.domain, a.bucket) < (b.host, b.domain, b.bucket)
    }
    /// Column titles of the buckets, as qshape's (the upper bound in minutes; `?`: unknown).
    public static let bucketTitles = ["?", "5", "10", "20", "40", "80", "160", "320", "640", "1280", "1280+"]
  }

  /// Who a refusal was for.
  public enum PartyRole: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case sender = 1
    case recipient, client
    public var description: String {
      switch self {
      case .sender: return "sender"
      case .recipient: return "recipient"
      case .client: return "client"
      }
    }
    public init?(name: String) {
      guard let r = PartyRole.allCases.first(where: { $0.description == name }) else { return nil }
      self = r
    }
  }

  /// A sender, recipient or client refused for a reason.
  public struct RejectedPartyKey: Hashable, Sendable, Comparable {
    public var reason: RejectionReason
    public var role: PartyRole
    public var value: String
    public init(reason: RejectionReason, role: PartyRole, value: String) {
      self.reason = reason
      self.role = role
      self.value = value
    }
    public static func < (a: RejectedPartyKey, b: RejectedPartyKey) -> Bool {
      (a.reason.rawValue, a.role.rawValue, a.value) < (b.reason.rawValue, b.role.rawValue, b.value)
    }
  }
}

/// A count and the bytes that went with it.
public struct Volume: Sendable, Equatable, Accumulating {
  public var count = 0
  public var bytes: Int64 = 0
  public init() {}
  public init(count: Int, bytes: Int64) {
    self.count = count
    self.bytes = bytes
  }
  public mutating func add(_ other: Volume) {
    count += other.count
    bytes += other.bytes
  }
}

/// Delivery results for one recipient domain.
public struct DomainDelivery: Sendable, Equatable, Accumulating {
  public var delivered = 0
  public var bytes: Int64 = 0
  public var deferred = 0
  public var bounced = 0
  public var expired = 0
  /// Sum of the delays of delivered recipients (ms), for the average.
  public var delaySum: Int64 = 0
  /// Delivered recipients whose delay is known.
  public var delayed = 0
  /// The longest delay of an attempt, delivered or deferred (ms; as pflogsumm's "max dly"), -1
  /// when none is known.
  public var delayMax: Int64 = -1
  public init() {}

  public mutating func add(_ o: DomainDelivery) {
    delivered += o.delivered
    bytes += o.bytes
    deferred += o.deferred
    bounced += o.bounced
    expired += o.expired
    delaySum += o.delaySum
    delayed += o.delayed
    delayMax = max(delayMax, o.delayMax)
  }

  /// The average delay of delivered recipients in milliseconds, nil when none is known.
  public var averageDelay: Int64? { delayed == 0 ? nil : delaySum / Int64(delayed) }
}

/// A value that adds up (the rows of `KeyedTotals`).
public protocol Accumulating: Sendable, Equatable {
  init()
  mutating func add(_ other: Self)
}

/// Accumulated values per key, with a bound on distinct keys: past `limit` keys, new keys'
/// values go to `overflow` (shown as "(other)"), so totals stay exact.
///
/// Performance: like `Tally`, rows are an array of distinct keys and the key-to-row index is
/// built only when a lookup needs it: a summary is filled with keys that are already distinct
/// (`appendDistinct`) and then read in full.
public struct KeyedTotals<Key: Hashable & Sendable, Value: Accumulating>: Sendable, Equatable {
  /// Distinct keys and their values, in the order the keys were first added.
  public private(set) var entries: [(key: Key, value: Value)] = []
  private var index: [Key: Int]? = [:]
  public let limit: Int
  public private(set) var overflow = Value()
  /// Additions that went to `overflow`.
  public private(set) var overflowCount = 0

  public init(limit: Int = .max) { self.limit = limit }

  /// The values per key (a dictionary built on each access: read it once).
  public var rows: [Key: Value] {
    Dictionary(
      entries.lazy.map { ($0.key, $0.value) },
      uniquingKeysWith: { a, b in
        var sum = a
        sum.add(b)
        return sum
      })
  }

  /// The number of distinct keys.
  public var count: Int { entries.count }

  public subscript(_ key: Key) -> Value? {
    if let index { return index[key].map { entries[$0].value } }
    return entries.first { $0.key == key }?.value
  }

  public mutating func add(_ key: Key, _ value: Value) {
    if index == nil { buildIndex() }
    if let row = index![key] {
      entries[row].value.add(value)
    } else if entries.count < limit {
      index![key] = entries.count
      entries.append((key, value))
    } else {
      overflow.add(value)
      overflowCount += 1
    }
  }

  /// Adds a key that is not in the table yet (the caller knows), without hashing it.
  public mutating func appendDistinct(_ key: Key, _ value: Value) {
    guard entries.count < limit else {
      overflow.add(value)
      overflowCount += 1
      return
    }
    index = nil
    entries.append((key, value))
  }

  public mutating func addOverflow(_ value: Value, count: Int = 1) {
    overflow.add(value)
    overflowCount += count
  }

  private mutating func buildIndex() {
    var built: [Key: Int] = [:]
    built.reserveCapacity(entries.count)
    for (row, entry) in entries.enumerated() { built[entry.key] = row }
    index = built
  }

  public mutating func merge(_ other: KeyedTotals) {
    for (key, value) in other.entries { add(key, value) }
    overflow.add(other.overflow)
    overflowCount += other.overflowCount
  }

  public var isEmpty: Bool { entries.isEmpty && overflowCount == 0 }

  public static func == (a: KeyedTotals, b: KeyedTotals) -> Bool {
    a.entries.count == b.entries.count && a.rows == b.rows && a.overflow == b.overflow
      && a.overflowCount == b.overflowCount
  }
}

/// Counts per value (milliseconds), values kept to three significant digits (exact below one
/// second, and for every delay Postfix prints below 1,000 s: it prints two), so that
/// percentiles are exact to that precision and the table stays small (at most 900 values per
/// decade). Mergeable: counts add.
public struct ValueHistogram: Sendable, Equatable {
  public private(set) var counts: [Int64: Int] = [:]
  public private(set) var count = 0
  public private(set) var sum: Int64 = 0
  public private(set) var max: Int64 = -1

  public init() {}

  /// `value` to three significant digits.
  @inline(__always) public static func rounded(_ value: Int64) -> Int64 {
    guard value >= 1000 else { return Swift.max(0, value) }
    var scale: Int64 = 1
    var v = value
    while v >= 1000 {
      v /= 10
      scale *= 10
    }
    let remainder = value - v * scale
    if remainder * 2 >= scale { v += 1 }
    return v * scale
  }

  public mutating func add(_ value: Int64, count n: Int = 1) {
    let v = ValueHistogram.rounded(value)
    counts[v, default: 0] += n
    count += n
    sum += value * Int64(n)
    if value > max { max = value }
  }

  /// Adds counts that were already rounded (a merge, a JSON document), with their exact sum and max.
  public mutating func add(rounded value: Int64, count n: Int) {
    counts[value, default: 0] += n
    count += n
  }

  /// Sets the exact sum and maximum (read back from JSON, where they are kept beside the counts).
  public mutating func setExact(sum: Int64, max: Int64) {
    self.sum = sum
    self.max = max
  }

  public mutating func merge(_ other: ValueHistogram) {
    for (v, n) in other.counts { counts[v, default: 0] += n }
    count += other.count
    sum += other.sum
    max = Swift.max(max, other.max)
  }

  /// The smallest kept value with at least `p` percent of the values at or below it (the
  /// nearest-rank percentile); nil when empty. p = 100 gives the exact maximum.
  public func percentile(_ p: Double) -> Int64? {
    guard count > 0 else { return nil }
    if p >= 100 { return max }
    let rank = Swift.max(1, Int((p / 100 * Double(count)).rounded(.up)))
    var seen = 0
    for (value, n) in counts.sorted(by: { $0.key < $1.key }) {
      seen += n
      if seen >= rank { return Swift.min(value, max) }
    }
    return max
  }

  public var average: Int64? { count == 0 ? nil : sum / Int64(count) }
}
