import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// `--by` with the message model's fields, and `--count messages`.
///
/// On reply events, `sender`, `recipient` and `message_id` are the event's, `relay` the remote
/// of an outbound reply, `reason` the refusal's class (`RejectionReason`); `transport`, `size`,
/// `delay`, `tls`, `sasl_user` and `local_user` are known only from message lines, so a table
/// with one of them counts messages. On messages received, `client` is the client's address,
/// or `local` for a local submission (Postfix pickup, Exim `<=` without `H=`).
///
/// With `--count messages`, a row counts messages received (Postfix: once, at the queue
/// manager's first `from=<s>, size=N` line after smtpd's `client=` or pickup, which gives the
/// authenticated user; Exim: `<=`), or, when a field is about a delivery (`recipient`,
/// `recipient_domain`, `relay`, `remote`, `transport`, `delay`, `delivery`), each recipient's
/// delivery attempt (a status line, `=>`, `->`, `==`, `**`). Notifications the MTA made and
/// filter re-injections are not messages received. `size` and `delay` are grouped in decades.
extension GroupByTable {
  /// A message line, for `--count messages`.
  public mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
    guard countMessages, !output.messages.isEmpty else { return .proceed }
    output.messages.withUnsafeBufferPointer { messageLine($0[0], line, context) }
    return .proceed
  }

  private mutating func messageLine(_ event: MessageEvent, _ line: ByteView, _ context: LineContext) {
    let deliverySide = fields.contains(where: \.isDeliverySide)
    switch event.kind {
    case .received:
      guard !deliverySide, event.origin != .notification, event.related.isEmpty else { return }
      var pending = PendingReception()
      pending.user = event.user.isEmpty ? 0 : stringID(line.slice(event.user))
      pending.tls = event.tls.map { $0 ? 2 : 1 } ?? 0
      if fields.contains(.client) { pending.client = receptionClient(event, line) }
      if !event.localUser.isEmpty { pending.localUser = stringID(line.slice(event.localUser)) }
      if event.size >= 0 {
        // Exim: sender and size are on the `<=` line.
        addReception(receptionKey(event, line, context, pending, sender: event.sender, size: event.size), event.size)
      } else if let key = MessageKey(host: context.hostID, line: line, range: event.id) {
        // Postfix: the qmgr line will give sender and size.
        if pendingReceptions.count < maxRows { pendingReceptions[key] = pending }
      }
    case .queued:
      guard !deliverySide, let key = MessageKey(host: context.hostID, line: line, range: event.id),
        let pending = pendingReceptions.remove(key)
      else { return }
      addReception(receptionKey(event, line, context, pending, sender: event.sender, size: event.size), event.size)
    case .delivery:
      // A delivery line does not give the message's size: `--count bytes` counts receptions.
      guard deliverySide, !countBytes else { return }
      add(deliveryKey(event, line, context))
    case .removed, .rejected, .discarded:
      if let key = MessageKey(host: context.hostID, line: line, range: event.id) { pendingReceptions.remove(key) }
    default:
      return
    }
  }

  /// Counts a message received: once, or its bytes with `--count bytes`.
  private mutating func addReception(_ key: GroupKey, _ size: Int64) {
    if countBytes {
      if size > 0 { add(key, count: Int(size)) }
    } else {
      add(key)
    }
  }

  /// The `client` value of a received message: its address, or "local" for a local submission
  /// (Postfix pickup, Exim `<=` without `H=`), as eximstats names them.
  private mutating func receptionClient(_ e: MessageEvent, _ line: ByteView) -> UInt64 {
    if e.origin == .local { return GroupByTable.localClient }
    guard !e.client.isEmpty, let ip = IPAddress.parse(line.slice(e.client)) else { return 0 }
    return address(ip)
  }

  private mutating func receptionKey(
    _ e: MessageEvent, _ line: ByteView, _ ctx: LineContext, _ pending: PendingReception,
    sender: TextRange, size: Int64
  ) -> GroupKey {
    var key = GroupKey()
    for (i, field) in fields.enumerated() {
      switch field {
      case .sender: key[i] = sender.isEmpty ? withByteView("<>") { stringID($0) } : stringID(line.slice(sender))
      case .senderDomain: key[i] = domain(line, sender)
      case .size: key[i] = size >= 0 ? GroupByTable.decade(size) : 0
      case .tls: key[i] = pending.tls
      case .saslUser: key[i] = pending.user
      case .client: key[i] = pending.client
      case .localUser: key[i] = pending.localUser
      case .direction: key[i] = UInt64(Direction.inbound.rawValue)
      default: key[i] = contextValue(field, e, line, ctx)
      }
    }
    return key
  }

  private mutating func deliveryKey(_ e: MessageEvent, _ line: ByteView, _ ctx: LineContext) -> GroupKey {
    var key = GroupKey()
    // Exim's local deliveries name the local part first and the address after it.
    var recipient = e.recipient
    if !e.originalRecipient.isEmpty, line.slice(recipient).lastIndex(of: ASCII.at) == nil {
      recipient = e.originalRecipient
    }
    for (i, field) in fields.enumerated() {
      switch field {
      case .recipient: key[i] = stringID(line.slice(recipient))
      case .recipientDomain: key[i] = domain(line, recipient)
      case .relay: key[i] = stringID(line.slice(e.relay))
      case .remote: key[i] = stringID(line.slice(e.hostName))
      case .transport: key[i] = stringID(line.slice(e.transport))
      case .delay: key[i] = e.delay >= 0 ? GroupByTable.decade(e.delay) : 0
      case .delivery: key[i] = UInt64(e.status?.rawValue ?? 0)
      case .direction: key[i] = UInt64(Direction.outbound.rawValue)
      default: key[i] = contextValue(field, e, line, ctx)
      }
    }
    return key
  }

  /// Fields a message line shares with every line: where and when, and its id.
  private mutating func contextValue(_ field: GroupField, _ e: MessageEvent, _ line: ByteView, _ ctx: LineContext)
    -> UInt64
  {
    switch field {
    case .host: return UInt64(ctx.hostID)
    case .service: return UInt64(ctx.programID)
    case .date:
      return ctx.envelope.time.map { UInt64(bitPattern: $0.days + GroupByTable.dayBias) } ?? 0
    case .hour:
      return ctx.envelope.time.map {
        UInt64(
          bitPattern: ($0.wallSeconds >= 0 ? $0.wallSeconds / 3600 : ($0.wallSeconds - 3599) / 3600)
            + GroupByTable.dayBias)
      } ?? 0
    case .format: return UInt64(ctx.family?.rawValue ?? 0)
    case .file: return UInt64(ctx.inputIndex + 1)
    case .messageID: return stringID(line.slice(e.id))
    default: return 0
    }
  }

  /// The refusal class of a reply event (its raw value + 1), 0 for other events.
  static func reason(_ e: SMTPEvent, _ line: ByteView) -> UInt64 {
    guard e.direction == .inbound, e.kind == .reject || e.kind == .authRequired || e.kind == .warning else { return 0 }
    let text = RejectionReason.normalized(line.slice(e.text))
    let reason = text.withUnsafeBufferPointer { b in
      RejectionReason.classify(
        ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count),
        code: e.code?.rawValue ?? 0, enhanced: e.enhanced, command: e.command, kind: e.kind
      ).reason
    }
    return UInt64(reason.rawValue) + 1
  }

  /// The decade of `value` + 1 (`0..<10` is 1, `10..<100` is 2 ...).
  static func decade(_ value: Int64) -> UInt64 {
    var bucket: UInt64 = 1
    var limit: Int64 = 10
    while value >= limit, bucket < 19 {
      bucket += 1
      limit = limit &* 10
    }
    return bucket
  }

  /// `size` decades as bytes: `<10 B`, `10-99 B` ... `1-10 MB`.
  static func sizeLabel(_ raw: UInt64) -> String {
    let labels = [
      "<10 B", "10-99 B", "100-999 B", "1-10 KB", "10-100 KB", "100 KB-1 MB", "1-10 MB", "10-100 MB", "100 MB-1 GB",
    ]
    return raw >= 1 && Int(raw) <= labels.count ? labels[Int(raw) - 1] : ">=1 GB"
  }

  /// `delay` decades of milliseconds: `<10 ms` ... `10-100 s`, `>=1000 s`.
  static func delayLabel(_ raw: UInt64) -> String {
    let labels = [
      "<10 ms", "10-99 ms", "0.1-1 s", "1-10 s", "10-100 s", "100-1000 s (to 17 m)", "17 m-2.8 h", "2.8-28 h",
    ]
    return raw >= 1 && Int(raw) <= labels.count ? labels[Int(raw) - 1] : ">=28 h"
  }
}

/// What a Postfix reception waiting for its qmgr line remembers (`GroupByTable.pendingReceptions`).
struct PendingReception {
  /// The authenticated user's string id (0: none).
  var user: UInt64 = 0
  /// 2 with TLS, 1 without, 0 unknown.
  var tls: UInt64 = 0
  /// The `client` value (`receptionClient`).
  var client: UInt64 = 0
  /// The local user's string id (0: none).
  var localUser: UInt64 = 0
}

extension GroupTable {
  /// What the rows count: `events` (reply events), `sessions`, `messages` (received) or
  /// `deliveries` (`--count messages` with a delivery field).
  public var unit: String {
    if countsConnectTime { return "seconds" }
    if countsBytes { return "bytes" }
    if countsSessions { return "sessions" }
    guard countsMessages else { return "events" }
    return fields.contains(where: \.isDeliverySide) ? "deliveries" : "messages"
  }
}
