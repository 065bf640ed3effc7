import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Follows messages through their lines (`MessageEvent`s) and counts them into a
/// `MessageSummary`; part of `SummaryBuilder`.
///
/// Performance: this runs for every message line of `analyze` (about half the lines of a busy
/// Postfix log) and every refusal, and costs at most a tenth of `analyze`. Messages live in
/// `MessageTracker`'s bounded table keyed by integers (`MessageKey`); addresses and domains are
/// interned once (`ByteInterner`) and counted in arrays indexed by their ids, each address
/// remembering its domain's id; delays go to fixed arrays (`DenseHistogram`); the hour's
/// counts to a few integers until the hour changes; refusal texts are normalized into a
/// reused buffer and found by their hash. Strings are made in `finish()`.
///
/// Bounds: `maxOpenMessages` messages, `maxAddresses` addresses, `maxDomains` domains, 20,000
/// refusal texts and daemon texts, 200,000 refused parties; past them counts go to "(other)"
/// and are reported in `limits`.
public struct MessageStatsBuilder {
  public private(set) var tracker: MessageTracker
  /// The last messages received over SMTP that left the queue (`rememberRemoved`).
  private var recentSMTPReceptions: [MessageState] = []
  private var recentHead = 0
  private var totals = MessageSummary.Totals()
  private var addresses: ArenaInterner
  /// Per address id: its domain's id + 1 (0: not looked up yet).
  private var addressDomains: [UInt32] = []
  private var senderStats: [Volume] = []
  private var recipientStats: [Volume] = []
  private var otherSenders = Volume()
  private var otherRecipients = Volume()
  private var domains: ArenaInterner
  private var domainDelivery: [DomainDelivery] = []
  private var domainReception: [Volume] = []
  private var otherDomainDelivery = DomainDelivery()
  private var otherDomainReception = Volume()
  private var transports = ArenaInterner(capacity: 4096)
  private var transportStats: [Volume] = []
  private var transportAgents: [DeliveryAgent] = []
  private var delays = DenseHistogram()
  private var parts = [DenseHistogram](repeating: DenseHistogram(), count: 4)
  private var queueTimes = DenseHistogram()
  private var hourly = FastDictionary<Int64, Int>(capacity: 256)
  private var currentHour: Int64 = .min
  private var currentHourCounts = [Int](repeating: 0, count: 8)
  private var problemPrograms = ArenaInterner(capacity: 1000)
  private var problemTexts = ArenaInterner(capacity: 20_000)
  private var problems = FastDictionary<ProblemID, Int>(capacity: 64)
  private var rejectionRows = FastDictionary<RejectionRowKey, Int32>(capacity: 256)
  private var rows: [RejectionRow] = []
  private var parties = FastDictionary<PartyKey, PartyCount>(capacity: 1024)
  private var partyNames = ArenaInterner(capacity: 200_000)
  /// Distinct parties per reason and role (`reason << 2 | role`), and the refusals of parties
  /// past `maxPartiesPerReason` (counted as "(other)").
  private var distinctParties = [Int](repeating: 0, count: 256)
  private var otherParties = [Int](repeating: 0, count: 256)
  /// Raw refusal texts already normalized: raw text and reply -> row (most refusals repeat a
  /// text; those that name the client's address do not, and are normalized each time).
  private var rawTexts = ArenaInterner(capacity: 8192)
  private var rawRows = FastDictionary<RejectionRowKey, Int32>(capacity: 256)
  /// Recipients relayed (received from a client, sent on to a remote host), per client,
  /// sender, remote and recipient; past `maxRelayRows` rows, counted in `otherRelayed`.
  private var relayRows = FastDictionary<RelayKey, Int>(capacity: 64)
  private var relayRemotes = ArenaInterner(capacity: MessageStatsBuilder.maxRelayRows)
  private var otherRelayed = 0
  /// The latest time of a message line (ms), the end of the log for the deferred queue.
  private var lastTime: Int64 = -1
  /// The syslog hosts whose message lines were read (their queues' shapes are this group's),
  /// and whether a host id is among them.
  private var hosts: [UInt32] = []
  private var hostSeen: [Bool] = []
  private var overflowHostSeen = false
  private var overflow = 0
  private var scratch: [UInt8] = []
  private var textBuffer = [UInt8](repeating: 0, count: MessageStatsBuilder.textLimit + 8)
  public let maxAddresses: Int
  public let maxDomains: Int
  static let maxHourRows = 400_000
  static let maxPartyRows = 200_000
  static let maxPartiesPerReason = 1000
  static let maxRejectionRows = 20_000
  static let maxRelayRows = 10_000
  static let textLimit = 100

  struct RejectionRowKey: FastHashable {
    var text: UInt64
    var reply: UInt64
    @inline(__always) var fastHash: UInt64 { mix64(reply ^ text) }
  }

  struct RejectionRow {
    var key: RejectionRowKey
    var text: [UInt8]
    var count: Int
    var reason: RejectionReason
    var detail: String
  }

  /// A refused party: the refusal's reason, the role, and the address's hash (senders and
  /// recipients) or the client's address.
  struct PartyKey: FastHashable {
    var reason: UInt8
    var role: UInt8
    var hash: UInt64
    var client: IPAddress
    @inline(__always) var fastHash: UInt64 {
      mix64(UInt64(reason) << 56 ^ UInt64(role) << 48 ^ hash ^ client.fastHash)
    }
  }

