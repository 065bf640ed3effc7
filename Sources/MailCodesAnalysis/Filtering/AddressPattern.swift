import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// An IP address or a CIDR network (`192.0.2.1`, `192.0.2.0/24`, `2001:db8::/32`).
public struct AddressPattern: Sendable, Equatable, CustomStringConvertible {
  public let network: IPAddress
  /// Prefix length over the 128-bit (IPv4-mapped) form.
  public let prefix: Int
  public let description: String

  public init?(_ text: String) {
    description = text
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count <= 2, let address = IPAddress(String(parts[0])) else { return nil }
    var length = 128
    if parts.count == 2 {
      guard let n = Int(parts[1]), n >= 0 else { return nil }
      if address.isIPv4 {
        guard n <= 32 else { return nil }
        length = 96 + n
      } else {
        guard n <= 128 else { return nil }
        length = n
      }
    }
    prefix = length
    network = AddressPattern.mask(address, length)
  }

  static func mask(_ a: IPAddress, _ length: Int) -> IPAddress {
    let highMask: UInt64 = length >= 64 ? .max : (length == 0 ? 0 : ~0 << (64 - length))
    let lowLength = max(0, length - 64)
    let lowMask: UInt64 = lowLength >= 64 ? .max : (lowLength == 0 ? 0 : ~0 << (64 - lowLength))
    return IPAddress(high: a.high & highMask, low: a.low & lowMask)
  }

  public func contains(_ address: IPAddress) -> Bool {
    AddressPattern.mask(address, prefix) == network
  }
}
