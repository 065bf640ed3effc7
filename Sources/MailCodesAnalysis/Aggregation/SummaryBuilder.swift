import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The sink behind `mailcodes analyze`: counts events and sessions into a `Summary`.
///
/// Hot tallies use packed integer keys and raw addresses; strings are made once per distinct
/// key in `finish()`. Every table is bounded; a count that finds its table full is kept under
/// the peer, remote or hour `"(other)"` (`Summary.other`), so that every row, total and sum
/// stays exact and only the number of distinct peers becomes a lower bound. A *reply event* is an event with a code, or a refusal whose code the log
/// does not give (kinds reject, warning, auth-failure, auth-required): connects, plain
/// disconnects and lost connections without a code are sessions' business, not replies.
public struct SummaryBuilder: AnalysisSink {
  private let names: NameTable
  private var replies = FastDictionary<UInt64, Int>(capacity: 256)
  private var peers: BatchedCounts<HotPeer>
  private var sessions = FastDictionary<UInt32, Int>(capacity: 64)
  private var sessionPeers = FastDictionary<HotSessionPeer, Int>(capacity: 4096)
  private var deliveries = FastDictionary<HotDelivery, Int>(capacity: 256)
  private var hourly = FastDictionary<Int64, Int>(capacity: 1024)
  private var samples: [UInt64: String] = [:]
  private var texts = ByteInterner(capacity: 200_000)
  private var inputs: [Summary.InputRecord] = []
  private var overflow = 0
  /// TLS, SASL, postscreen and durations (`Summary.sessionStats`).
  @usableFromInline var sessionStats = SessionStatsBuilder()
  private var firstEvent: LogTimestamp?
  private var lastEvent: LogTimestamp?
  /// The message model (`MessageEvent`s of the lines, refusals).
  @usableFromInline var messages: MessageStatsBuilder
  /// The message summaries of input groups merged in (`merge`): groups are other hosts' logs,
  /// whose messages never meet this group's.
  private var mergedMessages: [MessageSummary] = []
  public let maxPeerRows: Int
  /// Rows of the delivery table (result, reply and remote host).
  public let maxDeliveryRows: Int
  /// Messages kept open (received, not yet removed) per input group; the oldest is evicted and
  /// counted beyond it.
  public let maxOpenMessages: Int
  /// Rows of the hourly histogram (an hour and a reply class each): 400,000 hold nine years of
  /// hours with every class; a log whose timestamps spread wider is hostile or broken.
  public let maxHourRows: Int
  /// The hour of the histogram's "(other)" rows (shifted like an hour, a class in the low bits).
  static let otherHour: Int64 = Int64.max >> 3
  /// `HotSessionPeer.meta` flag of the "(other)" row of an outcome.
  static let otherSessionPeer: UInt16 = 1 << 15

  struct HotPeer: FastHashable {
    var meta: UInt64
    var address: IPAddress
    var text: UInt32
    @inline(__always) var fastHash: UInt64 { mix64(meta ^ address.fastHash ^ UInt64(text) << 40) }
  }

  struct HotSessionPeer: FastHashable {
    var meta: UInt16
    var address: IPAddress
    @inline(__always) var fastHash: UInt64 { mix64(UInt64(meta) ^ address.fastHash) }
  }

  struct HotDelivery: FastHashable {
    var packed: UInt64
    var remote: UInt32
    @inline(__always) var fastHash: UInt64 { mix64(packed ^ UInt64(remote) << 48 ^ UInt64(remote)) }
  }

  public init(
    names: NameTable, maxPeerRows: Int = 500_000, maxDeliveryRows: Int = 200_000,
    maxHourRows: Int = 400_000, maxOpenMessages: Int = 200_000
  ) {
    self.names = names
    self.maxPeerRows = maxPeerRows
    self.maxDeliveryRows = maxDeliveryRows
    self.maxHourRows = maxHourRows
    self.maxOpenMessages = maxOpenMessages
    messages = MessageStatsBuilder(maxOpenMessages: maxOpenMessages)
    peers = BatchedCounts(capacity: 4096, limit: maxPeerRows)
  }

  @inline(__always) static func isReply(_ event: SMTPEvent) -> Bool { event.isReply }

