import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// `--by FIELD,...`: counts reply events (or sessions, with `--count sessions`) per value tuple.
///
/// Reply events are those `SummaryBuilder.isReply` accepts. Session-level fields (`outcome`,
/// `stage`) are known when the session ends, so events of open sessions wait in a bounded
/// per-session list until then. With `--count sessions` each session counts once per distinct
/// tuple of its reply events (once with event fields absent if it had none); events outside any
/// session (Postfix's delivery status lines, which report no connection) are not counted then.
public struct GroupByTable: AnalysisSink {
  public let fields: [GroupField]
  public let countSessions: Bool
  /// `--count messages`: rows count messages received, or recipients' deliveries when a field
  /// is about a delivery (GroupByTable+Messages), instead of reply events.
  public let countMessages: Bool
  /// `--count connect-time`: rows are sessions (each once, by its own fields) with their
  /// connect times, connect to end in whole seconds (pflogsumm's SMTPD connection times).
  public let countConnectTime: Bool
  /// `--count bytes`: rows sum the sizes of messages received instead of counting them.
  public let countBytes: Bool
  /// Per key of `--count connect-time`: sessions, seconds, the longest.
  private var connectTimes = FastDictionary<GroupKey, ConnectTime>(capacity: 256)
  /// Postfix messages received (smtpd `client=`, pickup) waiting for the qmgr line that gives
  /// their sender and size: the authenticated user, TLS, and the client.
  var pendingReceptions = FastDictionary<MessageKey, PendingReception>(capacity: 256)
  private let names: NameTable
  private let waitsForSessions: Bool
  private var counts: BatchedCounts<GroupKey>
  private var pending: [SessionID: [GroupKey]] = [:]
  /// Keys waiting in `pending`, all sessions together: at most `maxRows` (10,000 per session
  /// times 100,000 open sessions would be a billion).
  private var pendingCount = 0
  private var strings = ByteInterner(capacity: 1_000_000)
  private var addresses = FastDictionary<IPAddress, UInt64>()
  private var addressList: [IPAddress] = []
  private var fileNames: [String] = []
  private var scratch: [UInt8] = []
  public let maxRows: Int
  /// Counts lost to the bounds other than the rows' (see `overflow`).
  private var lostCounts = 0
  /// Counts beyond the bounds: past `maxRows` rows, or waiting keys past theirs.
  public var overflow: Int { lostCounts + counts.refused }

  public init(
    fields: [GroupField], countSessions: Bool, names: NameTable, maxRows: Int = 1_000_000,
    countMessages: Bool = false, countConnectTime: Bool = false, countBytes: Bool = false
  ) {
    self.fields = fields
    self.countConnectTime = countConnectTime
    self.countBytes = countBytes
    let countMessages = countMessages || countBytes
    let countSessions = countSessions || countConnectTime
    self.countSessions = countSessions
    self.countMessages = countMessages || (!countSessions && fields.contains(where: \.isMessageLevel))
    self.names = names
    self.maxRows = maxRows
    counts = BatchedCounts(limit: maxRows)
    waitsForSessions = !self.countMessages && (countSessions || fields.contains(where: \.isSessionLevel))
  }

  public mutating func beginInput(_ input: InputFile, index: Int) {
    while fileNames.count <= index { fileNames.append("") }
    fileNames[index] = input.displayName
  }

