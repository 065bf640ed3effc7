import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Counts what `SessionStats` holds, line by line and session by session; a part of
/// `SummaryBuilder`, which feeds it every line and every ended session.
///
/// Performance: a line costs an array read when its program is none of smtpd, smtp, lmtp,
/// postscreen, dnsblog and tlsproxy and it is not an Exim line (the program's kind is worked
/// out once per syslog tag); then the first byte of the message picks the one parser that
/// could read it. Texts (protocols, ciphers, methods, users, lists) are interned, and the
/// counts go to one table of small integer keys; strings are made in `finish()`.
///
/// Postfix sessions with TLS: a TLS summary line of smtpd marks the session the parser put
/// it in (`ParseOutput.session`); when that session ends (`sessionEnded`), it counts with or
/// without TLS. Sessions of other programs (postscreen's) are not smtpd sessions.
public struct SessionStatsBuilder {
  /// What a syslog tag's program can tell this builder.
  @usableFromInline enum ProgramKind: UInt8 {
    case unknown = 0
    case none, smtpd, smtpClient, postscreen, dnsblog, tlsproxy
  }

  /// Sections of the counts table (`Row.meta`'s low byte).
  enum Section: UInt32 {
    case tls = 1
    case tlsUse, sasl, postscreen, dnsbl, duration
  }

  /// A count's key: a section with small fields in `meta`, two texts or numbers.
  struct Row: FastHashable {
    var meta: UInt32
    var a: UInt32
    var b: UInt32
    @inline(__always) var fastHash: UInt64 { mix64(UInt64(meta) ^ UInt64(a) << 24 ^ UInt64(b) << 44) }
  }

  /// Program kinds by program id (`NameTable.programs`).
  @usableFromInline var kinds: [ProgramKind] = []
  private var texts = ByteInterner(capacity: 50_000)
  private var rows = FastDictionary<Row, Int>(capacity: 64)
  /// Postfix smtpd sessions whose TLS summary was read, until they end.
  private var tlsSessions = FastDictionary<UInt64, Int>(capacity: 64)
  /// Bit `id % 64` of each session in `tlsSessions`: most sessions that end are looked up no
  /// further (cleared when the table empties).
  private var tlsSessionBits: UInt64 = 0
  /// Small counts by family and direction (`group`), in one array so that a session's end
  /// updates it with one uniqueness check: the longest session (`longestAt + group`, -1 for
  /// none), counts with and without TLS (`tlsUseAt + group << 1 | withTLS`), sessions per whole
  /// second below `Durations.exactBelow` (`shortAt + group * exactBelow + seconds`: the common
  /// short session needs no hash table; longer ones are rows of the table).
  private var counters: [Int] = Array(repeating: -1, count: 16) + Array(repeating: 0, count: 32 + 16 * exact)
  static let exact = Int(SessionStats.Durations.exactBelow)
  static let longestAt = 0
  static let tlsUseAt = 16
  static let shortAt = 48
  private var overflow = 0
  /// The last pair of texts interned per slot (`pairIDs`): their bytes joined by a 0, their ids.
  private var lastPairs: [[UInt8]] = Array(repeating: [], count: 2)
  private var lastPairIDs: [(UInt32, UInt32)] = Array(repeating: (0, 0), count: 2)
  public let maxRows: Int
  /// `--client`: only lines of an inbound session of these clients count (empty: every line);
  /// outbound lines (Postfix smtp, Exim `=>`) then count for none.
  public var clientFilter: [AddressPattern] = []
  /// Other criteria (`--code`, `--kind`...) were given: they do not restrict these counts.
  public var restrictedOnlyByWindowAndClient = false
  /// Sessions marked with TLS at once: more than the session table holds open.
  public let maxOpenTLSSessions: Int

  public init(maxRows: Int = SessionStats.maxRows, maxOpenTLSSessions: Int = 1 << 20) {
    self.maxRows = maxRows
    self.maxOpenTLSSessions = maxOpenTLSSessions
  }