  /// A party's count and, for an address, its bytes in `partyNames`.
  struct PartyCount {
    var count: Int
    var name: UInt32
  }

  /// A relayed recipient's path: the client, the sender's and recipient's address ids, the
  /// remote's id in `relayRemotes`.
  struct RelayKey: FastHashable {
    var client: IPAddress
    var sender: UInt32
    var remote: UInt32
    var recipient: UInt32
    @inline(__always) var fastHash: UInt64 {
      mix64(client.fastHash ^ UInt64(sender) << 32 ^ UInt64(remote) << 16 ^ UInt64(recipient))
    }
  }

  struct ProblemID: FastHashable {
    var program: UInt32
    var text: UInt32
    var severity: UInt8
    @inline(__always) var fastHash: UInt64 { mix64(UInt64(program) << 40 ^ UInt64(text) ^ UInt64(severity) << 32) }
  }

  public init(maxOpenMessages: Int = 200_000, maxAddresses: Int = 500_000, maxDomains: Int = 200_000) {
    tracker = MessageTracker(maxOpenMessages: maxOpenMessages)
    self.maxAddresses = maxAddresses
    self.maxDomains = maxDomains
    addresses = ArenaInterner(capacity: maxAddresses)
    domains = ArenaInterner(capacity: maxDomains)
  }

  @inline(__always) static func milliseconds(_ t: LogTimestamp) -> Int64 {
    t.wallSeconds &* 1000 &+ Int64(t.microseconds / 1000)
  }

  @inline(__always) static func hour(_ t: LogTimestamp) -> Int64 {
    t.wallSeconds >= 0 ? t.wallSeconds / 3600 : (t.wallSeconds - 3599) / 3600
  }

  // MARK: - message lines

  /// Counts what `event` (of `line`) says about its message.
  public mutating func record(_ event: MessageEvent, line: ByteView, context: LineContext, session: SessionID) {
    switch event.kind {
    case .daemonProblem:
      problem(event, line, context)
      return
    case .none:
      return
    default:
      break
    }
    guard let key = MessageKey(host: context.hostID, line: line, range: event.id) else { return }
    let time = context.envelope.time
    let now = time.map(MessageStatsBuilder.milliseconds) ?? -1
    if now > lastTime { lastTime = now }
    if Int(key.host) >= hostSeen.count || !hostSeen[Int(key.host)] { noteHost(key.host) }
    switch event.kind {
    case .received:
      let (slot, isNew) = tracker.findOrOpen(key)
      let flags = tracker[slot].flags
      guard !flags.contains(.received), !flags.contains(.filterHop) else { return }
      if isNew || tracker[slot].arrival < 0 { tracker[slot].arrival = now }
      tracker[slot].origin = event.origin
      tracker[slot].session = session
      if !event.client.isEmpty { tracker[slot].client = IPAddress.parse(line.slice(event.client)) }
      if event.origin == .smtp, !event.related.isEmpty {
        // Postfix smtpd after XFORWARD (`orig_queue_id=`): a content filter handed the message
        // back. It was received once already, under its original queue id.
        tracker[slot].flags.insert(.filterHop)
        totals.filterHops += 1
        return
      }
      if event.origin == .notification {
        tracker[slot].flags.insert(.notification)
        totals.notifications += 1
        return
      }
      tracker[slot].flags.insert(.received)
      totals.received += 1
      if event.origin == .smtp { totals.receivedSMTP += 1 } else if event.origin == .local { totals.receivedLocal += 1 }
      count(.received, time)
      if event.size >= 0 {
        // Exim's `<=` names sender and size at once (Postfix's qmgr line comes later).
        tracker[slot].size = event.size
        countReception(slot, line.slice(event.sender))
      }
    case .messageID:
      // cleanup writes the queue file: the arrival of a message no earlier line announced
      // (a notification, a re-queued message).
      let (slot, isNew) = tracker.findOrOpen(key)
      if isNew { tracker[slot].arrival = now }
    case .queued:
      let (slot, _) = tracker.findOrOpen(key)
      if tracker[slot].size < 0 { tracker[slot].size = event.size }
      let flags = tracker[slot].flags
      if flags.contains(.received), !flags.contains(.receptionCounted) {
        countReception(slot, line.slice(event.sender))
      }
    case .delivery:
      delivery(event, key, line, now, time)
    case .expired:
      let (slot, _) = tracker.findOrOpen(key)
      tracker[slot].flags.remove(.pendingDeferral)
      if !tracker[slot].flags.contains(.expired) {
        tracker[slot].flags.insert(.expired)
        totals.expiredMessages += 1
        count(.expired, time)
      }
    case .notification:
      guard let child = MessageKey(host: context.hostID, line: line, range: event.related) else { return }
      let (slot, isNew) = tracker.findOrOpen(child)
      if isNew || tracker[slot].arrival < 0 { tracker[slot].arrival = now }
      if !tracker[slot].flags.contains(.notification), !tracker[slot].flags.contains(.received) {
        tracker[slot].flags.insert(.notification)
        tracker[slot].origin = .notification
        totals.notifications += 1
      }
    case .held:
      let (slot, _) = tracker.findOrOpen(key)
      if !tracker[slot].flags.contains(.held) {
        tracker[slot].flags.insert(.held)
        totals.held += 1
      }
    case .discarded:
      totals.discarded += 1
      tracker.close(key)
    case .rejected:
      totals.rejectedAfterData += 1
      tracker.close(key)
    case .removed:
      totals.removed += 1
      if let slot = tracker.find(key) {
        let arrival = tracker[slot].arrival
        if arrival >= 0, now >= arrival { queueTimes.add(now - arrival) }
        rememberRemoved(tracker[slot])
        tracker.close(key)
      }
    case .none, .daemonProblem:
      break
    }
  }

