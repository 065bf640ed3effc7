import MailCodesSupport

/// Which side sent the reply.
///
/// `inbound`: our server answered a client (Postfix smtpd, Exim as a server, the server side
/// of a transcript). `outbound`: a remote server answered our delivery or our client (Postfix
/// smtp/lmtp, Exim transports, the client side of a transcript such as swaks or smtplib).
public enum Direction: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case inbound = 1
  case outbound = 2

  public var description: String { self == .inbound ? "inbound" : "outbound" }

  public init?(name: String) {
    switch name.lowercased() {
    case "inbound", "in": self = .inbound
    case "outbound", "out": self = .outbound
    default: return nil
    }
  }
}