  public mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    guard !countMessages, SummaryBuilder.isReply(event) else { return }
    let key = eventKey(event, line, context)
    if waitsForSessions, !event.session.isNone {
      var list = pending[event.session] ?? []
      if countSessions, list.contains(key) { return }
      if list.count < 10_000, pendingCount < maxRows {
        list.append(key)
        pendingCount += 1
      } else {
        lostCounts += 1
      }
      pending[event.session] = list
    } else if !countSessions {
      add(key)
    }
  }

  public mutating func sessionEnded(_ session: SessionRecord) {
    let waiting = pending.removeValue(forKey: session.id) ?? []
    pendingCount -= waiting.count
    guard waitsForSessions else { return }
    if countConnectTime {
      addConnectTime(session)
      return
    }
    if waiting.isEmpty {
      if countSessions { add(sessionKey(session)) }
      return
    }
    for var key in waiting {
      for (i, field) in fields.enumerated() {
        switch field {
        case .outcome: key[i] = UInt64(session.outcome.rawValue)
        case .stage: key[i] = UInt64(session.stage.rawValue)
        default: break
        }
      }
      add(key)
    }
  }

  public mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {
    counts.flush()
  }

  /// Adds a session's connect time (connect to end, whole seconds as the log's time stamps
  /// give them; 0 when either is missing) under its own fields.
  private mutating func addConnectTime(_ session: SessionRecord) {
    var seconds = 0
    if let start = session.start, let end = session.end {
      var s = end.wallSeconds - start.wallSeconds
      if end.microseconds < start.microseconds { s -= 1 }
      seconds = Int(max(0, s))
    }
    let key = sessionKey(session)
    if var known = connectTimes[key] {
      known.add(ConnectTime(sessions: 1, seconds: seconds, longest: seconds))
      connectTimes[key] = known
    } else if connectTimes.count < maxRows {
      connectTimes[key] = ConnectTime(sessions: 1, seconds: seconds, longest: seconds)
    } else {
      lostCounts += 1
    }
  }

  /// Counts what still waits (sessions discarded without an end, e.g. postscreen hand-overs).
  public mutating func flushPending() {
    for (_, keys) in pending.sorted(by: { $0.key < $1.key }) { for key in keys { add(key) } }
    pending.removeAll()
    pendingCount = 0
    counts.flush()
  }

  /// Counts `key` (in batches: `BatchedCounts`).
  @inline(__always)
  mutating func add(_ key: GroupKey) {
    counts.add(key)
  }

  /// Counts `key` `n` times (`--count bytes`: a message's size).
  mutating func add(_ key: GroupKey, count n: Int) {
    counts.add(key, count: n)
  }

  /// The id of `ip`. The table of addresses holds at most `maxRows` (a million distinct
  /// clients must not grow it without bound): past that, every new address is "(other)".
  mutating func address(_ ip: IPAddress) -> UInt64 {
    if let id = addresses[ip] { return id }
    guard addressList.count < maxRows else { return GroupByTable.otherAddress }
    addressList.append(ip)
    let id = UInt64(addressList.count)
    _ = addresses.updateValue(id, forKey: ip)
    return id
  }

  mutating func stringID(_ bytes: ByteView, lowercase: Bool = false) -> UInt64 {
    guard !bytes.isEmpty else { return 0 }
    if !lowercase { return UInt64(strings.id(bytes)) }
    scratch.removeAll(keepingCapacity: true)
    for i in 0..<bytes.count { scratch.append(ASCII.lowercased(bytes[i])) }
    return scratch.withUnsafeBufferPointer { UInt64(strings.id(ByteView(base: $0.baseAddress!, count: $0.count))) }
  }

  mutating func domain(_ line: ByteView, _ range: TextRange) -> UInt64 {
    if range.isEmpty { return 0 }
    let address = line.slice(range)
    guard let at = address.lastIndex(of: ASCII.at) else { return 0 }
    return stringID(address.suffix(from: at + 1), lowercase: true)
  }

  static let dayBias: Int64 = 1 << 40
  /// The id of addresses beyond the bound of the address table.
  private static let otherAddress: UInt64 = 0xFFFF_FFFF
  /// The `client` of a message submitted on the host itself (`--count messages`): "local".
  static let localClient: UInt64 = 0xFFFF_FFFE

  private mutating func eventKey(_ e: SMTPEvent, _ line: ByteView, _ ctx: LineContext) -> GroupKey {
    var key = GroupKey()
    for (i, field) in fields.enumerated() {
      switch field {
      case .code: key[i] = UInt64(e.code?.rawValue ?? 0)
      case .enhanced: key[i] = UInt64(e.enhanced?.packed ?? 0)
      case .class: key[i] = UInt64((e.code?.rawValue ?? 0) / 100)
      case .command: key[i] = UInt64(e.command.rawValue)
      case .client:
        // The client is the peer of an inbound session; outbound peers are `remote`.
        guard e.direction == .inbound else { break }
        if let ip = e.client {
          key[i] = address(ip)
        } else if !e.clientText.isEmpty {
          key[i] = stringID(line.slice(e.clientText)) | 1 << 48
        }
      case .kind: key[i] = UInt64(e.kind.rawValue)
      case .direction: key[i] = UInt64(e.direction.rawValue)
      // Filled in when the session ends (all events of a session share its outcome).
      case .outcome: key[i] = e.session.isNone ? UInt64(e.outcome?.rawValue ?? 0) : 0
      case .stage: key[i] = 0
      case .host: key[i] = UInt64(ctx.hostID)
      case .service: key[i] = UInt64(ctx.programID)
      case .date: key[i] = e.time.map { UInt64(bitPattern: $0.days + GroupByTable.dayBias) } ?? 0
      case .hour:
        key[i] =
          e.time.map {
            UInt64(
              bitPattern: ($0.wallSeconds >= 0 ? $0.wallSeconds / 3600 : ($0.wallSeconds - 3599) / 3600)
                + GroupByTable.dayBias)
          } ?? 0
      case .remote:
        if !e.remoteHost.isEmpty {
          key[i] = stringID(line.slice(e.remoteHost))
        } else if e.direction == .outbound,
          let ip = e.client
        {
          key[i] = address(ip) | 1 << 49
        }
      case .senderDomain: key[i] = domain(line, e.sender)
      case .recipientDomain: key[i] = domain(line, e.recipient)
      case .format: key[i] = UInt64(ctx.family?.rawValue ?? 0)
      case .file: key[i] = UInt64(ctx.inputIndex + 1)
      case .inferred: key[i] = e.inferred ? 2 : 1
      case .hint: key[i] = UInt64(e.hint.rawValue)
      case .delivery: key[i] = UInt64(e.delivery?.rawValue ?? 0)
      case .sender: key[i] = stringID(line.slice(e.sender))
      case .recipient: key[i] = stringID(line.slice(e.recipient))
      case .reason: key[i] = GroupByTable.reason(e, line)
      case .relay: key[i] = e.direction == .outbound ? stringID(line.slice(e.remoteHost)) : 0
      case .messageID: key[i] = stringID(line.slice(e.queueID))
      case .transport, .size, .delay, .tls, .saslUser, .localUser: key[i] = 0
      }
    }
    return key
  }

  private mutating func sessionKey(_ s: SessionRecord) -> GroupKey {
    var key = GroupKey()
    for (i, field) in fields.enumerated() {
      switch field {
      case .client: if s.direction == .inbound, let ip = s.client { key[i] = address(ip) }
      // An outbound session's peer is the remote server (a client-side transcript).
      case .remote: if s.direction == .outbound, let ip = s.client { key[i] = address(ip) | 1 << 49 }
      case .direction: key[i] = UInt64(s.direction.rawValue)
      case .outcome: key[i] = UInt64(s.outcome.rawValue)
      case .stage: key[i] = UInt64(s.stage.rawValue)
      case .host: key[i] = UInt64(s.host)
      case .service: key[i] = UInt64(s.program)
      case .date: key[i] = s.start.map { UInt64(bitPattern: $0.days + GroupByTable.dayBias) } ?? 0
      case .hour:
        key[i] =
          s.start.map {
            UInt64(
              bitPattern: ($0.wallSeconds >= 0 ? $0.wallSeconds / 3600 : ($0.wallSeconds - 3599) / 3600)
                + GroupByTable.dayBias)
          } ?? 0
      case .format: key[i] = UInt64(s.family.rawValue)
      default: key[i] = 0
      }
    }
    return key
  }

  /// The value of `field` encoded as `raw`, as text ("" when absent).
  func text(_ field: GroupField, _ raw: UInt64) -> String {
    if raw == 0 && field != .inferred { return "" }
    switch field {
    case .code: return String(raw)
    case .enhanced: return EnhancedStatusCode(packed: UInt32(raw))?.description ?? ""
    case .class: return "\(raw)xx"
    case .command: return SMTPCommand(rawValue: UInt8(raw))?.description ?? ""
    case .client, .remote:
      if raw & (1 << 48) != 0 { return strings.name(UInt32(raw & 0xFFFF_FFFF)) }
      if field == .remote, raw & (1 << 49) == 0 { return strings.name(UInt32(raw)) }
      if raw & 0xFFFF_FFFF == GroupByTable.otherAddress { return "(other)" }
      if raw == GroupByTable.localClient { return "local" }
      let index = Int(raw & 0xFFFF_FFFF) - 1
      return index >= 0 && index < addressList.count ? addressList[index].description : ""
    case .kind: return EventKind(rawValue: UInt8(raw))?.description ?? ""
    case .direction: return Direction(rawValue: UInt8(raw))?.description ?? ""
    case .outcome: return Outcome(rawValue: UInt8(raw))?.description ?? ""
    case .stage: return SMTPCommand(rawValue: UInt8(raw))?.description ?? ""
    case .host: return names.host(UInt32(raw))
    case .service: return names.program(UInt32(raw))
    case .date: return LogTimestamp(wallSeconds: (Int64(bitPattern: raw) - GroupByTable.dayBias) * 86400).dateString
    case .hour: return LogTimestamp(wallSeconds: (Int64(bitPattern: raw) - GroupByTable.dayBias) * 3600).hourString
    case .senderDomain, .recipientDomain: return strings.name(UInt32(raw))
    case .format: return LogFamily(rawValue: UInt8(raw))?.description ?? ""
    case .file: return Int(raw) - 1 < fileNames.count ? fileNames[Int(raw) - 1] : ""
    case .inferred: return raw == 2 ? "true" : "false"
    case .hint: return Hint(rawValue: UInt8(raw))?.name ?? ""
    case .delivery: return DeliveryStatus(rawValue: UInt8(raw))?.description ?? ""
    case .sender, .recipient, .relay, .transport, .saslUser, .messageID, .localUser: return strings.name(UInt32(raw))
    case .reason: return RejectionReason(rawValue: UInt8(raw - 1))?.name ?? ""
    case .size: return GroupByTable.sizeLabel(raw)
    case .delay: return GroupByTable.delayLabel(raw)
    case .tls: return raw == 2 ? "yes" : "no"
    }
  }

  /// The finished table, sorted by count (descending) then by the values.
  public func table() -> GroupTable {
    if countConnectTime { return connectTimeTable() }
    guard counts.isFlushed else {
      var flushed = self
      flushed.counts.flush()
      return flushed.table()
    }
    var rows: [GroupTable.Row] = []
    rows.reserveCapacity(counts.table.count)
    counts.table.forEach { key, n in
      rows.append(GroupTable.Row(values: fields.enumerated().map { text($0.element, key[$0.offset]) }, count: n))
    }
    rows.sort { a, b in a.count != b.count ? a.count > b.count : a.values.lexicographicallyPrecedes(b.values) }
    var table = GroupTable(fields: fields, countsSessions: countSessions, rows: rows, overflow: overflow)
    table.countsMessages = countMessages
    table.countsBytes = countBytes
    return table
  }
}

