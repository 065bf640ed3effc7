import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// What the sessions were like, beyond their replies: TLS, SASL logins, postscreen's verdicts
/// and how long connections lasted (`Summary.sessionStats`, built by `SessionStatsBuilder`).
///
/// String-keyed and exact like the rest of `Summary`: two halves merge into the whole.
/// Each table is bounded (`maxRows` distinct keys); counts that find it full go to a row
/// whose text fields read `Summary.other`, so totals stay exact.
public struct SessionStats: Sendable, Equatable {
  /// Distinct rows each table keeps before "(other)".
  public static let maxRows = 10_000

  /// TLS handshakes (Postfix) or messages and deliveries over TLS (Exim).
  public struct TLSKey: Hashable, Sendable, Comparable {
    public var family: LogFamily
    public var direction: Direction
    /// Postfix's trust level (`Anonymous`, `Untrusted`, `Trusted`, `Verified`, with
    /// `, reused` for a cached client session); "" for Exim or a Postfix that logged none.
    public var level: String
    public var protocolName: String
    public var cipher: String

    public init(family: LogFamily, direction: Direction, level: String, protocolName: String, cipher: String) {
      self.family = family
      self.direction = direction
      self.level = level
      self.protocolName = protocolName
      self.cipher = cipher
    }

    public static func < (a: TLSKey, b: TLSKey) -> Bool {
      (a.family.rawValue, a.direction.rawValue, a.protocolName, a.cipher, a.level)
        < (b.family.rawValue, b.direction.rawValue, b.protocolName, b.cipher, b.level)
    }
  }

  /// Counts of sessions (Postfix smtpd), messages received from hosts (Exim `<=` with `H=`)
  /// or deliveries to hosts (Exim `=>` with `H=`), with and without TLS.
  public struct TLSUseKey: Hashable, Sendable, Comparable {
    public var family: LogFamily
    public var direction: Direction
    public var withTLS: Bool

    public init(family: LogFamily, direction: Direction, withTLS: Bool) {
      self.family = family
      self.direction = direction
      self.withTLS = withTLS
    }

    public static func < (a: TLSUseKey, b: TLSUseKey) -> Bool {
      (a.family.rawValue, a.direction.rawValue, a.withTLS ? 0 : 1)
        < (b.family.rawValue, b.direction.rawValue, b.withTLS ? 0 : 1)
    }
  }

  /// SASL: messages from logged-in clients (Postfix `sasl_username=`, Exim `A=`) or failed
  /// logins, per method (Postfix) or authenticator (Exim) and user ("" when the log names none).
  public struct SASLKey: Hashable, Sendable, Comparable {
    public var family: LogFamily
    public var failed: Bool
    public var method: String
    public var user: String

    public init(family: LogFamily, failed: Bool, method: String, user: String) {
      self.family = family
      self.failed = failed
      self.method = method
      self.user = user
    }

    public static func < (a: SASLKey, b: SASLKey) -> Bool {
      (a.failed ? 1 : 0, a.family.rawValue, a.user, a.method) < (b.failed ? 1 : 0, b.family.rawValue, b.user, b.method)
    }
  }

  /// A postscreen verdict (`PostscreenVerdict.name`), with the rank of `DNSBL rank N`.
  public struct PostscreenKey: Hashable, Sendable, Comparable {
    public var verdict: String
    public var rank: Int

    public init(verdict: String, rank: Int = 0) {
      self.verdict = verdict
      self.rank = rank
    }

    /// The order postscreen works in (`PostscreenVerdict`), ranks ascending.
    public static func < (a: PostscreenKey, b: PostscreenKey) -> Bool {
      let x = PostscreenVerdict(name: a.verdict)?.rawValue ?? .max
      let y = PostscreenVerdict(name: b.verdict)?.rawValue ?? .max
      return (x, a.rank, a.verdict) < (y, b.rank, b.verdict)
    }
  }

  /// A DNS list that had a client postscreen asked about, and what it answered.
  public struct DNSBLKey: Hashable, Sendable, Comparable {
    public var list: String
    public var reply: String

    public init(list: String, reply: String) {
      self.list = list
      self.reply = reply
    }

    public static func < (a: DNSBLKey, b: DNSBLKey) -> Bool { (a.list, a.reply) < (b.list, b.reply) }
  }

  /// Sessions of one family and direction.
  public struct SessionGroup: Hashable, Sendable, Comparable {
    public var family: LogFamily
    public var direction: Direction