  private mutating func countReception(_ slot: Int32, _ sender: ByteView) {
    tracker[slot].flags.insert(.receptionCounted)
    let size = max(0, tracker[slot].size)
    totals.receivedBytes += size
    let volume = Volume(count: 1, bytes: size)
    let id = sender.isEmpty ? withByteView("<>") { addresses.id($0) } : addressID(sender)
    tracker[slot].sender = id
    if id == ArenaInterner.overflowID {
      otherSenders.add(volume)
      overflow += 1
    } else {
      MessageStatsBuilder.grow(&senderStats, to: id)
      senderStats[Int(id)].add(volume)
    }
    // The sender's domain; without one (`root`, `<>`), the address itself (as pflogsumm).
    let d = domainOf(id, sender.isEmpty ? ByteView.empty : sender, fallbackToAddress: true)
    if d == ArenaInterner.overflowID {
      otherDomainReception.add(volume)
      overflow += 1
    } else {
      MessageStatsBuilder.grow(&domainReception, to: d)
      domainReception[Int(d)].add(volume)
    }
  }

  private mutating func delivery(
    _ event: MessageEvent, _ key: MessageKey, _ line: ByteView, _ now: Int64,
    _ time: LogTimestamp?
  ) {
    guard let status = event.status else { return }
    let (slot, _) = tracker.findOrOpen(key)
    var delay = event.delay
    if delay < 0, tracker[slot].arrival >= 0, now >= tracker[slot].arrival { delay = now - tracker[slot].arrival }
    // Exim's local deliveries name the local part first and the address after it (`carol
    // <carol@example>`): the address is the one with a domain.
    var recipient = line.slice(event.recipient)
    if !event.originalRecipient.isEmpty, recipient.lastIndex(of: ASCII.at) == nil {
      recipient = line.slice(event.originalRecipient)
    }
    var stats = DomainDelivery()
    var r = ArenaInterner.overflowID
    switch status {
    case .sent:
      if event.forwarded {
        totals.forwarded += 1
        return
      }
      if isFilterHandOff(event, line, key.host, time) { return }
      let bytes = max(0, tracker[slot].size)
      totals.delivered += 1
      totals.deliveredBytes += bytes
      if !tracker[slot].flags.contains(.delivered) {
        tracker[slot].flags.insert(.delivered)
        totals.deliveredMessages += 1
      }
      count(.delivered, time)
      let volume = Volume(count: 1, bytes: bytes)
      r = addressID(recipient)
      if r == ArenaInterner.overflowID {
        otherRecipients.add(volume)
        overflow += 1
      } else {
        MessageStatsBuilder.grow(&recipientStats, to: r)
        recipientStats[Int(r)].add(volume)
      }
      let t = transportID(line.slice(event.transport))
      if t != ArenaInterner.overflowID {
        MessageStatsBuilder.grow(&transportStats, to: t)
        while transportAgents.count <= Int(t) { transportAgents.append(.other) }
        transportStats[Int(t)].add(volume)
        transportAgents[Int(t)] = event.agent
      } else {
        overflow += 1
      }
      if event.agent == .smtp, !event.relay.isEmpty, tracker[slot].origin == .smtp {
        let flags = tracker[slot].flags
        if flags.contains(.received), flags.contains(.receptionCounted) {
          countRelayed(slot, r, event, line, recipient)
        }
      }
      stats.delivered = 1
      stats.bytes = bytes
      if delay >= 0 {
        stats.delaySum = delay
        stats.delayed = 1
        stats.delayMax = delay
        delays.add(delay)
      }
      let values = event.delays
      if values.isPresent {
        if values.beforeQueue >= 0 { parts[0].add(values.beforeQueue) }
        if values.inQueue >= 0 { parts[1].add(values.inQueue) }
        if values.connection >= 0 { parts[2].add(values.connection) }
        if values.transmission >= 0 { parts[3].add(values.transmission) }
      }
    case .deferred:
      totals.deferrals += 1
      if !tracker[slot].flags.contains(.deferred) {
        tracker[slot].flags.insert(.deferred)
        totals.deferredMessages += 1
      }
      count(.deferred, time)
      stats.deferred = 1
      stats.delayMax = delay
    case .bounced:
      totals.bounced += 1
      if !tracker[slot].flags.contains(.bounced) {
        tracker[slot].flags.insert(.bounced)
        totals.bouncedMessages += 1
      }
      count(.bounced, time)
      stats.bounced = 1
    case .expired:
      totals.expired += 1
      if !tracker[slot].flags.contains(.expired) {
        tracker[slot].flags.insert(.expired)
        totals.expiredMessages += 1
        count(.expired, time)
      }
      stats.expired = 1
    }
    // The recipient's domain (the address itself when it has none).
    if r == ArenaInterner.overflowID, status != .sent { r = addressID(recipient) }
    let d = domainOf(r, recipient, fallbackToAddress: true)
    if status == .deferred {
      tracker[slot].flags.insert(.pendingDeferral)
      tracker[slot].deferredDomain = d == ArenaInterner.overflowID ? 0 : d &+ 1
      // Postfix's `delay=` gives the arrival of a message whose first lines are not in the log.
      if tracker[slot].arrival < 0, event.delay >= 0, now >= event.delay { tracker[slot].arrival = now - event.delay }
    } else if tracker[slot].flags.contains(.pendingDeferral), tracker[slot].deferredDomain == d &+ 1 {
      tracker[slot].flags.remove(.pendingDeferral)
    }
    if d == ArenaInterner.overflowID {
      otherDomainDelivery.add(stats)
      overflow += 1
    } else {
      MessageStatsBuilder.grow(&domainDelivery, to: d)
      domainDelivery[Int(d)].add(stats)
    }
  }

