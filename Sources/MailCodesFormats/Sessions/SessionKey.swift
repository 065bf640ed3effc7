import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Identifies an open session within one input series.
///
/// Postfix smtpd: (host, syslog tag, pid). postscreen, one process for every client: (host,
/// tag, client address and port). Exim: (host, pid) or the connection's address and port.
/// Transcripts: their own marker number in `discriminator`.
public struct SessionKey: Hashable, Sendable, FastHashable {
  public var host: UInt32
  public var program: UInt32
  public var pid: Int32
  public var port: UInt32
  public var address: IPAddress
  public var discriminator: UInt64

  public init(
    host: UInt32, program: UInt32, pid: Int32, port: UInt32 = 0,
    address: IPAddress = IPAddress(high: 0, low: 0), discriminator: UInt64 = 0
  ) {
    self.host = host
    self.program = program
    self.pid = pid
    self.port = port
    self.address = address
    self.discriminator = discriminator
  }

  /// One multiply per field and one final mix: a session lookup happens several times per line.
  @inline(__always) public var fastHash: UInt64 {
    let a = (UInt64(host) << 32 | UInt64(program)) &* 0x9E37_79B9_7F4A_7C15
    let b = (UInt64(UInt32(bitPattern: pid)) << 32 | UInt64(port)) &* 0xC2B2_AE3D_27D4_EB4F
    let c = address.high &* 0x1656_67B1_9E37_79F9 ^ address.low &* 0x27D4_EB2F_1656_67C5
    return mix64(a ^ b ^ c ^ discriminator)
  }
}