    public init(family: LogFamily, direction: Direction) {
      self.family = family
      self.direction = direction
    }

    public static func < (a: SessionGroup, b: SessionGroup) -> Bool {
      (a.family.rawValue, a.direction.rawValue) < (b.family.rawValue, b.direction.rawValue)
    }
  }

  /// Session durations, connect to end, of one group: a histogram that merges exactly.
  ///
  /// Buckets are whole seconds below `exactBelow` and two significant digits above (1200 s
  /// holds 1200 to 1299 s), so the percentiles are exact for sessions shorter than two
  /// minutes and rounded down by less than 10 % beyond; the longest is kept exactly.
  public struct Durations: Sendable, Equatable {
    public static let exactBelow: Int64 = 120
    /// Sessions per bucket (the bucket's lowest duration in seconds).
    public var buckets: [Int64: Int] = [:]
    public var longest: Int64 = 0

    public init() {}

    public var sessions: Int { buckets.values.reduce(0, +) }

    /// The bucket a duration of `seconds` falls in.
    public static func bucket(_ seconds: Int64) -> Int64 {
      guard seconds >= exactBelow else { return max(0, seconds) }
      var unit: Int64 = 1
      while seconds / unit >= 100 { unit *= 10 }
      return seconds / unit * unit
    }

    public mutating func add(_ seconds: Int64, _ n: Int = 1) {
      buckets[Durations.bucket(seconds), default: 0] += n
      longest = max(longest, seconds)
    }

    public mutating func merge(_ other: Durations) {
      for (b, n) in other.buckets { buckets[b, default: 0] += n }
      longest = max(longest, other.longest)
    }

    /// The nearest-rank `percent` percentile (its bucket's lowest duration); nil when empty.
    public func percentile(_ percent: Int) -> Int64? {
      let total = sessions
      guard total > 0 else { return nil }
      let rank = max(1, (total * percent + 99) / 100)
      var seen = 0
      for b in buckets.keys.sorted() {
        seen += buckets[b]!
        if seen >= rank { return b }
      }
      return longest
    }
  }

  public var tls = Tally<TLSKey>(limit: SessionStats.maxRows)
  public var tlsUse = Tally<TLSUseKey>()
  public var sasl = Tally<SASLKey>(limit: SessionStats.maxRows)
  public var postscreen = Tally<PostscreenKey>(limit: SessionStats.maxRows)
  public var dnsbl = Tally<DNSBLKey>(limit: SessionStats.maxRows)
  public var durations: [SessionGroup: Durations] = [:]
  /// Counts that went to an "(other)" row because a table was full.
  public var overflowedCounts = 0
  /// The run had filters other than the time window and `--client` (`--code`, `--kind`...):
  /// they restrict replies, and these counts are not restricted by them.
  public var restrictedOnlyByWindowAndClient = false

  public init() {}

  public var isEmpty: Bool {
    tls.isEmpty && tlsUse.isEmpty && sasl.isEmpty && postscreen.isEmpty && dnsbl.isEmpty && durations.isEmpty
  }

  public mutating func merge(_ other: SessionStats) {
    overflowedCounts += tls.merge(other.tls) {
      TLSKey(family: $0.family, direction: $0.direction, level: "", protocolName: Summary.other, cipher: Summary.other)
    }
    tlsUse.merge(other.tlsUse)
    overflowedCounts += sasl.merge(other.sasl) {
      SASLKey(family: $0.family, failed: $0.failed, method: Summary.other, user: Summary.other)
    }
    overflowedCounts += postscreen.merge(other.postscreen) { _ in PostscreenKey(verdict: Summary.other) }
    overflowedCounts += dnsbl.merge(other.dnsbl) { _ in DNSBLKey(list: Summary.other, reply: "") }
    for (group, d) in other.durations { durations[group, default: Durations()].merge(d) }
    overflowedCounts += other.overflowedCounts
    restrictedOnlyByWindowAndClient = restrictedOnlyByWindowAndClient || other.restrictedOnlyByWindowAndClient
  }

  public static func == (a: SessionStats, b: SessionStats) -> Bool {
    a.tls.counts == b.tls.counts && a.tlsUse.counts == b.tlsUse.counts && a.sasl.counts == b.sasl.counts
      && a.postscreen.counts == b.postscreen.counts && a.dnsbl.counts == b.dnsbl.counts
      && a.durations == b.durations && a.overflowedCounts == b.overflowedCounts
      && a.restrictedOnlyByWindowAndClient == b.restrictedOnlyByWindowAndClient
  }
}