  /// Counts a relayed recipient: a message received from a client (over SMTP) sent on to a
  /// remote host over SMTP, to the address it was sent to (as eximstats: not one an alias or
  /// a rewrite made, `orig_to=`, Exim's `<original>`).
  private mutating func countRelayed(
    _ slot: Int32, _ recipientID: UInt32, _ event: MessageEvent, _ line: ByteView, _ recipient: ByteView
  ) {
    if !event.originalRecipient.isEmpty {
      let original = line.slice(event.originalRecipient)
      guard original.count == recipient.count else { return }
      for i in 0..<original.count where ASCII.lowercased(original[i]) != ASCII.lowercased(recipient[i]) { return }
    }
    totals.relayed += 1
    let remote = relayRemotes.id(line.slice(event.relay))
    let client = tracker[slot].client ?? IPAddress(high: 0, low: 0)
    let key = RelayKey(client: client, sender: tracker[slot].sender, remote: remote, recipient: recipientID)
    guard remote != ArenaInterner.overflowID, recipientID != ArenaInterner.overflowID,
      relayRows.add(key, 1, limit: MessageStatsBuilder.maxRelayRows)
    else {
      otherRelayed += 1
      return
    }
  }

  /// Whether a delivery handed the message to a content filter that gave it back: the reply
  /// says `queued as NEWID` and NEWID came back through this server's smtpd. Such a delivery
  /// is not a delivery to a recipient, and NEWID is the same message again (a filter hop).
  /// smtpd says so itself with `orig_queue_id=` after XFORWARD, but not always (a message
  /// submitted locally has none): a NEWID that was counted as received is taken back here
  /// (`uncountReception`).
  private mutating func isFilterHandOff(
    _ event: MessageEvent, _ line: ByteView, _ host: UInt32, _ time: LogTimestamp?
  ) -> Bool {
    guard tracker.openCount > 0, event.agent == .smtp || event.agent == .lmtp else { return false }
    let text = line.slice(event.text)
    guard let queued = text.firstRange(of: "queued as ") else { return false }
    let start = Int(event.text.start) + queued + 10
    var end = start
    while end < event.text.end, ASCII.isDigit(line[end]) || ASCII.isLetter(line[end]) { end += 1 }
    guard let child = MessageKey(host: host, line: line, range: TextRange(start: start, end: end)) else {
      return false
    }
    if let slot = tracker.find(child) {
      var state = tracker[slot]
      guard isHop(&state, time) else { return false }
      tracker[slot] = state
      return true
    }
    // The filtered copy may already be delivered and gone: the filter answers only after it
    // re-injected the message, and the copy's delivery can be logged first.
    guard let k = recentSMTPReceptions.lastIndex(where: { $0.key == child }) else { return false }
    var state = recentSMTPReceptions[k]
    guard isHop(&state, time) else { return false }
    recentSMTPReceptions[k] = state
    return true
  }

  /// Whether `state` is a message this server received again from a filter (taken back from
  /// the receptions if it was counted as one).
  private mutating func isHop(_ state: inout MessageState, _ time: LogTimestamp?) -> Bool {
    if state.flags.contains(.filterHop) { return true }
    guard state.flags.contains(.received), state.origin == .smtp else { return false }
    uncountReception(&state, time)
    return true
  }

  /// Remembers a message received over SMTP (or a filter hop) as it leaves the queue, for
  /// `isFilterHandOff`.
  private mutating func rememberRemoved(_ state: MessageState) {
    guard state.flags.contains(.filterHop) || (state.flags.contains(.received) && state.origin == .smtp) else { return }
    if recentSMTPReceptions.count < MessageStatsBuilder.recentReceptions {
      recentSMTPReceptions.append(state)
    } else {
      recentSMTPReceptions[recentHead] = state
      recentHead = (recentHead + 1) % MessageStatsBuilder.recentReceptions
    }
  }

  /// How many removed messages `isFilterHandOff` can still find (a filter answers within
  /// seconds; the copy's own lines are few).
  static let recentReceptions = 256

