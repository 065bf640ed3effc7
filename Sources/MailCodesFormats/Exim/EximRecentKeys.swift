import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The last few clients (session keys) a kind of Exim line named, newest last, each with the
/// session it belonged to.
///
/// Exim writes some facts on two lines of the same process, one right after the other: the
/// end of a session and its `no MAIL in SMTP connection` line; the last unrecognized command
/// as a syntax error and the `too many unrecognized commands` drop. Lines of other processes
/// may fall between them, so the parser remembers the last `capacity` keys of each kind
/// rather than only the last one. Fixed size: noting a key forgets the oldest one; nothing is
/// allocated after `init`.
struct EximRecentKeys {
  private struct Entry {
    var key: SessionKey
    var session: SessionID
  }

  /// A key of no family (discriminator 0): it matches no Exim key.
  private static let empty = Entry(key: SessionKey(host: 0, program: 0, pid: 0, discriminator: 0), session: .none)
  private var entries: [Entry]
  private var next = 0

  init(capacity: Int) {
    entries = Array(repeating: EximRecentKeys.empty, count: max(1, capacity))
  }

  /// Remembers `key` (with the session it belonged to, if any), forgetting the oldest.
  @inline(__always)
  mutating func note(_ key: SessionKey, session: SessionID = .none) {
    entries[next] = Entry(key: key, session: session)
    next = next + 1 == entries.count ? 0 : next + 1
  }

  /// Whether `key` was noted lately; the session noted with the newest entry for it.
  func find(_ key: SessionKey) -> SessionID? {
    var i = next
    for _ in 0..<entries.count {
      i = i == 0 ? entries.count - 1 : i - 1
      // The port and address differ first between keys of one log.
      let entry = entries[i]
      if entry.key.port == key.port, entry.key.address == key.address, entry.key == key { return entry.session }
    }
    return nil
  }

  /// Forgets `key` (its two lines have been read).
  mutating func remove(_ key: SessionKey) {
    for i in 0..<entries.count where entries[i].key == key { entries[i] = EximRecentKeys.empty }
  }

  /// Forgets every key (a new input series).
  mutating func removeAll() {
    for i in 0..<entries.count { entries[i] = EximRecentKeys.empty }
  }
}