  @inline(__always) static func pack(_ e: SMTPEvent) -> UInt64 {
    var v = UInt64(e.direction.rawValue)
    v |= UInt64(e.code?.rawValue ?? 0) << 2
    v |= UInt64(e.enhanced?.packed ?? 0) << 12
    v |= UInt64(e.command.rawValue) << 35
    v |= UInt64(e.kind.rawValue) << 40
    v |= (e.inferred ? 1 : 0) << 44
    v |= UInt64(e.hint.rawValue) << 45
    return v
  }

  static func unpack(_ v: UInt64) -> Summary.ReplyKey {
    Summary.ReplyKey(
      direction: Direction(rawValue: UInt8(v & 0x3)) ?? .inbound,
      code: UInt16((v >> 2) & 0x3FF),
      enhanced: EnhancedStatusCode(packed: UInt32((v >> 12) & 0x7F_FFFF))?.description ?? "",
      command: SMTPCommand(rawValue: UInt8((v >> 35) & 0x1F)) ?? .none,
      kind: EventKind(rawValue: UInt8((v >> 40) & 0xF)) ?? .other,
      inferred: (v >> 44) & 1 == 1,
      hint: Hint(rawValue: UInt8((v >> 45) & 0xF)) ?? .none)
  }

  /// Inlined into the pipeline's per-line code: the line context it ignores is then never
  /// built, and the event is read in place.
  @inline(__always)
  public mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    if let t = event.time {
      if firstEvent == nil || t < firstEvent! { firstEvent = t }
      if lastEvent == nil || lastEvent! < t { lastEvent = t }
    }
    // An outbound `connect` is an attempt that failed before any reply (Postfix's `connect to
    // H[IP]:25: Connection refused` for each MX tried): the delivery's own status line counts
    // the failure, with the last attempt's reason. A client-side transcript may not name the
    // server at all (`S:`/`C:` lines alone): its replies count all the same, under no remote.
    if event.direction == .outbound, event.kind != .connect,
      event.delivery != nil || event.kind == .remoteHangup || !event.remoteHost.isEmpty || event.client != nil
        || (event.side != nil && event.code != nil)
    {
      countDelivery(event, line)
    }
    guard SummaryBuilder.isReply(event) else { return }
    let key = SummaryBuilder.pack(event)
    let known = replies.count
    replies.add(key, 1)
    if replies.count != known, !event.text.isEmpty, samples.count < 20_000 {
      samples[key] = SummaryBuilder.sample(line.slice(event.text))
    }
    // Per peer: the reply kind with the address (or the text that was not one).
    var peer = HotPeer(meta: key, address: event.client ?? IPAddress(high: 0, low: 0), text: 0)
    if event.client == nil {
      peer.text = event.clientText.isEmpty ? 0 : texts.id(line.slice(event.clientText))
    }
    peers.add(peer)
    // A refusal the log reports (not one known only from Postfix's disconnect counters, which
    // has no text, and a code only when `CounterInference` is certain of it).
    if event.direction == .inbound, event.kind == .reject || event.kind == .authRequired,
      event.code != nil || !event.text.isEmpty,
      !SummaryBuilder.fromDisconnectCounters(event, line, context)
    {
      messages.rejection(event, line: line)
    }
    if let t = event.time {
      let hour = (t.wallSeconds >= 0 ? t.wallSeconds / 3600 : (t.wallSeconds - 3599) / 3600)
      // Bounded (`maxHourRows`): random timestamps must not grow the histogram line by line.
      let replyClass = Int64(event.code.map { $0.rawValue / 100 } ?? 0)
      if !hourly.add(hour << 3 | replyClass, 1, limit: maxHourRows) { countHourBeyondBound(replyClass, 1) }
    }
  }

  /// Whether a refusal was inferred from the counters of a Postfix `disconnect from` line.
  static func fromDisconnectCounters(_ event: SMTPEvent, _ line: ByteView, _ context: LineContext) -> Bool {
    event.inferred && event.text.isEmpty && context.family == .postfix
      && line.matches("disconnect from ", at: context.envelope.message)
  }

  /// TLS, SASL and postscreen lines count only for the clients of `--client`; the other
  /// criteria are about replies, which those lines are not (the report says so).
  public mutating func restrictLineCounts(to filter: EventFilter) {
    sessionStats.clientFilter = filter.clients
    var others = filter
    others.window = TimeExpression.Window()
    others.clients = []
    sessionStats.restrictedOnlyByWindowAndClient = !others.isEmpty
  }

  /// Replaces the session-statistics collector (tests: a smaller bound).
  mutating func replaceSessionStats(_ builder: SessionStatsBuilder) {
    sessionStats = builder
  }

  @inline(never)
  private mutating func countDelivery(_ event: SMTPEvent, _ line: ByteView) {
    var remote: UInt32 = 0
    if !event.remoteHost.isEmpty {
      remote = texts.id(line.slice(event.remoteHost))
    } else if let address = event.client {
      remote = texts.id(address.description)
    }
    var packed = UInt64(event.delivery?.rawValue ?? 0)
    packed |= UInt64(event.kind.rawValue) << 4
    packed |= UInt64(event.code?.rawValue ?? 0) << 8
    packed |= UInt64(event.enhanced?.packed ?? 0) << 18
    packed |= UInt64(event.command.rawValue) << 41
    countDelivery(HotDelivery(packed: packed, remote: remote), 1)
  }

  /// Counts a delivery row; past the bound, under the remote "(other)" of its reply.
  private mutating func countDelivery(_ key: HotDelivery, _ n: Int) {
    if !deliveries.add(key, n, limit: maxDeliveryRows) {
      deliveries.add(HotDelivery(packed: key.packed, remote: ByteInterner.overflowID), n)
      overflow += n
    }
  }

  /// Counts replies of an hour the full histogram cannot hold, under the hour "(other)".
  @inline(never)
  private mutating func countHourBeyondBound(_ replyClass: Int64, _ n: Int) {
    hourly.add(SummaryBuilder.otherHour << 3 | replyClass, n)
    overflow += n
  }

  /// Messages belong to one input group: the next group starts with an empty message table
  /// (as the group's own builder does in a parallel run).
  public mutating func beginGroup(_ index: Int) { closeGroupMessages() }

  /// Files the current group's message table under `mergedMessages` (in group order).
  private mutating func closeGroupMessages() {
    guard messages.hasCounts else { return }
    mergedMessages.append(messages.finish(hostName: names.host))
    messages = MessageStatsBuilder(maxOpenMessages: maxOpenMessages)
  }

  /// The line's message event, if any, goes to the message model; TLS, SASL and postscreen
  /// lines to the session statistics.
  @inlinable @inline(__always)
  public mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
    sessionStats.line(line, context: context, output: output)
    if !output.messages.isEmpty {
      // Read in place (an element read from the array would be copied first).
      output.messages.withUnsafeBufferPointer {
        messages.record($0[0], line: line, context: context, session: output.session)
      }
    }
    return .proceed
  }

  @inline(__always)
  public mutating func sessionEnded(_ session: SessionRecord) {
    sessionStats.sessionEnded(session)
    let packed =
      UInt32(session.family.rawValue) | UInt32(session.direction.rawValue) << 2
      | UInt32(session.outcome.rawValue) << 4 | UInt32(session.stage.rawValue) << 7
      | (session.closedWithoutQuit ? 1 : 0) << 12
    sessions.add(packed, 1)
    if session.outcome != .quit {
      let key = HotSessionPeer(
        meta: UInt16(session.outcome.rawValue) | UInt16(session.stage.rawValue) << 3
          | UInt16(session.direction.rawValue) << 8,
        address: session.client ?? IPAddress(high: 0, low: 0))
      if !sessionPeers.add(key, 1, limit: maxPeerRows) { countSessionPeerBeyondBound(key, 1) }
    }
  }

  /// Counts a session whose peer the full table cannot hold, under the peer "(other)".
  @inline(never)
  private mutating func countSessionPeerBeyondBound(_ key: HotSessionPeer, _ n: Int) {
    sessionPeers.add(
      HotSessionPeer(meta: key.meta | SummaryBuilder.otherSessionPeer, address: IPAddress(high: 0, low: 0)), n)
    overflow += n
  }

  public mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {
    peers.flush()
    var record = Summary.InputRecord(name: stats.name)
    record.lines = stats.lines
    record.bytes = stats.bytes
    record.compressed = stats.compressed
    record.compression = stats.compression?.rawValue
    record.loneCRLineEnds = stats.loneCRLineEnds
    record.recognized = stats.recognized
    record.ignored = stats.ignored
    record.unrecognized = stats.unrecognized
    record.truncatedLines = stats.truncatedLines
    record.events = stats.events
    for (family, n) in stats.familyLines { record.formats[family.description] = n }
    record.daemons = stats.daemons
    record.transcript = stats.transcript
    record.first = stats.first
    record.last = stats.last
    record.timeReversals = stats.timeReversals
    record.yearRollovers = stats.yearRollovers
    record.error = stats.error?.description
    record.warning = stats.warning?.description
    record.identity = stats.identity
    record.modificationTime = stats.modificationTime
    record.firstLineHash = stats.firstLineHash
    inputs.append(record)
  }

  /// The texts interned for peers and remotes, by id (for `merge`).
  private func text(_ id: UInt32) -> [UInt8] { texts.bytes(id) }

  /// This builder's text id for `other`'s text `id`.
  private mutating func textID(_ id: UInt32, from other: SummaryBuilder) -> UInt32 {
    guard id != 0 else { return 0 }
    if id == ByteInterner.overflowID { return id }
    return withByteView(other.text(id)) { texts.id($0) }
  }

  /// The summary of everything seen, with the run's totals.
  ///
  /// Performance: this turns every distinct client address into a string once, so it is
  /// written for tens of thousands of keys: each packed reply key is unpacked once (there are
  /// a few dozen), tallies are sized before they are filled, and addresses print without
  /// string interpolation (`IPAddress.description`).
  public func finish(totals: RunTotals) -> Summary {
    // Counts still pending when events came without the end of an input (a builder fed by
    // hand): counted into a copy.
    guard peers.isFlushed else {
      var flushed = self
      flushed.peers.flush()
      return flushed.finish(totals: totals)
    }
    // The current group's message tables are summed up on a second thread meanwhile: their
    // strings (addresses, domains, relayed paths) are a good part of the end of a run.
    let currentMessages = messages
    let hostName = names.host
    let messageSummary =
      messages.hasCounts || mergedMessages.isEmpty
      ? BackgroundValue { currentMessages.finish(hostName: hostName) } : nil
    var summary = Summary()
    summary.inputs = inputs
    var unpacked = FastDictionary<UInt64, Summary.ReplyKey>(capacity: replies.count + 16)
    summary.replies.reserveCapacity(replies.count)
    replies.forEach { key, n in
      let k = SummaryBuilder.unpack(key)
      unpacked[key] = k
      summary.replies.add(k, n)
      if let text = samples[key] { summary.samples[k] = text }
    }
    summary.peers.reserveCapacity(peers.table.count)
    // An address has a row per reply kind it got: it is printed once.
    var printed = FastDictionary<IPAddress, String>(capacity: min(peers.table.count, 1 << 16))
    // Rows are distinct (distinct packed keys give distinct summary keys), so they are
    // appended without hashing; only texts past the interner's bound ("(other)") may repeat.
    var overflowedTexts: [(Summary.PeerKey, Int)] = []
    peers.table.forEach { peer, n in
      let address: String
      if peer.address != IPAddress(high: 0, low: 0) {
        address = SummaryBuilder.text(of: peer.address, &printed)
      } else if peer.text != 0 {
        address = texts.name(peer.text)
      } else {
        address = ""
      }
      let reply: Summary.ReplyKey
      if let known = unpacked[peer.meta] {
        reply = known
      } else {
        reply = SummaryBuilder.unpack(peer.meta)
        unpacked[peer.meta] = reply
      }
      let key = Summary.PeerKey(reply: reply, peer: address)
      if peer.text == ByteInterner.overflowID {
        overflowedTexts.append((key, n))
      } else {
        summary.peers.appendDistinct(key, n)
      }
    }
    for (key, n) in overflowedTexts { summary.peers.addBeyondLimit(key, n) }
    // Every reply counted one peer row: what a reply kind lacks in its rows, the full table
    // refused, and it belongs to "(other)".
    if peers.refused > 0 {
      var perKind = FastDictionary<UInt64, Int>(capacity: replies.count + 16)
      peers.table.forEach { peer, n in perKind.add(peer.meta, n) }
      replies.forEach { key, n in
        let missing = n - (perKind[key] ?? 0)
        guard missing > 0 else { return }
        summary.peers.addBeyondLimit(
          Summary.PeerKey(reply: unpacked[key] ?? SummaryBuilder.unpack(key), peer: Summary.other), missing)
      }
    }
    sessions.forEach { packed, n in
      summary.sessions.add(
        Summary.SessionKey(
          family: LogFamily(rawValue: UInt8(packed & 0x3)) ?? .postfix,
          direction: Direction(rawValue: UInt8((packed >> 2) & 0x3)) ?? .inbound,
          outcome: Outcome(rawValue: UInt8((packed >> 4) & 0x7)) ?? .open,
          stage: SMTPCommand(rawValue: UInt8((packed >> 7) & 0x1F)) ?? .none,
          withoutQuit: (packed >> 12) & 1 == 1), n)
    }
    summary.sessionPeers.reserveCapacity(sessionPeers.count)
    sessionPeers.forEach { key, n in
      let other = key.meta & SummaryBuilder.otherSessionPeer != 0
      let peer =
        other
        ? Summary.other
        : key.address != IPAddress(high: 0, low: 0) ? SummaryBuilder.text(of: key.address, &printed) : ""
      let row = Summary.SessionPeerKey(
        outcome: Outcome(rawValue: UInt8(key.meta & 0x7)) ?? .open,
        stage: SMTPCommand(rawValue: UInt8((key.meta >> 3) & 0x1F)) ?? .none,
        direction: Direction(rawValue: UInt8((key.meta >> 8) & 0x3)) ?? .inbound,
        peer: peer)
      if other { summary.sessionPeers.addBeyondLimit(row, n) } else { summary.sessionPeers.appendDistinct(row, n) }
    }
    summary.deliveries.reserveCapacity(deliveries.count)
    deliveries.forEach { key, n in
      let p = key.packed
      summary.deliveries.addBeyondLimit(
        Summary.DeliveryKey(
          status: DeliveryStatus(rawValue: UInt8(p & 0xF))?.description ?? "",
          kind: EventKind(rawValue: UInt8((p >> 4) & 0xF)) ?? .other,
          remote: key.remote == 0 ? "" : texts.name(key.remote),
          code: UInt16((p >> 8) & 0x3FF),
          enhanced: EnhancedStatusCode(packed: UInt32((p >> 18) & 0x7F_FFFF))?.description ?? "",
          command: SMTPCommand(rawValue: UInt8((p >> 41) & 0x1F)) ?? .none), n)
    }
    hourly.forEach { key, n in
      let hour =
        key >> 3 == SummaryBuilder.otherHour ? Summary.other : LogTimestamp(wallSeconds: (key >> 3) * 3600).hourString
      summary.hourly.add(Summary.HourKey(hour: hour, replyClass: UInt8(key & 0x7)), n)
    }
    summary.limits.truncatedLines = inputs.reduce(0) { $0 + $1.truncatedLines }
    summary.limits.evictedSessions = totals.evictedSessions
    summary.limits.unterminatedSessions = totals.unterminatedSessions
    summary.limits.postscreenHandoffs = totals.postscreenHandoffs
    // Names beyond the interners' bounds (remote hosts, syslog hosts and tags) read as "(other)".
    summary.limits.overflowedCounts =
      overflow + peers.refused + texts.overflowed + names.hosts.overflowed + names.programs.overflowed
    summary.sessionStats = sessionStats.finish()
    summary.firstEvent = firstEvent
    summary.lastEvent = lastEvent
    // The groups' tables in group order, the current one last.
    var groups = mergedMessages
    if let messageSummary { groups.append(messageSummary.value()) }
    summary.messages = groups[0]
    for other in groups.dropFirst() { summary.messages.merge(other) }
    summary.errors = totals.errors.map(\.description)
    summary.skippedInputs = totals.skippedInputs
    summary.warnings = totals.warnings.map(\.description)
    return summary
  }

  /// `address` as text, printed once per address into `printed`. (A table passed in, not a
  /// nested function around a local one: a captured variable is checked for exclusive access
  /// on every call.)
  private static func text(of address: IPAddress, _ printed: inout FastDictionary<IPAddress, String>) -> String {
    if let text = printed[address] { return text }
    let text = address.description
    printed[address] = text
    return text
  }

  /// A short sample of a reply text: without the code, the enhanced code and a leading
  /// `<address>: `, at most 120 bytes, credentials redacted (a server that echoes a client's
  /// `AUTH PLAIN ...` in its reply; reports are mailed and kept).
  static func sample(_ text: ByteView) -> String {
    var i = 0
    if ReplyCode.parse(text, at: 0) != nil { i = 4 }
    if let (_, end) = EnhancedStatusCode.parse(text, at: i) { i = end + 1 }
    if text.byte(at: i) == ASCII.lessThan, let close = text.firstRange(of: ">: ", from: i) { i = close + 3 }
    let rest = text.slice(i, text.count)
    if Redactor.needsRedaction(rest, secret: .none) {
      return withByteView(Redactor.redacted(rest)) { $0.slice(0, 120).string }
    }
    return rest.slice(0, 120).string
  }
}

