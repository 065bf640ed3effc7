import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The dialogues that Postfix `debug_peer_list` lines show, per Postfix process and peer.
///
/// Kept by `PostfixParser` (its `verbose` property): entries exist only for peers in
/// `debug_peer_list`, so the tables stay small; they are swept when they grow, dropping the
/// dialogues whose sessions have ended.
struct PostfixVerboseDialogues: Sendable {
  /// smtpd: the dialogue of an smtpd session, keyed like the session (host, tag, pid).
  var servers: [SessionKey: TranscriptSession] = [:]
  /// smtp/lmtp: our deliveries, keyed by (host, tag, pid, remote address and port).
  var clients: [SessionKey: TranscriptSession] = [:]
  static let sweepThreshold = 1024

  init() {}

  /// The smtpd dialogue of the session open under `key` (a new one when that session is new).
  mutating func server(_ key: SessionKey, peer: IPAddress?, tracker: SessionTracker) -> TranscriptSession {
    let slot = tracker.find(key)
    let id = tracker.sessionID(in: slot)
    if let known = servers[key], known.id == id { return known }
    if servers.count >= PostfixVerboseDialogues.sweepThreshold {
      servers = servers.filter { entry in tracker.find(entry.key).map { tracker[$0].id == entry.value.id } ?? false }
    }
    return TranscriptSession(attachedTo: key, id: id, slot: slot, side: .server, peer: peer)
  }

  mutating func sweepClients() {
    if clients.count >= PostfixVerboseDialogues.sweepThreshold { clients = clients.filter { !$0.value.closed } }
  }
}
