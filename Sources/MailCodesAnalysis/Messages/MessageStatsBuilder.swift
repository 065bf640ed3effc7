import MailCodesSupport
import MailCodesSMTP
import MailCodesInput
import MailCodesFormats

/// Follows messages through their lines (`MessageEvent`s) and counts them into a
/// `MessageSummary`; part of `SummaryBuilder`.
///
/// Performance: this runs for every message line of `analyze` (about half the lines of a busy
/// Postfix log). Messages live in `MessageTracker`'s bounded table keyed by packed integers;
/// addresses, domains and transports are interned once (`ByteInterner`) and counted in arrays
/// indexed by their ids; small tables use `FastDictionary`. Strings are made in `finish()`.
/// Bounds: `maxOpenMessages` messages, `maxAddresses` addresses, `maxDomains` domains; past
/// them counts go to "(other)" and are reported in `limits`.
public struct MessageStatsBuilder {
  public private(set) var tracker: MessageTracker
  private var totals = MessageSummary.Totals()
  private var addresses: ByteInterner
  private var senderStats: [Volume] = []
  private var recipientStats: [Volume] = []
  private var otherSenders = Volume()
  private var otherRecipients = Volume()
  private var domains: ByteInterner
  private var domainDelivery: [DomainDelivery] = []
  private var domainReception: [Volume] = []
  private var otherDomainDelivery = DomainDelivery()
  private var otherDomainReception = Volume()
  private var transports = ByteInterner(capacity: 4096)
  private var transportStats: [Volume] = []
  private var transportAgents: [DeliveryAgent] = []
  private var delays = FastDictionary<Int64, Int>(capacity: 256)
  private var delayTotals = HistogramTotals()
  private var parts = [FastDictionary<Int64, Int>](repeating: FastDictionary(capacity: 64), count: 4)
  private var partTotals = [HistogramTotals](repeating: HistogramTotals(), count: 4)
  private var queueTimes = FastDictionary<Int64, Int>(capacity: 256)
  private var queueTotals = HistogramTotals()
  private var hourly = FastDictionary<Int64, Int>(capacity: 256)
  private var problemTexts = ByteInterner(capacity: 20_000)
  private var problemCounts: [Int] = []
  private var rejectionTexts = ByteInterner(capacity: 20_000)
  private var rejectionRows = FastDictionary<RejectionRowKey, Int32>(capacity: 256)
  private var rejectionRowKeys: [RejectionRowKey] = []
  private var rejectionRowCounts: [Int] = []
  private var rejectionRowReasons: [RejectionReason] = []
  private var rejectionRowDetails: [String] = []
  private var parties = FastDictionary<PartyKey, Int>(capacity: 1024)
  private var partyClients: [IPAddress] = []
  private var partyClientIDs = FastDictionary<IPAddress, UInt32>(capacity: 1024)
  private var overflow = 0
  private var scratch: [UInt8] = []
  public let maxAddresses: Int
  public let maxDomains: Int
  static let maxHourRows = 400_000
  static let maxPartyRows = 200_000

  struct HistogramTotals {
    var count = 0
    var sum: Int64 = 0
    var max: Int64 = -1
  }

  struct RejectionRowKey: FastHashable {
    var text: UInt32
    var reply: UInt64
    @inline(__always) var fastHash: UInt64 { mix64(reply ^ UInt64(text) << 40) }
  }

  struct PartyKey: FastHashable {
    var row: Int32
    var role: UInt8
    var id: UInt32
    @inline(__always) var fastHash: UInt64 { mix64(UInt64(UInt32(bitPattern: row)) << 32 ^ UInt64(role) << 28 ^ UInt64(id)) }
  }