extension SummaryBuilder: MergeableSink {
  public func emptyCopy(names: NameTable) -> SummaryBuilder {
    var copy = SummaryBuilder(
      names: names, maxPeerRows: maxPeerRows, maxDeliveryRows: maxDeliveryRows, maxHourRows: maxHourRows,
      maxOpenMessages: maxOpenMessages)
    copy.sessionStats = sessionStats.emptyCopy()
    copy.sessionStats.clientFilter = sessionStats.clientFilter
    copy.sessionStats.restrictedOnlyByWindowAndClient = sessionStats.restrictedOnlyByWindowAndClient
    return copy
  }

  /// Adds the counts of `other` (later groups). A reply kind's sample is `other`'s only when
  /// this builder never saw that kind: the first line with it comes from the later groups.
  public mutating func merge(_ other: SummaryBuilder, names: NameTable) {
    other.replies.forEach { key, n in
      let isNew = replies[key] == nil
      replies.add(key, n)
      if isNew, let sample = other.samples[key], samples.count < 20_000 { samples[key] = sample }
    }
    let theirs = other.peers.flushed()
    theirs.table.forEach { peer, n in
      var peer = peer
      peer.text = textID(peer.text, from: other)
      peers.add(peer, count: n)
    }
    peers.addRefused(theirs.refused)
    other.sessions.forEach { sessions.add($0, $1) }
    other.sessionPeers.forEach { key, n in
      if key.meta & SummaryBuilder.otherSessionPeer != 0 {
        sessionPeers.add(key, n)
      } else if !sessionPeers.add(key, n, limit: maxPeerRows) {
        countSessionPeerBeyondBound(key, n)
      }
    }
    other.deliveries.forEach { key, n in
      var key = key
      key.remote = textID(key.remote, from: other)
      if key.remote == ByteInterner.overflowID { deliveries.add(key, n) } else { countDelivery(key, n) }
    }
    other.hourly.forEach { key, n in
      if key >> 3 == SummaryBuilder.otherHour {
        hourly.add(key, n)
      } else if !hourly.add(key, n, limit: maxHourRows) {
        countHourBeyondBound(key & 0x7, n)
      }
    }
    // Message tables stay per group and are summed in group order at the end, as in a
    // sequential run (`beginGroup`): the report is then the same byte for byte.
    closeGroupMessages()
    mergedMessages.append(contentsOf: other.mergedMessages)
    if other.messages.hasCounts { mergedMessages.append(other.messages.finish(hostName: names.host)) }
    sessionStats.merge(other.sessionStats)
    inputs.append(contentsOf: other.inputs)
    // The other group's own name tables: what they could not hold is counted here.
    overflow += other.overflow + other.texts.overflowed + names.hosts.overflowed + names.programs.overflowed
    if let t = other.firstEvent, firstEvent.map({ t < $0 }) ?? true { firstEvent = t }
    if let t = other.lastEvent, lastEvent.map({ $0 < t }) ?? true { lastEvent = t }
  }
}