  /// Takes back the reception of a message found to be a filter hop after it was counted.
  private mutating func uncountReception(_ state: inout MessageState, _ time: LogTimestamp?) {
    state.flags.remove(.received)
    state.flags.insert(.filterHop)
    totals.received -= 1
    totals.receivedSMTP -= 1
    totals.filterHops += 1
    if state.arrival >= 0 {
      uncount(.received, hour: state.arrival / 3_600_000)
    } else if let time {
      uncount(.received, hour: MessageStatsBuilder.hour(time))
    }
    guard state.flags.contains(.receptionCounted) else { return }
    state.flags.remove(.receptionCounted)
    let size = max(0, state.size)
    totals.receivedBytes -= size
    let volume = Volume(count: -1, bytes: -size)
    let id = state.sender
    if id == ArenaInterner.overflowID {
      otherSenders.add(volume)
    } else if Int(id) < senderStats.count {
      senderStats[Int(id)].add(volume)
    }
    let d = id != ArenaInterner.overflowID && Int(id) < addressDomains.count ? addressDomains[Int(id)] : 0
    if d == 0 {
      otherDomainReception.add(volume)
    } else if Int(d &- 1) < domainReception.count {
      domainReception[Int(d &- 1)].add(volume)
    }
  }

  // MARK: - refusals

  /// Counts a refusal the server logged (`SummaryBuilder` decides which events are ones).
  public mutating func rejection(_ event: SMTPEvent, line: ByteView) {
    totals.rejected += 1
    count(.rejected, event.time)
    let text = line.slice(event.text)
    var reply = UInt64(event.code?.rawValue ?? 0) | UInt64(event.enhanced?.packed ?? 0) << 10
    reply |= UInt64(event.command.rawValue) << 33 | UInt64(event.kind.rawValue) << 38
    let body = text.suffix(from: RejectionReason.bodyStart(text))
    let raw = rawTexts.id(body)
    var row: Int32 = -1
    if raw != ArenaInterner.overflowID, let known = rawRows[RejectionRowKey(text: UInt64(raw), reply: reply)] {
      row = known
      rows[Int(row)].count += 1
    } else {
      let (length, hash) = textBuffer.withUnsafeMutableBufferPointer {
        RejectionReason.normalize(text, into: $0.baseAddress!, limit: MessageStatsBuilder.textLimit)
      }
      row = rejectionRow(RejectionRowKey(text: hash, reply: reply), length, event)
      if row >= 0, raw != ArenaInterner.overflowID { rawRows[RejectionRowKey(text: UInt64(raw), reply: reply)] = row }
    }
    guard row >= 0 else {
      overflow += 1
      return
    }
    let reason = rows[Int(row)].reason.rawValue
    let none = IPAddress(high: 0, low: 0)
    if !event.sender.isEmpty { party(reason, 1, line.slice(event.sender), none) }
    if !event.recipient.isEmpty { party(reason, 2, line.slice(event.recipient), none) }
    if let client = event.client { party(reason, 3, ByteView.empty, client) }
  }