extension GroupByTable {
  /// The `--count connect-time` table: rows sorted by seconds (descending), then sessions,
  /// then values.
  func connectTimeTable() -> GroupTable {
    var rows: [GroupTable.Row] = []
    connectTimes.forEach { key, t in
      var row = GroupTable.Row(values: fields.enumerated().map { text($0.element, key[$0.offset]) }, count: t.seconds)
      row.sessions = t.sessions
      row.longest = t.longest
      rows.append(row)
    }
    rows.sort { a, b in
      a.count != b.count
        ? a.count > b.count
        : a.sessions != b.sessions
          ? (a.sessions ?? 0) > (b.sessions ?? 0) : a.values.lexicographicallyPrecedes(b.values)
    }
    var table = GroupTable(fields: fields, countsSessions: true, rows: rows, overflow: overflow)
    table.countsConnectTime = true
    return table
  }
}

/// Sessions and their connect times (`--count connect-time`).
struct ConnectTime {
  var sessions = 0
  var seconds = 0
  var longest = 0

  mutating func add(_ o: ConnectTime) {
    sessions += o.sessions
    seconds += o.seconds
    longest = max(longest, o.longest)
  }
}

extension GroupByTable: MergeableSink {
  public func emptyCopy(names: NameTable) -> GroupByTable {
    GroupByTable(
      fields: fields, countSessions: countSessions, names: names, maxRows: maxRows, countMessages: countMessages,
      countConnectTime: countConnectTime, countBytes: countBytes)
  }

