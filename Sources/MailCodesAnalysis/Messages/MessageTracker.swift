import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// What the message model remembers about one message until it leaves the queue.
public struct MessageState: Sendable {
  public var key: MessageKey
  /// Insertion number (tells a slot's current message from an earlier one in the eviction order).
  var serial: UInt64
  /// When it arrived (wall-clock milliseconds), -1 when its arrival is not in the log.
  public var arrival: Int64 = -1
  /// Bytes, -1 until a line says.
  public var size: Int64 = -1
  /// The sender's id in the builder's address table (0: not known yet).
  public var sender: UInt32 = 0
  public var origin: MessageOrigin = .unknown
  public var flags: MessageFlags = []
  /// The session that received it (Postfix smtpd, Exim connection), `.none` if unknown.
  public var session: SessionID = .none
  public var client: IPAddress?
  /// The recipient domain of its last deferral + 1 (0: none), while `pendingDeferral`.
  public var deferredDomain: UInt32 = 0

  init(key: MessageKey, serial: UInt64) {
    self.key = key
    self.serial = serial
  }
}

/// What already happened to a message (each counted once per message).
public struct MessageFlags: OptionSet, Sendable {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// Its arrival is in the log and was counted as received.
  public static let received = MessageFlags(rawValue: 1 << 0)
  /// Its sender and size were counted (Postfix: at the first qmgr line; Exim: at `<=`).
  public static let receptionCounted = MessageFlags(rawValue: 1 << 1)
  public static let delivered = MessageFlags(rawValue: 1 << 2)
  public static let deferred = MessageFlags(rawValue: 1 << 3)
  public static let bounced = MessageFlags(rawValue: 1 << 4)
  public static let expired = MessageFlags(rawValue: 1 << 5)
  public static let held = MessageFlags(rawValue: 1 << 6)
  /// A notification the MTA made (a Postfix bounce line named it).
  public static let notification = MessageFlags(rawValue: 1 << 7)
  /// The re-injection of a message that went through a content filter (counted once, with
  /// the original).
  public static let filterHop = MessageFlags(rawValue: 1 << 8)
  /// Its last deferral (to `deferredDomain`) was not followed by a final result for that
  /// domain: in the deferred queue until a later line says otherwise.
  public static let pendingDeferral = MessageFlags(rawValue: 1 << 9)
}

/// The messages of one input series between their first line and their `removed`
/// (`Completed`), in a bounded table.
///
/// Bound: at most `maxOpenMessages` are kept; one more evicts the oldest (counted in
/// `evictedCount`, shown in the report). A log whose `removed` lines are missing (a filter, a
/// log cut at rotation) or a queue holding mail for days then costs the bound, not more. An
/// evicted message's later lines are still counted; only what needs its earlier lines is
/// lost for it (its size for the bytes delivered, whether it was deferred before).
public struct MessageTracker: Sendable {
  public let maxOpenMessages: Int
  public private(set) var evictedCount = 0
  public private(set) var openedCount = 0
  private var index = FastDictionary<MessageKey, Int32>(capacity: 1024)
  private var slots: [MessageState] = []
  private var free: [Int32] = []
  private var order: [(slot: Int32, serial: UInt64)] = []
  private var orderHead = 0
  private var nextSerial: UInt64 = 1

  public init(maxOpenMessages: Int = 200_000) {
    self.maxOpenMessages = max(1, maxOpenMessages)
  }

  public var openCount: Int { index.count }

  /// The slot of `key`'s message, if it is in the table.
  @inline(__always) public func find(_ key: MessageKey) -> Int32? { index[key] }

  /// The slot of `key`'s message, added (as new) when it is not in the table.
  @inline(__always)
  public mutating func findOrOpen(_ key: MessageKey) -> (slot: Int32, isNew: Bool) {
    if let slot = index[key] { return (slot, false) }
    return (open(key), true)
  }

  @inline(never)
  private mutating func open(_ key: MessageKey) -> Int32 {
    if index.count >= maxOpenMessages { evictOldest() }
    let serial = nextSerial
    nextSerial += 1
    openedCount += 1
    let state = MessageState(key: key, serial: serial)
    let slot: Int32
    if let reused = free.popLast() {
      slot = reused
      slots[Int(slot)] = state
    } else {
      slot = Int32(slots.count)
      slots.append(state)
    }
    index[key] = slot
    order.append((slot, serial))
    return slot
  }

  /// Read and write access to a message in the table.
  public subscript(slot: Int32) -> MessageState {
    get { slots[Int(slot)] }
    _modify { yield &slots[Int(slot)] }
  }

  /// Calls `body` with every message in the table (the queue as the log left it).
  public func forEachOpen(_ body: (MessageState) -> Void) {
    for state in slots where state.serial != 0 { body(state) }
  }

  /// Forgets `key`'s message (it left the queue).
  public mutating func close(_ key: MessageKey) {
    guard let slot = index.remove(key) else { return }
    slots[Int(slot)].serial = 0
    free.append(slot)
    compactOrder()
  }

  private mutating func evictOldest() {
    while orderHead < order.count {
      let (slot, serial) = order[orderHead]
      orderHead += 1
      if slots[Int(slot)].serial == serial {
        index.remove(slots[Int(slot)].key)
        slots[Int(slot)].serial = 0
        free.append(slot)
        evictedCount += 1
        break
      }
    }
    compactOrder()
  }

  /// The order list holds closed messages too; it is cut down when they dominate it.
  private mutating func compactOrder() {
    if orderHead > 65_536 && orderHead * 2 > order.count {
      order.removeFirst(orderHead)
      orderHead = 0
    } else if order.count - orderHead > 2 * index.count + 65_536 {
      order = order[orderHead...].filter { slots[Int($0.slot)].serial == $0.serial }
      orderHead = 0
    }
  }
}
