import MailCodesSMTP
import MailCodesSupport

/// The TLS and AUTH fields of an Exim reception (`<=`) or delivery (`=>`) line.
///
/// - `X=PROTOCOL:CIPHER:BITS` (`tls_cipher` log selector, on by default): the TLS session the
///   message came or went over. OpenSSL names the cipher (`TLS1.3:TLS_AES_256_GCM_SHA384:256`,
///   `TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256`), GnuTLS its parts
///   (`TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256`); a `*` after it marks a
///   resumed session (`tls_resumption`). Absent: the message went in clear.
/// - `A=AUTHENTICATOR[:ID[:SENDER]]` on `<=` lines (receive.c): the client logged in with
///   that authenticator (the driver's name in the configuration, often the method) as ID.
/// - `H=`: the remote host; a `<=` line without it is a local submission, a `=>` line without
///   it a local delivery, neither of which has TLS to speak of.
///
/// The fields are read up to ` S=` (`<=`) or ` C=` (`=>`): what follows is the size, the
/// message id, the subject or the remote's reply, which are free text.
public struct EximTransferFields {
  /// True for `<=`, false for `=>`.
  public var isReception: Bool
  public var hasHost: Bool
  public var tlsProtocol = TextRange.none
  public var tlsCipher = TextRange.none
  public var authenticator = TextRange.none
  public var authenticatedID = TextRange.none

  /// Reads the line whose text starts at `at` (after time stamp and pid); nil unless it is a
  /// `<=` or `=>` line.
  public static func parse(_ line: ByteView, at start: Int) -> EximTransferFields? {
    // The message id comes first, after what the envelope may have left: Exim's own time
    // stamp inside a syslog line, `[pid] ` (`+pid`).
    var p = start
    var idLength = EximMessageID.length(in: line, at: p)
    if idLength == 0 {
      p = EximParser.skippingOwnTimestamp(line, at: p)
      if line.byte(at: p) == ASCII.openBracket, let pid = line.decimal(at: p + 1, maxDigits: 10),
        line.byte(at: pid.end) == ASCII.closeBracket, line.byte(at: pid.end + 1) == ASCII.space
      {
        p = pid.end + 2
      }
      guard p != start else { return nil }
      idLength = EximMessageID.length(in: line, at: p)
    }
    guard idLength > 0 else { return nil }
    let arrow = p + idLength + 1
    let isReception: Bool
    if line.matches("<= ", at: arrow) {
      isReception = true
    } else if line.matches("=> ", at: arrow) {
      isReception = false
    } else {
      return nil
    }
    var fields = EximTransferFields(isReception: isReception, hasHost: false)
    // From `=` to `=`: a field is ` N=` (one letter after a space); the `=` inside values
    // (`DN="O=...,CN=..."`) have no space two bytes before. The walk ends at ` S=` (`<=`) or
    // ` C=` (`=>`): the size, the subject, the remote's reply that follow are free text.
    let stop: UInt8 = isReception ? 0x53 : 0x43  // S C
    // Word-at-a-time scans (`ByteScan.first`): fields are 10 to 60 bytes apart, where a call
    // to `memchr` (what `firstIndex` falls back on past 32 bytes) costs more than the scan.
    let n = line.count
    var i = arrow + 3
    while i < n {
      let equals = ByteScan.first(ASCII.equals, in: line.base, from: i, end: n)
      guard equals < n else { break }
      if line.byte(at: equals - 2) == ASCII.space {
        let name = line[equals - 1]
        if name == stop { break }
        switch name {
        case 0x48:  // H
          fields.hasHost = true
        case 0x58:  // X
          fields.readCipher(line, equals + 1)
        case 0x41:  // A
          if isReception { fields.readAuth(line, equals + 1) }
        default:
          break
        }
      }
      i = equals + 1
    }
    return fields
  }

  private mutating func readCipher(_ line: ByteView, _ start: Int) {
    var end = ByteScan.first(ASCII.space, in: line.base, from: start, end: line.count)
    if end > start, line[end - 1] == ASCII.asterisk { end -= 1 }
    let first = ByteScan.first(ASCII.colon, in: line.base, from: start, end: end)
    guard first < end else {
      tlsProtocol = line.range(start, end)
      return
    }
    tlsProtocol = line.range(start, first)
    // The bits are after the last colon; the cipher is what lies between.
    var last = end
    if let colon = line.lastIndex(of: ASCII.colon, before: end), colon > first { last = colon }
    tlsCipher = line.range(first + 1, last)
  }

  private mutating func readAuth(_ line: ByteView, _ start: Int) {
    let end = ByteScan.first(ASCII.space, in: line.base, from: start, end: line.count)
    guard let colon = line.firstIndex(of: ASCII.colon, from: start), colon < end else {
      authenticator = line.range(start, end)
      return
    }
    authenticator = line.range(start, colon)
    // `:SENDER` follows with the `smtp_mailauth` selector; an id holds no colon in practice.
    var idEnd = colon + 1
    while idEnd < end, line[idEnd] != ASCII.colon { idEnd += 1 }
    authenticatedID = line.range(colon + 1, idEnd)
  }
}