  /// Adds the counts of `other` (later groups, read with `otherNames`): every value that is
  /// an id of `other` (an address, an interned string, a host or service) is translated
  /// into this table's ids first.
  public mutating func merge(_ other: GroupByTable, names otherNames: NameTable) {
    var hosts: [UInt64: UInt64] = [:]
    var services: [UInt64: UInt64] = [:]
    func translate(_ key: GroupKey) -> GroupKey {
      var key = key
      for (i, field) in fields.enumerated() {
        let raw = key[i]
        guard raw != 0 else { continue }
        switch field {
        case .client, .remote:
          if raw & (1 << 48) != 0 || (field == .remote && raw & (1 << 49) == 0) {
            let flag = raw & (1 << 48)
            let bytes = other.strings.bytes(UInt32(truncatingIfNeeded: raw))
            key[i] = withByteView(bytes) { UInt64(strings.id($0)) } | flag
          } else {
            let index = Int(raw & 0xFFFF_FFFF) - 1
            let flag = raw & (1 << 49)
            if raw == GroupByTable.localClient {
              key[i] = raw
            } else if index >= 0, index < other.addressList.count {
              key[i] = address(other.addressList[index]) | flag
            }
          }
        case .senderDomain, .recipientDomain, .sender, .recipient, .relay, .transport, .saslUser, .messageID,
          .localUser:
          let bytes = other.strings.bytes(UInt32(truncatingIfNeeded: raw))
          key[i] = withByteView(bytes) { UInt64(strings.id($0)) }
        case .host:
          if let id = hosts[raw] {
            key[i] = id
          } else {
            let id = UInt64(names.hosts.id(otherNames.host(UInt32(truncatingIfNeeded: raw))))
            hosts[raw] = id
            key[i] = id
          }
        case .service:
          if let id = services[raw] {
            key[i] = id
          } else {
            let id = UInt64(names.programs.id(otherNames.program(UInt32(truncatingIfNeeded: raw))))
            services[raw] = id
            key[i] = id
          }
        default:
          break
        }
      }
      return key
    }
    let theirs = other.counts.flushed()
    theirs.table.forEach { key, n in counts.add(translate(key), count: n) }
    counts.addRefused(theirs.refused)
    other.connectTimes.forEach { key, t in
      let mine = translate(key)
      if var known = connectTimes[mine] {
        known.add(t)
        connectTimes[mine] = known
      } else if connectTimes.count < maxRows {
        connectTimes[mine] = t
      } else {
        lostCounts += t.sessions
      }
    }
    for (session, keys) in other.pending { pending[session] = keys.map(translate) }
    for (index, name) in other.fileNames.enumerated() where !name.isEmpty {
      while fileNames.count <= index { fileNames.append("") }
      fileNames[index] = name
    }
    lostCounts += other.lostCounts
  }
}

/// A finished `--by` table.
public struct GroupTable: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var values: [String]
    public var count: Int
    /// `--count connect-time`: the sessions whose seconds `count` sums, and the longest one.
    public var sessions: Int? = nil
    public var longest: Int? = nil
  }

  public var fields: [GroupField]
  public var countsSessions: Bool
  /// The rows count messages (or deliveries), not reply events (`--count messages`).
  public var countsMessages = false
  /// The rows are sessions with their connect times (`--count connect-time`): `count` is
  /// seconds, with `sessions` and `longest` in each row.
  public var countsConnectTime = false
  /// The rows sum the bytes of messages received (`--count bytes`).
  public var countsBytes = false
  public var rows: [Row]
  public var overflow: Int

  public var total: Int { rows.reduce(0) { $0 + $1.count } + overflow }
}