  public init(maxOpenMessages: Int = 200_000, maxAddresses: Int = 500_000, maxDomains: Int = 200_000) {
    tracker = MessageTracker(maxOpenMessages: maxOpenMessages)
    self.maxAddresses = maxAddresses
    self.maxDomains = maxDomains
    addresses = ByteInterner(capacity: maxAddresses)
    domains = ByteInterner(capacity: maxDomains)
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
    let time = context.envelope.time
    if event.kind == .daemonProblem {
      problem(event, line, context)
      return
    }
    guard let key = MessageKey(host: context.hostID, id: line.slice(event.id)) else { return }
    let now = time.map(MessageStatsBuilder.milliseconds) ?? -1
    switch event.kind {
    case .received:
      let (slot, isNew) = tracker.findOrOpen(key)
      guard !tracker[slot].flags.contains(.received), !tracker[slot].flags.contains(.filterHop) else { return }
      if isNew || tracker[slot].arrival < 0 { tracker[slot].arrival = now }
      tracker[slot].origin = event.origin
      tracker[slot].session = session
      tracker[slot].client = event.address
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
        countReception(slot, line.slice(event.sender), line, event.hostName)
      }
    case .messageID:
      let (slot, isNew) = tracker.findOrOpen(key)
      // cleanup writes the queue file: the arrival of a message no earlier line announced.
      if isNew || tracker[slot].arrival < 0 { tracker[slot].arrival = now }
    case .queued:
      let (slot, _) = tracker.findOrOpen(key)
      if tracker[slot].size < 0 { tracker[slot].size = event.size }
      if tracker[slot].flags.contains(.received), !tracker[slot].flags.contains(.receptionCounted) {
        countReception(slot, line.slice(event.sender), line, .none)
      }
    case .delivery:
      delivery(event, key, line, now, time)
    case .expired:
      let (slot, _) = tracker.findOrOpen(key)
      if !tracker[slot].flags.contains(.expired) {
        tracker[slot].flags.insert(.expired)
        totals.expiredMessages += 1
        count(.expired, time)
      }
    case .notification:
      guard let child = MessageKey(host: context.hostID, id: line.slice(event.related)) else { return }
      let (slot, isNew) = tracker.findOrOpen(child)
      if isNew { tracker[slot].arrival = now }
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
        if arrival >= 0, now >= arrival {
          MessageStatsBuilder.add(now - arrival, to: &queueTimes, &queueTotals)
        }
        tracker.close(key)
      }
    case .none, .daemonProblem:
      break
    }
  }

  private mutating func countReception(_ slot: Int32, _ sender: ByteView, _ line: ByteView, _ hostName: TextRange) {
    tracker[slot].flags.insert(.receptionCounted)
    let size = max(0, tracker[slot].size)
    totals.receivedBytes += size
    let volume = Volume(count: 1, bytes: size)
    let id = sender.isEmpty ? withByteView("<>") { addresses.id($0) } : addressID(sender)
    tracker[slot].sender = id
    if id == ByteInterner.overflowID {
      otherSenders.add(volume)
      overflow += 1
    } else {
      MessageStatsBuilder.grow(&senderStats, to: id)
      senderStats[Int(id)].add(volume)
    }
    // The sender's domain; without one (`root`, `<>`), the address itself (as pflogsumm).
    var domain = MessageStatsBuilder.domainPart(sender)
    if domain.isEmpty { domain = sender.isEmpty ? ByteView.empty : sender }
    let d = domain.isEmpty ? withByteView("<>") { domains.id($0) } : domainID(domain)
    if d == ByteInterner.overflowID {
      otherDomainReception.add(volume)
      overflow += 1
    } else {
      MessageStatsBuilder.grow(&domainReception, to: d)
      domainReception[Int(d)].add(volume)
    }
  }

  private mutating func delivery(_ event: MessageEvent, _ key: MessageKey, _ line: ByteView, _ now: Int64,
                                 _ time: LogTimestamp?) {
    guard let status = event.status else { return }
    let (slot, _) = tracker.findOrOpen(key)
    var delay = event.delay
    if delay < 0, tracker[slot].arrival >= 0, now >= tracker[slot].arrival { delay = now - tracker[slot].arrival }
    // Exim's local deliveries name the local part first and the address after it (`carol
    // <carol@example>`): the address is the one with a domain.
    var recipient = line.slice(event.recipient)
    if recipient.lastIndex(of: ASCII.at) == nil, !event.originalRecipient.isEmpty {
      recipient = line.slice(event.originalRecipient)
    }
    var domain = MessageStatsBuilder.domainPart(recipient)
    if domain.isEmpty { domain = recipient }
    let d = domainID(domain)
    var stats = DomainDelivery()
    switch status {
    case .sent:
      if event.forwarded {
        totals.forwarded += 1
        return
      }
      let bytes = max(0, tracker[slot].size)
      totals.delivered += 1
      totals.deliveredBytes += bytes
      if !tracker[slot].flags.contains(.delivered) {
        tracker[slot].flags.insert(.delivered)
        totals.deliveredMessages += 1
      }
      count(.delivered, time)
      let volume = Volume(count: 1, bytes: bytes)
      let r = addressID(recipient)
      if r == ByteInterner.overflowID {
        otherRecipients.add(volume)
        overflow += 1
      } else {
        MessageStatsBuilder.grow(&recipientStats, to: r)
        recipientStats[Int(r)].add(volume)
      }
      let t = transports.id(line.slice(event.transport))
      if t != ByteInterner.overflowID {
        MessageStatsBuilder.grow(&transportStats, to: t)
        while transportAgents.count <= Int(t) { transportAgents.append(.other) }
        transportStats[Int(t)].add(volume)
        transportAgents[Int(t)] = event.agent
      } else {
        overflow += 1
      }
      stats.delivered = 1
      stats.bytes = bytes
      if delay >= 0 {
        stats.delaySum = delay
        stats.delayed = 1
        stats.delayMax = delay
        MessageStatsBuilder.add(delay, to: &delays, &delayTotals)
      }
      if event.delays.isPresent {
        let values = event.delays
        if values.beforeQueue >= 0 { MessageStatsBuilder.add(values.beforeQueue, to: &parts[0], &partTotals[0]) }
        if values.inQueue >= 0 { MessageStatsBuilder.add(values.inQueue, to: &parts[1], &partTotals[1]) }
        if values.connection >= 0 { MessageStatsBuilder.add(values.connection, to: &parts[2], &partTotals[2]) }
        if values.transmission >= 0 { MessageStatsBuilder.add(values.transmission, to: &parts[3], &partTotals[3]) }
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
    if d == ByteInterner.overflowID {
      otherDomainDelivery.add(stats)
      overflow += 1
    } else {
      MessageStatsBuilder.grow(&domainDelivery, to: d)
      domainDelivery[Int(d)].add(stats)
    }
  }

  // MARK: - refusals

  /// Counts a refusal the server logged (`SummaryBuilder` decides which events are ones).
  public mutating func rejection(_ event: SMTPEvent, line: ByteView) {
    totals.rejected += 1
    count(.rejected, event.time)
    RejectionReason.normalize(line.slice(event.text), into: &scratch)
    let text = scratch.withUnsafeBufferPointer { b in
      rejectionTexts.id(ByteView(base: b.baseAddress ?? ByteView.empty.base, count: b.count))
    }
    var reply = UInt64(event.code?.rawValue ?? 0) | UInt64(event.enhanced?.packed ?? 0) << 10
    reply |= UInt64(event.command.rawValue) << 33 | UInt64(event.kind.rawValue) << 38
    let rowKey = RejectionRowKey(text: text, reply: reply)
    let row: Int32
    if let known = rejectionRows[rowKey] {
      row = known
      rejectionRowCounts[Int(row)] += 1
    } else {
      row = Int32(rejectionRowKeys.count)
      rejectionRows[rowKey] = row
      rejectionRowKeys.append(rowKey)
      rejectionRowCounts.append(1)
      let (reason, detail) = scratch.withUnsafeBufferPointer { b in
        let view = ByteView(base: b.baseAddress ?? ByteView.empty.base, count: b.count)
        let c = RejectionReason.classify(view, code: event.code?.rawValue ?? 0, enhanced: event.enhanced,
                                         command: event.command, kind: event.kind)
        return (c.reason, c.detail.map { view.slice($0.lowerBound, $0.upperBound).string } ?? "")
      }
      rejectionRowReasons.append(reason)
      rejectionRowDetails.append(detail)
    }
    if !event.sender.isEmpty { party(row, .sender, addressID(line.slice(event.sender))) }
    if !event.recipient.isEmpty { party(row, .recipient, addressID(line.slice(event.recipient))) }
    if let client = event.client {
      var id = partyClientIDs[client]
      if id == nil, partyClients.count < MessageStatsBuilder.maxPartyRows {
        partyClients.append(client)
        id = UInt32(partyClients.count - 1)
        partyClientIDs[client] = id
      }
      party(row, .client, id ?? ByteInterner.overflowID)
    }
  }

  private mutating func party(_ row: Int32, _ role: MessageSummary.PartyRole, _ id: UInt32) {
    if !parties.add(PartyKey(row: row, role: role.rawValue, id: id), 1, limit: MessageStatsBuilder.maxPartyRows) {
      overflow += 1
    }
  }

  // MARK: - daemon problems

  private mutating func problem(_ event: MessageEvent, _ line: ByteView, _ context: LineContext) {
    // The key: tag, a tab, the severity digit, a tab, the text (at most 100 bytes).
    scratch.removeAll(keepingCapacity: true)
    let tag = line.slice(context.envelope.program)
    for i in 0..<tag.count { scratch.append(tag[i]) }
    scratch.append(ASCII.tab)
    scratch.append(ASCII.zero + event.severity.rawValue)
    scratch.append(ASCII.tab)
    let text = line.slice(event.text)
    for i in 0..<min(text.count, 100) { scratch.append(text[i] < 0x20 ? ASCII.space : text[i]) }
    let id = scratch.withUnsafeBufferPointer { b in
      problemTexts.id(ByteView(base: b.baseAddress ?? ByteView.empty.base, count: b.count))
    }
    if id == ByteInterner.overflowID {
      overflow += 1
      return
    }
    while problemCounts.count <= Int(id) { problemCounts.append(0) }
    problemCounts[Int(id)] += 1
  }

  // MARK: - helpers

  @inline(__always) private mutating func count(_ traffic: MessageSummary.Traffic, _ time: LogTimestamp?) {
    guard let time else { return }
    let key = MessageStatsBuilder.hour(time) << 3 | Int64(traffic.rawValue)
    if !hourly.add(key, 1, limit: MessageStatsBuilder.maxHourRows) { overflow += 1 }
  }

  @inline(__always)
  private static func add(_ value: Int64, to table: inout FastDictionary<Int64, Int>, _ totals: inout HistogramTotals) {
    table.add(ValueHistogram.rounded(value), 1)
    totals.count += 1
    totals.sum += value
    if value > totals.max { totals.max = value }
  }

  @inline(__always) private static func grow<T: Accumulating>(_ array: inout [T], to id: UInt32) {
    if Int(id) >= array.count { array.append(contentsOf: repeatElement(T(), count: Int(id) - array.count + 1)) }
  }

  /// The part after the last `@`, or empty.
  @inline(__always) static func domainPart(_ address: ByteView) -> ByteView {
    guard let at = address.lastIndex(of: ASCII.at) else { return ByteView.empty }
    return address.suffix(from: at + 1)
  }

  /// The id of an address with its domain part lower-cased (local parts can be case-sensitive).
  private mutating func addressID(_ address: ByteView) -> UInt32 {
    guard let at = address.lastIndex(of: ASCII.at), MessageStatsBuilder.hasUpper(address, from: at + 1) else {
      return addresses.id(address)
    }
    scratch.removeAll(keepingCapacity: true)
    for i in 0..<address.count { scratch.append(i > at ? ASCII.lowercased(address[i]) : address[i]) }
    return scratch.withUnsafeBufferPointer { addresses.id(ByteView(base: $0.baseAddress!, count: $0.count)) }
  }

  private mutating func domainID(_ domain: ByteView) -> UInt32 {
    guard MessageStatsBuilder.hasUpper(domain, from: 0) else { return domains.id(domain) }
    scratch.removeAll(keepingCapacity: true)
    for i in 0..<domain.count { scratch.append(ASCII.lowercased(domain[i])) }
    return scratch.withUnsafeBufferPointer { domains.id(ByteView(base: $0.baseAddress!, count: $0.count)) }
  }

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
    tracker.openedCount > 0 || totals != MessageSummary.Totals() || !problemCounts.isEmpty
  }

  /// The counts as a string-keyed summary.
  public func finish() -> MessageSummary {
    var s = MessageSummary()
    s.totals = totals
    for (id, volume) in senderStats.enumerated() where volume.count > 0 {
      s.senders.add(addresses.name(UInt32(id)), volume)
    }
    if otherSenders.count > 0 { s.senders.addOverflow(otherSenders, count: otherSenders.count) }
    for (id, volume) in recipientStats.enumerated() where volume.count > 0 {
      s.recipients.add(addresses.name(UInt32(id)), volume)
    }
    if otherRecipients.count > 0 { s.recipients.addOverflow(otherRecipients, count: otherRecipients.count) }
    for (id, volume) in domainReception.enumerated() where volume.count > 0 {
      s.senderDomains.add(domains.name(UInt32(id)), volume)
    }
    if otherDomainReception.count > 0 { s.senderDomains.addOverflow(otherDomainReception, count: otherDomainReception.count) }
    for (id, stats) in domainDelivery.enumerated() where stats != DomainDelivery() {
      s.domains.add(domains.name(UInt32(id)), stats)
    }
    if otherDomainDelivery != DomainDelivery() { s.domains.addOverflow(otherDomainDelivery) }
    for (id, volume) in transportStats.enumerated() where volume.count > 0 {
      s.transports.add(MessageSummary.TransportKey(agent: transportAgents[id], name: transports.name(UInt32(id))), volume)
    }
    s.delays = MessageStatsBuilder.histogram(delays, delayTotals)
    for i in 0..<4 { s.delayParts[i] = MessageStatsBuilder.histogram(parts[i], partTotals[i]) }
    s.queueTimes = MessageStatsBuilder.histogram(queueTimes, queueTotals)
    hourly.forEach { key, n in
      guard let traffic = MessageSummary.Traffic(rawValue: UInt8(key & 0x7)) else { return }
      s.hourly.add(MessageSummary.HourKey(hour: LogTimestamp(wallSeconds: (key >> 3) * 3600).hourString, traffic: traffic), n)
    }
    for (id, n) in problemCounts.enumerated() where n > 0 {
      let parts = problemTexts.name(UInt32(id)).split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
      guard parts.count == 3, let digit = parts[1].first?.wholeNumberValue,
        let severity = ProblemSeverity(rawValue: UInt8(digit))
      else { continue }
      s.problems.add(MessageSummary.ProblemKey(program: String(parts[0]), severity: severity, text: String(parts[2])), n)
    }
    var rowKeys: [MessageSummary.RejectionKey] = []
    for (row, key) in rejectionRowKeys.enumerated() {
      let code = UInt16(key.reply & 0x3FF)
      let enhanced = EnhancedStatusCode(packed: UInt32((key.reply >> 10) & 0x7F_FFFF))?.description ?? ""
      let command = SMTPCommand(rawValue: UInt8((key.reply >> 33) & 0x1F)) ?? .none
      let rejection = MessageSummary.RejectionKey(
        reason: rejectionRowReasons[row], detail: rejectionRowDetails[row], code: code, enhanced: enhanced,
        command: command, text: rejectionTexts.name(key.text))
      rowKeys.append(rejection)
      s.rejections.add(rejection, rejectionRowCounts[row])
    }
    parties.forEach { key, n in
      let rejection = rowKeys[Int(key.row)]
      guard let role = MessageSummary.PartyRole(rawValue: key.role) else { return }
      let value: String
      switch role {
      case .client:
        value = Int(key.id) < partyClients.count ? partyClients[Int(key.id)].description : "(other)"
      case .sender, .recipient:
        value = addresses.name(key.id)
      }
      s.rejectedParties.add(MessageSummary.RejectedPartyKey(reason: rejection.reason, role: role, value: value), n)
    }
    s.limits.evictedMessages = tracker.evictedCount
    s.limits.openMessages = tracker.openCount
    s.limits.overflowedCounts = overflow + addresses.overflowed + domains.overflowed + transports.overflowed
      + problemTexts.overflowed + rejectionTexts.overflowed
    return s
  }

  private static func histogram(_ table: FastDictionary<Int64, Int>, _ totals: HistogramTotals) -> ValueHistogram {
    var h = ValueHistogram()
    table.forEach { value, n in h.add(rounded: value, count: n) }
    h.setExact(sum: totals.sum, max: totals.max)
    return h
  }
}
