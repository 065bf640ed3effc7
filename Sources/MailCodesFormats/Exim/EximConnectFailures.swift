import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The smtp transport's latest per-host connect failures, for the `==`/`**` lines that follow
/// them without `H=`.
///
/// When the smtp transport cannot connect to a host (transports/smtp.c `smtp_setup_conn`),
/// it sets the address's error with `set_errno_nohost`, which leaves `host_used` unset and no
/// message. `write_logs` then writes `ID H=name [ip][:port] Connection refused` (`strerror` of
/// the errno), one line per host tried, and deliver.c's `deferral_log` writes the address's
/// `ID == rcpt R=r T=t defer (111): Connection refused` without `H=` (it writes one only for
/// a `host_used`). The per-host line is the only one that names the remote: this table keeps
/// its name, address and reason, per message id, until the address's line asks for them.
///
/// Deliveries of other messages run at the same time, so their lines may come between the
/// two; the table keeps the newest failure of each of the last `capacity` messages (a second
/// host of the same message replaces the first: the address's line gives the last host's
/// error). Fixed size: nothing is allocated after `init`. Bounds, counted when hit:
/// - a failure replaced by another message's before any address line asked for it is kept as a
///   bare message hash (as many again); an address line that comes for it later has no remote
///   and is counted in `forgotten` (a message its next host accepted never asks: nothing lost);
/// - a name longer than `maxNameLength` bytes (longer than any DNS name) is not kept, counted
///   in `namesTooLong`; the address still is.
public struct EximConnectFailures {
  /// A connect failure of one message.
  struct Failure {
    var address: IPAddress
    /// The name as the per-host line wrote it (`nameLength` bytes of the table's storage).
    var nameLength: Int
    /// A hash of the reason (`Connection refused`): the address's line gives the same one.
    var reason: UInt64
  }

  private struct Entry {
    var message: UInt64
    var failure: Failure
    var asked: Bool
  }

  static let maxNameLength = 255
  private var entries: [Entry?]
  private var names: [UInt8]
  private var next = 0
  /// Messages whose failure was replaced before an address line asked for it, newest last.
  private var replaced: [UInt64]
  private var nextReplaced = 0
  /// Address lines that came for a failure the table had replaced: their remote is lost.
  public private(set) var forgotten = 0
  /// Names not kept for their length.
  public private(set) var namesTooLong = 0

  init(capacity: Int) {
    let slots = max(1, capacity)
    entries = Array(repeating: nil, count: slots)
    replaced = Array(repeating: 0, count: slots)
    names = Array(repeating: 0, count: slots * EximConnectFailures.maxNameLength)
  }

  /// Remembers the failure of `message` to connect to `address`, named `name` (may be empty),
  /// for `reason`.
  mutating func note(message: UInt64, address: IPAddress, name: ByteView, reason: UInt64) {
    var slot = entries.firstIndex { $0?.message == message } ?? -1
    if slot < 0 {
      slot = next
      next = next + 1 == entries.count ? 0 : next + 1
      if let old = entries[slot], !old.asked {
        replaced[nextReplaced] = old.message
        nextReplaced = nextReplaced + 1 == replaced.count ? 0 : nextReplaced + 1
      }
    }
    var length = 0
    if name.count <= EximConnectFailures.maxNameLength {
      length = name.count
      let base = slot * EximConnectFailures.maxNameLength
      for i in 0..<length { names[base + i] = name[i] }
    } else {
      namesTooLong += 1
    }
    entries[slot] = Entry(
      message: message, failure: Failure(address: address, nameLength: length, reason: reason), asked: false)
  }

  /// The failure remembered for `message` with `reason`, and its name (empty when it was not
  /// kept). nil when none is remembered.
  mutating func failure(message: UInt64, reason: UInt64) -> (failure: Failure, name: ArraySlice<UInt8>)? {
    guard let slot = entries.firstIndex(where: { $0?.message == message }), let entry = entries[slot] else {
      if message != 0, let lost = replaced.firstIndex(of: message) {
        forgotten += 1
        replaced[lost] = 0
      }
      return nil
    }
    guard entry.failure.reason == reason else { return nil }
    entries[slot]?.asked = true
    let base = slot * EximConnectFailures.maxNameLength
    return (entry.failure, names[base..<base + entry.failure.nameLength])
  }

  /// Forgets every failure (a new input series).
  mutating func removeAll() {
    for i in entries.indices {
      entries[i] = nil
      replaced[i] = 0
    }
    next = 0
    nextReplaced = 0
  }

  /// A hash of a reason text, to match the two lines' reasons.
  static func reasonHash(_ text: ByteView) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for i in 0..<text.count { hash = (hash ^ UInt64(text[i])) &* 0x0000_0100_0000_01B3 }
    return hash
  }
}
