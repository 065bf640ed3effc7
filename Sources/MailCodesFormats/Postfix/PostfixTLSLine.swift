import MailCodesSMTP
import MailCodesSupport

/// A Postfix TLS summary line (`tls_log_summary` in tls_misc.c, logged by smtpd, smtp, lmtp
/// and tlsproxy at `smtp[d]_tls_loglevel` 1 and up):
///
/// `LEVEL TLS connection established|reused from|to NAMADDR[ to SNI]: PROTOCOL with cipher
/// CIPHER (USE/ALG bits)[ key-exchange ...][ server-signature ...]...`
///
/// LEVEL is `Anonymous` (no peer certificate), `Untrusted`, `Trusted` or `Verified`; Postfix
/// before 2.5 printed no level (`TLS connection established from ...`). `from` is the server
/// side (a client connected to us), `to` the client side (we connected). `reused` is a client
/// session taken from the connection cache. Older versions print the same fields up to the
/// bits; the key-exchange and signature details (3.4 and later with TLS 1.3) are not read.
public struct PostfixTLSLine {
  /// The trust level word as logged (empty: a version that printed none).
  public var level: TextRange
  public var reused: Bool
  /// Inbound for `from` (we are the server), outbound for `to`.
  public var direction: Direction
  /// `TLSv1.3`, `TLSv1.2`...
  public var protocolName: TextRange
  /// The OpenSSL cipher name: `TLS_AES_256_GCM_SHA384`, `ECDHE-RSA-AES256-GCM-SHA384`.
  public var cipher: TextRange

  /// Reads the message that starts at `at`; nil when it is not a TLS summary.
  public static func parse(_ line: ByteView, at start: Int) -> PostfixTLSLine? {
    var i = start
    var level = TextRange.none
    switch line.byte(at: i) {
    case 0x41:  // A
      guard line.matches("Anonymous ", at: i) else { return nil }
      level = line.range(i, i + 9)
      i += 10
    case 0x56:  // V
      guard line.matches("Verified ", at: i) else { return nil }
      level = line.range(i, i + 8)
      i += 9
    case 0x55:  // U
      guard line.matches("Untrusted ", at: i) else { return nil }
      level = line.range(i, i + 9)
      i += 10
    case 0x54:  // T
      if line.matches("Trusted ", at: i) {
        level = line.range(i, i + 7)
        i += 8
      }
    default:
      return nil
    }
    guard line.matches("TLS connection ", at: i) else { return nil }
    i += 15
    var reused = false
    if line.matches("established ", at: i) {
      i += 12
    } else if line.matches("reused ", at: i) {
      reused = true
      i += 7
    } else {
      return nil
    }
    let direction: Direction
    if line.matches("from ", at: i) {
      direction = .inbound
      i += 5
    } else if line.matches("to ", at: i) {
      direction = .outbound
      i += 3
    } else {
      return nil
    }
    // The peer (`host[addr]`, `host[addr]:port`, then ` to SNI` on the server side) holds no
    // `: `; the protocol follows the first one.
    guard let colon = line.firstRange(of: ": ", from: i) else { return nil }
    let protocolStart = colon + 2
    guard let with = line.firstRange(of: " with cipher ", from: protocolStart), with > protocolStart else { return nil }
    let cipherStart = with + 13
    var cipherEnd = cipherStart
    while cipherEnd < line.count, line[cipherEnd] != ASCII.space { cipherEnd += 1 }
    guard cipherEnd > cipherStart else { return nil }
    return PostfixTLSLine(
      level: level, reused: reused, direction: direction, protocolName: line.range(protocolStart, with),
      cipher: line.range(cipherStart, cipherEnd))
  }
}