  /// The row of a refusal text (normalized in `textBuffer[0..<length]`), added when new; -1
  /// past the bound. Rows are found by the text's hash and confirmed on its bytes (a colliding
  /// text probes the next hash).
  private mutating func rejectionRow(_ first: RejectionRowKey, _ length: Int, _ event: SMTPEvent) -> Int32 {
    var key = first
    while true {
      guard let known = rejectionRows[key] else { break }
      let matches = rows[Int(known)].text.withUnsafeBufferPointer { stored in
        textBuffer.withUnsafeBufferPointer { b in
          stored.count == length && (length == 0 || memcmp(stored.baseAddress!, b.baseAddress!, length) == 0)
        }
      }
      if matches {
        rows[Int(known)].count += 1
        return known
      }
      key.text = mix64(key.text &+ 1)
    }
    guard rows.count < MessageStatsBuilder.maxRejectionRows else { return -1 }
    let row = Int32(rows.count)
    rejectionRows[key] = row
    let bytes = Array(textBuffer[0..<length])
    let (reason, detail) = bytes.withUnsafeBufferPointer { b in
      let view = ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count)
      let c = RejectionReason.classify(
        view, code: event.code?.rawValue ?? 0, enhanced: event.enhanced,
        command: event.command, kind: event.kind)
      return (c.reason, c.detail.map { view.slice($0.lowerBound, $0.upperBound).string } ?? "")
    }
    rows.append(RejectionRow(key: key, text: bytes, count: 1, reason: reason, detail: detail))
    return row
  }

  /// Counts a refused party (an address, or a client); past `maxPartiesPerReason` distinct ones
  /// per reason and role, new ones count as "(other)". Addresses are found by their hash and
  /// kept (in `partyNames`) only when new and within the bound: a spam run's random senders
  /// cost a hash and a probe each.
  @inline(__always)
  private mutating func party(_ reason: UInt8, _ role: UInt8, _ address: ByteView, _ client: IPAddress) {
    let hash = address.count == 0 ? 0 : ArenaInterner.hash(address)
    let key = PartyKey(reason: reason, role: role, hash: hash, client: client)
    if let known = parties[key] {
      parties[key] = PartyCount(count: known.count + 1, name: known.name)
      return
    }
    let group = Int(reason) << 2 | Int(role)
    guard distinctParties[group] < MessageStatsBuilder.maxPartiesPerReason,
      parties.count < MessageStatsBuilder.maxPartyRows
    else {
      otherParties[group] += 1
      return
    }
    distinctParties[group] += 1
    let name = address.count == 0 ? 0 : partyNames.id(address, hash: hash)
    parties[key] = PartyCount(count: 1, name: name)
  }

  // MARK: - daemon problems

  /// A daemon's line, grouped by its tag, severity and text; the text without a leading
  /// queue id and without the addresses inside `[...]` (with the client name before them) and
  /// `<...>`, so that one warning about many clients is one row.
  private mutating func problem(_ event: MessageEvent, _ line: ByteView, _ context: LineContext) {
    let program = problemPrograms.id(line.slice(context.envelope.program))
    var text = line.slice(event.text)
    // `warning: 4F9D21A3B: queue file size limit exceeded`: the id is the message's.
    var i = 0
    while i < text.count, i < 24, ASCII.isDigit(text[i]) || ASCII.isLetter(text[i]) { i += 1 }
    if i >= 5, text.matches(": ", at: i) { text = text.suffix(from: i + 2) }
    scratch.removeAll(keepingCapacity: true)
    var k = 0
    while k < text.count, scratch.count < 100 {
      let c = text[k]
      if c == ASCII.openBracket || c == ASCII.lessThan {
        let closing = c == ASCII.openBracket ? ASCII.closeBracket : ASCII.greaterThan
        let close = ByteScan.first(closing, in: text.base, from: k + 1, end: min(text.count, k + 256))
        // An address inside (`[192.0.2.1]`, `[2001:db8::1]`, `<user@example>`), not a word (`[built-in]`).
        let inside = text.slice(k + 1, min(close, text.count))
        let isAddress =
          close < min(text.count, k + 256) && inside.count > 0
          && (ASCII.isDigit(inside[0]) || inside.firstIndex(of: ASCII.colon) != nil
            || inside.firstIndex(of: ASCII.at) != nil)
        if isAddress {
          // `name[192.0.2.1]`: the client's name goes with its address.
          if c == ASCII.openBracket {
            while let last = scratch.last, last != ASCII.space, last != ASCII.colon, last != ASCII.comma {
              scratch.removeLast()
            }
          }
          scratch.append(c)
          scratch.append(closing)
          k = close + 1
          continue
        }
      }
      scratch.append(c < 0x20 ? ASCII.space : c)
      k += 1
    }
    let id = scratch.withUnsafeBufferPointer { b in
      problemTexts.id(ByteView(base: b.baseAddress ?? ByteView.empty.base, count: b.count))
    }
    guard id != ArenaInterner.overflowID, program != ArenaInterner.overflowID else {
      overflow += 1
      return
    }
    problems.add(ProblemID(program: program, text: id, severity: event.severity.rawValue), 1)
  }

  // MARK: - helpers

  @inline(never) private mutating func noteHost(_ host: UInt32) {
    // Host ids are dense (`NameTable.hosts`, bounded); the overflow id is one more host.
    if host == ByteInterner.overflowID {
      if !overflowHostSeen { hosts.append(host) }
      overflowHostSeen = true
      return
    }
    let index = Int(host)
    if index >= hostSeen.count { hostSeen.append(contentsOf: repeatElement(false, count: index - hostSeen.count + 1)) }
    hostSeen[index] = true
    hosts.append(host)
  }

  /// qshape's age bucket (`MessageSummary.QueueShapeKey.bucket`) of a message `ageMs` old:
  /// 1 below 5 minutes, then one per doubling (5-10 is 2, 10-20 is 3 ...), 10 from 1280 on.
  static func queueBucket(_ ageMs: Int64) -> UInt8 {
    let fives = ageMs / 300_000
    guard fives >= 1 else { return 1 }
    return UInt8(min(10, 2 + (63 - fives.leadingZeroBitCount)))
  }

  /// Counts traffic in the hour of `time`: the current hour's counts are kept apart and added
  /// to the table when the hour changes (log lines come in time order).
  @inline(__always) private mutating func count(_ traffic: MessageSummary.Traffic, _ time: LogTimestamp?) {
    guard let time else { return }
    let hour = MessageStatsBuilder.hour(time)
    if hour != currentHour { switchHour(hour) }
    currentHourCounts[Int(traffic.rawValue)] += 1
  }

  /// Takes one back from an hour's count (the current hour's, or one already flushed).
  private mutating func uncount(_ traffic: MessageSummary.Traffic, hour: Int64) {
    if hour == currentHour, currentHourCounts[Int(traffic.rawValue)] > 0 {
      currentHourCounts[Int(traffic.rawValue)] -= 1
    } else {
      _ = hourly.add(hour << 3 | Int64(traffic.rawValue), -1, limit: MessageStatsBuilder.maxHourRows)
    }
  }

  @inline(never) private mutating func switchHour(_ hour: Int64) {
    flushHour()
    currentHour = hour
  }

  private mutating func flushHour() {
    guard currentHour != .min else { return }
    for (traffic, n) in currentHourCounts.enumerated() where n > 0 {
      if !hourly.add(currentHour << 3 | Int64(traffic), n, limit: MessageStatsBuilder.maxHourRows) { overflow += n }
      currentHourCounts[traffic] = 0
    }
  }

  @inline(__always) private static func grow<T: Accumulating>(_ array: inout [T], to id: UInt32) {
    guard Int(id) >= array.count else { return }
    // Ids are dense: the array grows by one, mostly.
    while array.count <= Int(id) { array.append(T()) }
  }

  /// The id of an address with its domain part lower-cased (local parts can be case-sensitive).
  private mutating func addressID(_ address: ByteView) -> UInt32 {
    let at = ByteScan.last(ASCII.at, in: address.base, from: 0, end: address.count)
    guard at >= 0, MessageStatsBuilder.hasUpper(address, from: at + 1) else { return addresses.id(address) }
    // A domain with capitals: the address with its domain lower-cased.
    scratch.removeAll(keepingCapacity: true)
    for i in 0..<address.count { scratch.append(i > at ? ASCII.lowercased(address[i]) : address[i]) }
    return scratch.withUnsafeBufferPointer { addresses.id(ByteView(base: $0.baseAddress!, count: $0.count)) }
  }

  /// The domain id of address `id` (`address` its bytes), looked up once per address.
  private mutating func domainOf(_ id: UInt32, _ address: ByteView, fallbackToAddress: Bool) -> UInt32 {
    if id != ArenaInterner.overflowID, Int(id) < addressDomains.count, addressDomains[Int(id)] != 0 {
      return addressDomains[Int(id)] &- 1
    }
    let at = ByteScan.last(ASCII.at, in: address.base, from: 0, end: address.count)
    var domain = at >= 0 ? address.suffix(from: at + 1) : ByteView.empty
    if domain.isEmpty { domain = address }
    let d = domain.isEmpty ? withByteView("<>") { domains.id($0) } : domainID(domain)
    if id != ArenaInterner.overflowID, d != ArenaInterner.overflowID {
      while addressDomains.count <= Int(id) { addressDomains.append(0) }
      addressDomains[Int(id)] = d &+ 1
    }
    return d
  }

  private mutating func domainID(_ domain: ByteView) -> UInt32 {
    guard MessageStatsBuilder.hasUpper(domain, from: 0) else { return domains.id(domain) }
    scratch.removeAll(keepingCapacity: true)
    for i in 0..<domain.count { scratch.append(ASCII.lowercased(domain[i])) }
    return scratch.withUnsafeBufferPointer { domains.id(ByteView(base: $0.baseAddress!, count: $0.count)) }
  }

  /// The transport's id.
  @inline(__always) private mutating func transportID(_ name: ByteView) -> UInt32 { transports.id(name) }

  @inline(__always) private static func hasUpper(_ bytes: ByteView, from start: Int) -> Bool {
    var i = start
    while i < bytes.count {
      if ASCII.isUpper(bytes[i]) { return true }
      i += 1
    }
    return false
  }

  // MARK: - result

  /// Whether anything was counted or is being followed.
  public var hasCounts: Bool {
    tracker.openedCount > 0 || totals != MessageSummary.Totals() || !problems.isEmpty
  }

  /// The counts as a string-keyed summary; `hostName` names a syslog host id.
  public func finish(hostName: (UInt32) -> String = { _ in "" }) -> MessageSummary {
    var builder = self
    builder.flushHour()
    return builder.summary(hostName)
  }

  private func summary(_ hostName: (UInt32) -> String) -> MessageSummary {
    var s = MessageSummary()
    s.totals = totals
    // The deferred queue at the end of the log: messages whose last deferral has no final
    // result after it, by host, recipient domain and age (qshape's buckets).
    if lastTime >= 0 {
      var names: [UInt32: String] = [:]
      for host in hosts {
        let name = hostName(host)
        names[host] = name
        s.queueEnds[name] = max(s.queueEnds[name] ?? .min, lastTime)
      }
      var rows: [MessageSummary.QueueShapeKey: Int] = [:]
      tracker.forEachOpen { state in
        guard state.flags.contains(.pendingDeferral) else { return }
        let bucket = state.arrival >= 0 ? MessageStatsBuilder.queueBucket(max(0, lastTime - state.arrival)) : 0
        let domain = state.deferredDomain == 0 ? Summary.other : domains.name(state.deferredDomain &- 1)
        let host = names[state.key.host] ?? hostName(state.key.host)
        rows[MessageSummary.QueueShapeKey(host: host, domain: domain, bucket: bucket), default: 0] += 1
      }
      for (key, n) in rows.sorted(by: { $0.key < $1.key }) { s.deferredQueue.add(key, n) }
    }
    for (id, volume) in senderStats.enumerated() where volume.count > 0 {
      s.senders.appendDistinct(addresses.name(UInt32(id)), volume)
    }
    if otherSenders.count > 0 { s.senders.addOverflow(otherSenders, count: otherSenders.count) }
    for (id, volume) in recipientStats.enumerated() where volume.count > 0 {
      s.recipients.appendDistinct(addresses.name(UInt32(id)), volume)
    }
    if otherRecipients.count > 0 { s.recipients.addOverflow(otherRecipients, count: otherRecipients.count) }
    for (id, volume) in domainReception.enumerated() where volume.count > 0 {
      s.senderDomains.appendDistinct(domains.name(UInt32(id)), volume)
    }
    if otherDomainReception.count > 0 {
      s.senderDomains.addOverflow(otherDomainReception, count: otherDomainReception.count)
    }
    for (id, stats) in domainDelivery.enumerated() where stats != DomainDelivery() {
      s.domains.appendDistinct(domains.name(UInt32(id)), stats)
    }
    if otherDomainDelivery != DomainDelivery() { s.domains.addOverflow(otherDomainDelivery) }
    for (id, volume) in transportStats.enumerated() where volume.count > 0 {
      s.transports.appendDistinct(
        MessageSummary.TransportKey(agent: transportAgents[id], name: transports.name(UInt32(id))),
        volume)
    }
    s.delays = delays.histogram()
    for i in 0..<4 { s.delayParts[i] = parts[i].histogram() }
    s.queueTimes = queueTimes.histogram()
    hourly.forEach { key, n in
      guard let traffic = MessageSummary.Traffic(rawValue: UInt8(key & 0x7)) else { return }
      s.hourly.add(
        MessageSummary.HourKey(hour: LogTimestamp(wallSeconds: (key >> 3) * 3600).hourString, traffic: traffic), n)
    }
    problems.forEach { key, n in
      guard let severity = ProblemSeverity(rawValue: key.severity) else { return }
      s.problems.appendDistinct(
        MessageSummary.ProblemKey(
          program: problemPrograms.name(key.program), severity: severity,
          text: problemTexts.name(key.text)), n)
    }
    for row in rows {
      let code = UInt16(row.key.reply & 0x3FF)
      let enhanced = EnhancedStatusCode(packed: UInt32((row.key.reply >> 10) & 0x7F_FFFF))?.description ?? ""
      let command = SMTPCommand(rawValue: UInt8((row.key.reply >> 33) & 0x1F)) ?? .none
      let text = row.text.withUnsafeBufferPointer {
        Sanitizer.visibleText(ByteView(base: $0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count))
      }
      s.rejections.add(
        MessageSummary.RejectionKey(
          reason: row.reason, detail: row.detail, code: code, enhanced: enhanced,
          command: command, text: text), row.count)
    }
    var printed = FastDictionary<IPAddress, String>(capacity: 64)
    // Whether an address reads "(other)", like the rows of `otherParties`: only then are those
    // rows looked up (a lookup indexes the whole tally, hundreds of thousands of keys).
    var namedOther = false
    s.rejectedParties.reserveCapacity(parties.count + otherParties.count)
    parties.forEach { key, party in
      guard let role = MessageSummary.PartyRole(rawValue: key.role), let reason = RejectionReason(rawValue: key.reason)
      else { return }
      let value: String
      if role == .client {
        if let known = printed[key.client] {
          value = known
        } else {
          value = key.client.description
          printed[key.client] = value
        }
      } else {
        value = partyNames.name(party.name)
        if value == Summary.other { namedOther = true }
      }
      s.rejectedParties.appendDistinct(
        MessageSummary.RejectedPartyKey(reason: reason, role: role, value: value), party.count)
    }
    for (group, n) in otherParties.enumerated() where n > 0 {
      guard let reason = RejectionReason(rawValue: UInt8(group >> 2)),
        let role = MessageSummary.PartyRole(rawValue: UInt8(group & 3))
      else { continue }
      let key = MessageSummary.RejectedPartyKey(reason: reason, role: role, value: Summary.other)
      if namedOther { s.rejectedParties.add(key, n) } else { s.rejectedParties.appendDistinct(key, n) }
    }
    s.relayed.reserveCapacity(relayRows.count + 1)
    relayRows.forEach { key, n in
      s.relayed.appendDistinct(
        MessageSummary.RelayedKey(
          client: key.client == IPAddress(high: 0, low: 0) ? "" : key.client.description,
          sender: addresses.name(key.sender), remote: relayRemotes.name(key.remote),
          recipient: addresses.name(key.recipient)), n)
    }
    if otherRelayed > 0 {
      let other = Summary.other
      s.relayed.addBeyondLimit(
        MessageSummary.RelayedKey(client: other, sender: other, remote: other, recipient: other), otherRelayed)
    }
    s.limits.evictedMessages = tracker.evictedCount
    s.limits.openMessages = tracker.openCount
    s.limits.overflowedCounts =
      overflow + addresses.overflowed + domains.overflowed + transports.overflowed
      + otherParties.reduce(0, +) + otherRelayed
    return s
  }
}

