import MailCodesSupport

/// Which end of the connection wrote a transcript.
///
/// A client-side transcript (swaks, smtplib, a telnet paste, Exim or Postfix delivering mail)
/// shows the replies of a remote server: its events are `outbound`. A server-side transcript
/// (Exchange Receive, Exim debug as a server, Postfix smtpd `debug_peer_list` lines) shows the
/// replies this server sent: its events are `inbound`.
public enum TranscriptSide: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case client = 1
  case server = 2

  /// `client` or `server`, as `events` writes it in `side`.
  public var description: String { self == .client ? "client" : "server" }

  /// The direction of the replies such a transcript shows.
  @inline(__always) public var direction: Direction { self == .client ? .outbound : .inbound }
}
