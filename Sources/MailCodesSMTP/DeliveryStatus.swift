import MailCodesSupport

/// What an MTA decided for one recipient of an outbound delivery.
public enum DeliveryStatus: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case sent = 1
  case deferred
  case bounced
  case expired

  public var description: String {
    switch self {
    case .sent: return "sent"
    case .deferred: return "deferred"
    case .bounced: return "bounced"
    case .expired: return "expired"
    }
  }
}