/// Counts per value (milliseconds) kept to three significant digits in a fixed array: values
/// below 1,000 have a slot each, larger ones one per three-digit mantissa and decade, up to
/// 10^13 ms (no hashing per value; the table is made once).
struct DenseHistogram {
  static let slots = 1000 + 10 * 900
  private var counts: [Int] = []
  var count = 0
  var sum: Int64 = 0
  var max: Int64 = -1

  @inline(__always) mutating func add(_ value: Int64) {
    if counts.isEmpty { counts = [Int](repeating: 0, count: DenseHistogram.slots) }
    counts[DenseHistogram.slot(value)] += 1
    count += 1
    sum += value
    if value > max { max = value }
  }

  /// The slot of `value` rounded to three significant digits (`ValueHistogram.rounded`).
  @inline(__always) static func slot(_ value: Int64) -> Int {
    if value < 1000 { return Int(Swift.max(0, value)) }
    let rounded = ValueHistogram.rounded(value)
    var mantissa = rounded
    var decade = 0
    while mantissa >= 1000 {
      mantissa /= 10
      decade += 1
    }
    guard decade <= 10 else { return slots - 1 }
    return 1000 + (decade - 1) * 900 + Int(mantissa - 100)
  }

  /// The value of `slot`.
  static func value(_ slot: Int) -> Int64 {
    if slot < 1000 { return Int64(slot) }
    let decade = (slot - 1000) / 900 + 1
    var v = Int64((slot - 1000) % 900 + 100)
    for _ in 0..<decade { v *= 10 }
    return v
  }

  func histogram() -> ValueHistogram {
    var h = ValueHistogram()
    for (slot, n) in counts.enumerated() where n > 0 { h.add(rounded: DenseHistogram.value(slot), count: n) }
    h.setExact(sum: sum, max: max)
    return h
  }
}