  @inlinable @inline(__always)
  public mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) {
    // Most lines: a program known to tell nothing, or smtpd's own words (`connect from`,
    // `disconnect from`, `NOQUEUE: `, `lost connection`, `timeout after`), none of which
    // holds TLS or SASL facts.
    if context.family == .exim {
      // Exim: `<=`/`=>` lines (`mightBeTransfer`) and failed logins (they have an event).
      if output.events.isEmpty, !Self.mightBeTransfer(line, context.envelope.message) { return }
      readLine(line, context, output)
      return
    }
    let id = Int(context.programID)
    if id < kinds.count {
      let kind = kinds[id]
      if kind == .none, context.family != .exim { return }
      if kind == .smtpd {
        let first = line.byte(at: context.envelope.message)
        if first == 0x63 || first == 0x64 || first == 0x4E || first == 0x6C || first == 0x74 { return }  // c d N l t
      }
    }
    readLine(line, context, output)
  }

  /// Whether the Exim line whose text starts at `m` may be `ID <= ` or `ID => `: with the id
  /// (16 or 23 bytes) at the start, the arrow's second byte is `=` or `>` 18 or 25 bytes in; a
  /// line that starts with neither a digit nor `[` has no id after its own time stamp or a
  /// pid either.
  @inlinable @inline(__always)
  static func mightBeTransfer(_ line: ByteView, _ m: Int) -> Bool {
    let a = line.byte(at: m + 18)
    let b = line.byte(at: m + 25)
    let first = line.byte(at: m)
    return a == ASCII.equals || a == ASCII.greaterThan || b == ASCII.equals || b == ASCII.greaterThan
      || first == ASCII.openBracket || (ASCII.isDigit(first) && line.byte(at: m + 4) == ASCII.minus)
  }

  @usableFromInline @inline(never)
  mutating func readLine(_ line: ByteView, _ context: LineContext, _ output: ParseOutput) {
    if context.family == .exim {
      if !clientFilter.isEmpty, !eximLineMatchesClients(line, context.envelope.message) { return }
      eximLine(line, context, output)
      return
    }
    let id = Int(context.programID)
    guard id != 0 else { return }
    var kind = id < kinds.count ? kinds[id] : .unknown
    if kind == .unknown { kind = classify(line, context) }
    if !clientFilter.isEmpty, !postfixLineMatchesClients(line, context.envelope.message, kind) { return }
    switch kind {
    case .smtpd: smtpdLine(line, context, output)
    case .smtpClient, .tlsproxy: tlsLine(line, context.envelope.message, smtpd: false, output)
    case .postscreen, .dnsblog: postscreenLine(line, kind, context.envelope.message)
    case .unknown, .none: break
    }
  }

  /// Works out (and remembers, but for the "(other)" program) the kind of a line's program.
  @inline(never)
  private mutating func classify(_ line: ByteView, _ context: LineContext) -> ProgramKind {
    let tag = line.slice(context.envelope.program)
    var kind = ProgramKind.none
    switch PostfixDaemon.classify(tag) {
    case .smtpd: kind = .smtpd
    case .smtp, .lmtp: kind = .smtpClient
    case .postscreen: kind = .postscreen
    case .other:
      if tag.hasSuffix("/dnsblog") {
        kind = .dnsblog
      } else if tag.hasSuffix("/tlsproxy") {
        kind = .tlsproxy
      }
    default: break
    }
    let id = Int(context.programID)
    if context.programID != ByteInterner.overflowID {
      if id >= kinds.count { kinds.append(contentsOf: repeatElement(ProgramKind.unknown, count: id - kinds.count + 1)) }
      kinds[id] = kind
    }
    return kind
  }

  // MARK: - --client

  /// Whether a Postfix line (its text at `m`) is about a client `clientFilter` keeps: smtpd's
  /// and postscreen's lines name it in brackets (`from name[ip]`, `client=name[ip]`, `PASS
  /// NEW [ip]:port`), dnsblog's after `addr `; the smtp client's and tlsproxy's are outbound.
  private func postfixLineMatchesClients(_ line: ByteView, _ m: Int, _ kind: ProgramKind) -> Bool {
    switch kind {
    case .smtpd, .postscreen: return keeps(SessionStatsBuilder.bracketedAddress(line, from: m))
    case .dnsblog:
      guard line.matches("addr ", at: m) else { return false }
      let end = ByteScan.first(ASCII.space, in: line.base, from: m + 5, end: line.count)
      return keeps(IPAddress.parse(line.slice(m + 5, end)))
    default: return false
    }
  }

  /// Whether an Exim line is about a client `clientFilter` keeps: a message received from a
  /// host (`<= ... H=... [ip]`), a failed login (`... failed for ... [ip]`); deliveries are
  /// outbound.
  private func eximLineMatchesClients(_ line: ByteView, _ m: Int) -> Bool {
    if Self.mightBeTransfer(line, m), let fields = EximTransferFields.parse(line, at: m) {
      guard fields.isReception, fields.hasHost, let h = line.firstRange(of: " H=", from: m) else { return false }
      return keeps(SessionStatsBuilder.bracketedAddress(line, from: h))
    }
    return keeps(SessionStatsBuilder.bracketedAddress(line, from: m))
  }

  private func keeps(_ address: IPAddress?) -> Bool {
    guard let address else { return false }
    return clientFilter.contains { $0.contains(address) }
  }

  /// The first address in brackets at or after `from` (`[192.0.2.1]`, `[2001:db8::1]`); a
  /// bracketed word that is no address (`[built-in]`) is passed over.
  static func bracketedAddress(_ line: ByteView, from: Int) -> IPAddress? {
    var i = from
    for _ in 0..<8 {
      let open = ByteScan.first(ASCII.openBracket, in: line.base, from: i, end: line.count)
      guard open < line.count else { return nil }
      let close = ByteScan.first(ASCII.closeBracket, in: line.base, from: open + 1, end: min(line.count, open + 48))
      guard close < line.count else { return nil }
      var text = line.slice(open + 1, close)
      if text.hasPrefix("IPv6:") { text = text.suffix(from: 5) }
      if let address = IPAddress.parse(text) { return address }
      i = close + 1
    }
    return nil
  }

  /// Reads a TLS summary at `m`; returns false when the line is none.
  @inline(__always) @discardableResult
  private mutating func tlsLine(_ line: ByteView, _ m: Int, smtpd: Bool, _ output: ParseOutput) -> Bool {
    guard m < line.count else { return false }
    let first = line[m]
    // A queue id may start with these letters too (`A0C061040AB: client=...`).
    guard first == 0x41 || first == 0x55 || first == 0x56 || first == 0x54,  // A U V T
      let tls = PostfixTLSLine.parse(line, at: m)
    else { return false }
    countTLS(line, tls)
    if smtpd, tls.direction == .inbound, !output.session.isNone {
      if tlsSessions.count < maxOpenTLSSessions {
        tlsSessions.updateValue(1, forKey: output.session.rawValue)
        tlsSessionBits |= 1 &<< (output.session.rawValue & 63)
      } else {
        overflow += 1
      }
    }
    return true
  }

  private mutating func smtpdLine(_ line: ByteView, _ context: LineContext, _ output: ParseOutput) {
    let m = context.envelope.message
    guard m < line.count, !tlsLine(line, m, smtpd: true, output) else { return }
    let first = line[m]
    if first == 0x77 {  // w
      if line.matches("warning: ", at: m), let sasl = PostfixSASLLine.parseWarning(line, at: m + 9) {
        countSASL(line, .postfix, sasl.failed, sasl.method, sasl.user)
      }
      return
    }
    // `QUEUEID: client=...`: a queue id (a digit or a capital first: `line` skipped smtpd's
    // own words) ends in a colon near the start.
    let colon = ByteScan.first(ASCII.colon, in: line.base, from: m, end: min(line.count, m + 24))
    if colon < line.count, line.matches(": client=", at: colon),
      let sasl = PostfixSASLLine.parseClient(line, at: colon + 9)
    {
      countSASL(line, .postfix, false, sasl.method, sasl.user)
    }
  }

  private mutating func postscreenLine(_ line: ByteView, _ kind: ProgramKind, _ m: Int) {
    guard m < line.count else { return }
    if kind == .postscreen {
      if let (verdict, rank) = PostscreenVerdict.parse(line, at: m) {
        count(
          Row(meta: Section.postscreen.rawValue | UInt32(verdict.rawValue) << 8, a: UInt32(clamping: rank), b: 0))
      }
    } else if line[m] == 0x61, let listed = DNSBLogLine.parse(line, at: m) {  // a
      count(
        Row(
          meta: Section.dnsbl.rawValue, a: texts.id(line.slice(listed.list)), b: texts.id(line.slice(listed.reply))))
    }
  }

  @inline(never)
  private mutating func eximLine(_ line: ByteView, _ context: LineContext, _ output: ParseOutput) {
    let m = context.envelope.message
    if Self.mightBeTransfer(line, m), let fields = EximTransferFields.parse(line, at: m) {
      guard fields.hasHost else { return }
      let direction: Direction = fields.isReception ? .inbound : .outbound
      let withTLS = !fields.tlsProtocol.isEmpty
      counters[Self.tlsUseAt + (Self.group(.exim, direction) << 1 | (withTLS ? 1 : 0))] += 1
      if withTLS {
        let (a, b) = pairIDs(Int(direction.rawValue & 1), line, fields.tlsProtocol, fields.tlsCipher)
        count(
          Row(
            meta: Section.tls.rawValue | UInt32(LogFamily.exim.rawValue) << 8 | UInt32(direction.rawValue) << 10,
            a: a, b: b))
      }

      if !fields.authenticator.isEmpty {
        countSASL(line, .exim, false, fields.authenticator, fields.authenticatedID)
      }
      return
    }
    // A failed login: the parser's event for it (none for the rejectlog's copy of a mainlog line).
    guard output.events.contains(where: { $0.kind == .authFailure && $0.direction == .inbound }),
      let failure = EximAuthFailureLine.parse(line, from: m)
    else { return }
    countSASL(line, .exim, true, failure.authenticator, failure.user)
  }

  /// The text ids of a protocol and a cipher; the last pair of each `slot` (a direction) is
  /// remembered (a server's lines mostly repeat one `X=` per direction), so that most lines
  /// compare bytes instead of hashing them.
  private mutating func pairIDs(_ slot: Int, _ line: ByteView, _ first: TextRange, _ second: TextRange) -> (
    UInt32, UInt32
  ) {
    let p = line.slice(first)
    let c = line.slice(second)
    if p.count + c.count + 1 == lastPairs[slot].count {
      let same = lastPairs[slot].withUnsafeBufferPointer { b in
        p.elementsEqual(ByteView(base: b.baseAddress!, count: p.count))
          && c.elementsEqual(ByteView(base: b.baseAddress! + p.count + 1, count: c.count))
      }
      if same { return lastPairIDs[slot] }
    }
    let ids = (texts.id(p), c.isEmpty ? 0 : texts.id(c))
    lastPairIDs[slot] = ids
    lastPairs[slot] = p.bytes + [0] + c.bytes
    return ids
  }

  private mutating func countTLS(_ line: ByteView, _ tls: PostfixTLSLine) {
    let level = UInt32(Self.levelCode(line.slice(tls.level))) | (tls.reused ? 8 : 0)
    let (a, b) = pairIDs(Int(tls.direction.rawValue & 1), line, tls.protocolName, tls.cipher)
    count(
      Row(
        meta: Section.tls.rawValue | UInt32(LogFamily.postfix.rawValue) << 8 | UInt32(tls.direction.rawValue) << 10
          | level << 12, a: a, b: b))
  }

  private mutating func countSASL(
    _ line: ByteView, _ family: LogFamily, _ failed: Bool, _ method: TextRange, _ user: TextRange
  ) {
    // Users vary from line to line: interned directly (`pairIDs` would copy them each time).
    count(
      Row(
        meta: Section.sasl.rawValue | UInt32(family.rawValue) << 8 | (failed ? 1 << 12 : 0),
        a: texts.id(line.slice(method)), b: user.isEmpty ? 0 : texts.id(line.slice(user))))
  }

  /// Postfix's trust levels as numbers (0: none logged).
  static let levels = ["", "Anonymous", "Untrusted", "Trusted", "Verified"]

  static func levelCode(_ level: ByteView) -> Int {
    switch level.count {
    case 9: return level[0] == 0x41 ? 1 : 2
    case 7: return 3
    case 8: return 4
    default: return 0
    }
  }

  /// Counts `row`; past the bound, under the "(other)" row of its section, family and
  /// direction. Rows of TLS use and durations have few keys (`Durations.bucket`): never bounded.
  private mutating func count(_ row: Row, _ n: Int = 1) {
    let section = row.meta & 0xFF
    if section == Section.tlsUse.rawValue || section == Section.duration.rawValue {
      rows.add(row, n)
    } else if !rows.add(row, n, limit: maxRows) {
      // The section, family and direction stay, and SASL's failed flag; TLS loses its level.
      let kept: UInt32 = section == Section.sasl.rawValue ? 0x1FFF : 0xFFF
      rows.add(Row(meta: row.meta & kept, a: ByteInterner.overflowID, b: ByteInterner.overflowID), n)
      overflow += n
    }
  }

  /// The index of a family and direction in the arrays of counts.
  @inline(__always) static func group(_ family: LogFamily, _ direction: Direction) -> Int {
    Int(family.rawValue & 0x3) << 2 | Int(direction.rawValue & 0x3)
  }

  @inline(__always)
  public mutating func sessionEnded(_ session: SessionRecord) {
    let group = Self.group(session.family, session.direction)
    var tlsUse = -1
    if session.family == .postfix, session.direction == .inbound {
      let id = Int(session.program)
      if id < kinds.count, kinds[id] == .smtpd {
        var withTLS = false
        if tlsSessionBits & (1 &<< (session.id.rawValue & 63)) != 0, tlsSessions.remove(session.id.rawValue) != nil {
          withTLS = true
          if tlsSessions.isEmpty { tlsSessionBits = 0 }
        }
        tlsUse = Self.tlsUseAt + (group << 1 | (withTLS ? 1 : 0))
      }
    }
    var seconds: Int64 = -1
    if let start = session.start, let end = session.end {
      seconds = end.wallSeconds - start.wallSeconds
      if end.microseconds < start.microseconds { seconds -= 1 }
      seconds = max(0, seconds)
    }
    counters.withUnsafeMutableBufferPointer { c in
      if tlsUse >= 0 { c[tlsUse] += 1 }
      guard seconds >= 0 else { return }
      if c[Self.longestAt + group] < seconds { c[Self.longestAt + group] = Int(seconds) }
      if seconds < SessionStats.Durations.exactBelow { c[Self.shortAt + group * Self.exact + Int(seconds)] += 1 }
    }
    if seconds >= SessionStats.Durations.exactBelow { countLongSession(group, seconds) }
  }

  @inline(never)
  private mutating func countLongSession(_ group: Int, _ seconds: Int64) {
    count(
      Row(
        meta: Section.duration.rawValue | UInt32(group >> 2) << 8 | UInt32(group & 0x3) << 10,
        a: UInt32(clamping: SessionStats.Durations.bucket(seconds)), b: 0))
  }

  /// An empty builder with the same bounds (an input group read in parallel).
  public func emptyCopy() -> SessionStatsBuilder {
    SessionStatsBuilder(maxRows: maxRows, maxOpenTLSSessions: maxOpenTLSSessions)
  }

  /// Adds the counts of `other` (later input groups), its texts mapped to this builder's ids.
  public mutating func merge(_ other: SessionStatsBuilder) {
    other.rows.forEach { row, n in
      var row = row
      if row.a == ByteInterner.overflowID {
        rows.add(row, n)
        return
      }
      if Self.hasTexts(row) {
        row.a = textID(row.a, from: other)
        row.b = textID(row.b, from: other)
      }
      count(row, n)
    }
    for (i, n) in other.counters.enumerated() {
      counters[i] = i < Self.tlsUseAt ? max(counters[i], n) : counters[i] + n
    }
    // Sessions of other groups end in their own group: their TLS marks are theirs.
    overflow += other.overflow + other.texts.overflowed
  }

  private static func hasTexts(_ row: Row) -> Bool {
    let section = Section(rawValue: row.meta & 0xFF)
    return section == .tls || section == .sasl || section == .dnsbl
  }

  private mutating func textID(_ id: UInt32, from other: SessionStatsBuilder) -> UInt32 {
    guard id != 0, id != ByteInterner.overflowID else { return id }
    return withByteView(other.texts.bytes(id)) { texts.id($0) }
  }

  private func text(_ id: UInt32) -> String {
    id == 0 ? "" : texts.name(id)
  }

  /// The counts as a `SessionStats`.
  public func finish() -> SessionStats {
    var stats = SessionStats()
    stats.restrictedOnlyByWindowAndClient = restrictedOnlyByWindowAndClient
    rows.forEach { row, n in
      let other = row.a == ByteInterner.overflowID
      let family = LogFamily(rawValue: UInt8((row.meta >> 8) & 0x3)) ?? .postfix
      let direction = Direction(rawValue: UInt8((row.meta >> 10) & 0x3)) ?? .inbound
      switch Section(rawValue: row.meta & 0xFF) {
      case .tls:
        let code = Int((row.meta >> 12) & 0x7)
        let reused = (row.meta >> 12) & 0x8 != 0
        let level = (code < Self.levels.count ? Self.levels[code] : "") + (reused ? ", reused" : "")
        stats.tls.addBeyondLimit(
          SessionStats.TLSKey(
            family: family, direction: direction, level: other ? "" : level, protocolName: text(row.a),
            cipher: text(row.b)), n)
      case .tlsUse:
        stats.tlsUse.add(
          SessionStats.TLSUseKey(family: family, direction: direction, withTLS: (row.meta >> 12) & 1 == 1), n)
      case .sasl:
        stats.sasl.addBeyondLimit(
          SessionStats.SASLKey(
            family: family, failed: (row.meta >> 12) & 1 == 1, method: text(row.a), user: text(row.b)),
          n)
      case .postscreen:
        if other {
          stats.postscreen.addBeyondLimit(SessionStats.PostscreenKey(verdict: Summary.other), n)
        } else {
          let verdict = PostscreenVerdict(rawValue: UInt8((row.meta >> 8) & 0xFF))?.name ?? Summary.other
          stats.postscreen.addBeyondLimit(SessionStats.PostscreenKey(verdict: verdict, rank: Int(row.a)), n)
        }
      case .dnsbl:
        stats.dnsbl.addBeyondLimit(SessionStats.DNSBLKey(list: text(row.a), reply: other ? "" : text(row.b)), n)
      case .duration:
        let group = SessionStats.SessionGroup(family: family, direction: direction)
        stats.durations[group, default: SessionStats.Durations()].buckets[Int64(row.a), default: 0] += n
      case nil:
        break
      }
    }
    let exact = Self.exact
    for i in 0..<16 {
      guard let family = LogFamily(rawValue: UInt8(i >> 2)), let direction = Direction(rawValue: UInt8(i & 0x3)) else {
        continue
      }
      for withTLS in [true, false] {
        let n = counters[Self.tlsUseAt + (i << 1 | (withTLS ? 1 : 0))]
        if n > 0 { stats.tlsUse.add(SessionStats.TLSUseKey(family: family, direction: direction, withTLS: withTLS), n) }
      }
      for seconds in 0..<exact where counters[Self.shortAt + i * exact + seconds] > 0 {
        stats.durations[
          SessionStats.SessionGroup(family: family, direction: direction), default: SessionStats.Durations()
        ]
        .buckets[Int64(seconds)] = counters[Self.shortAt + i * exact + seconds]
      }
    }
    for (group, var d) in stats.durations {
      d.longest = Int64(counters[Self.longestAt + Self.group(group.family, group.direction)])
      stats.durations[group] = d
    }
    stats.overflowedCounts = overflow + texts.overflowed
    return stats
  }
}
