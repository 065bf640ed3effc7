import MailCodesSupport

/// How an SMTP session ended (see Docs/Architecture.md, "Sessions and outcomes").
///
/// Exactly one outcome per session. A closing 221 or 421 that the server sent before any QUIT
/// is never `quit`: it is `idleTimeout` (unasked, the client was idle, or the text says it
/// timed out) or `rejected` (the server hung up in answer to a command).
public enum Outcome: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
  /// The client sent QUIT (and the server answered it).
  case quit = 1
  /// The server closed the session for inactivity.
  case idleTimeout
  /// The client went away without QUIT.
  case lostConnection
  /// The server ended the session in answer to something the client did.
  case rejected
  /// The session was still open when the input ended (or was evicted from the bounded table).
  case open

  public var description: String {
    switch self {
    case .quit: return "quit"
    case .idleTimeout: return "idle-timeout"
    case .lostConnection: return "lost-connection"
    case .rejected: return "rejected"
    case .open: return "open"
    }
  }

  public init?(name: String) {
    guard let o = Outcome.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
    self = o
  }

  public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.rawValue < rhs.rawValue }
}
