import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A client or remote host as Exim logs it: `host_and_ident()` and `d_hostlog()`.
///
/// Exim builds `sender_fullhost` (host.c `host_build_sender_fullhost`) from the verified host
/// name, the HELO name and the address, and appends the port with `+incoming_port`:
/// - `[192.0.2.1]:25` (no name, no HELO), `(helo) [192.0.2.1]`, `name [192.0.2.1]`,
///   `name (helo) [192.0.2.1]:4711`, IPv6 as `[2001:db8::1]:25`;
/// - `host_and_ident()` then adds ` I=[local]:port` (`+incoming_interface`) and ` U=ident`;
/// - delivery lines (`d_hostlog`) write ` H=name [ip]`, optionally ` DS`, `:port` and `*`.
/// Logs damaged or rewritten by other tools sometimes lose the brackets (`name 192.0.2.1`):
/// a bare token that parses as an address is accepted as the address.
struct EximHostField {
  var name: TextRange = .none
  var helo: TextRange = .none
  var addressText: TextRange = .none
  var address: IPAddress?
  var port: Int = -1
  /// Index after the field (after the port, `I=`, `U=` parts).
  var end: Int

  /// Parses the field at `start` (after `H=` when the line has one), up to `limit`.
  public static func parse(_ line: ByteView, at start: Int, limit: Int? = nil) -> EximHostField? {
    let n = min(limit ?? line.count, line.count)
    var i = start
    guard i < n else { return nil }
    var field = EximHostField(end: start)
    // Verified host name: any token that is neither `(helo)` nor `[address]`.
    let p = line.base
    if line[i] != ASCII.openBracket, line[i] != ASCII.openParen {
      let tokenEnd = min(ByteScan.first(ASCII.space, in: p, from: i, end: line.count), n)
      let token = line.slice(i, tokenEnd)
      let namesNext =
        line.matches(" [", at: tokenEnd) || line.matches(" (", at: tokenEnd)
        || line.matches(" DS [", at: tokenEnd)
      if !namesNext, let bare = bareAddress(token) {
        // `192.0.2.1` or `192.0.2.1:25` without brackets.
        field.addressText = TextRange(start: i, end: i + bare.addressLength)
        field.address = bare.address
        field.port = bare.port
        field.end = tokenEnd
        field.readSuffixes(line, n)
        return field
      }
      field.name = TextRange(start: i, end: tokenEnd)
      i = tokenEnd
      // `+dnssec` marks a name that DNSSEC verified: `H=name DS [ip]`.
      if line.matches(" DS [", at: i) { i += 3 }
      guard i + 1 < n, line[i] == ASCII.space else {
        field.end = i
        return field
      }
      let next = line[i + 1]
      if next == ASCII.openParen || next == ASCII.openBracket || ASCII.isDigit(next) || ASCII.isHexDigit(next) {
        i += 1
      } else {
        field.end = i
        return field
      }
    }
    // `(helo)`: the HELO name may be junk, so it runs to the `) ` before the address.
    if i < n, line[i] == ASCII.openParen {
      guard let close = closingParen(line, from: i + 1, limit: n) else { return nil }
      field.helo = TextRange(start: i + 1, end: close)
      i = close + 1
      guard i + 1 < n, line[i] == ASCII.space else {
        field.end = i
        return field.name.isEmpty && field.helo.isEmpty ? nil : field
      }
      i += 1
    }
    if i < n, line[i] == ASCII.openBracket {
      let j = ByteScan.first(ASCII.closeBracket, or: ASCII.space, in: p, from: i + 1, end: n)
      guard j < n, line[j] == ASCII.closeBracket else { return nil }
      field.addressText = TextRange(start: i + 1, end: j)
      field.address = IPAddress.parse(line.slice(i + 1, j))
      field.end = j + 1
      if j + 1 < n, line[j + 1] == ASCII.colon, let port = line.decimal(at: j + 2, maxDigits: 5), port.end <= n {
        field.port = port.value
        field.end = port.end
      }
      field.readSuffixes(line, n)
      return field
    }
    // No bracketed address: a bare one after the HELO name, or none at all.
    let tokenEnd = i < line.count ? min(ByteScan.first(ASCII.space, in: p, from: i, end: line.count), n) : n
    if let bare = bareAddress(line.slice(i, tokenEnd)) {
      field.addressText = TextRange(start: i, end: i + bare.addressLength)
      field.address = bare.address
      field.port = bare.port
      field.end = tokenEnd
      field.readSuffixes(line, n)
      return field
    }
    field.end = max(start, i - 1)
    return field.name.isEmpty && field.helo.isEmpty ? nil : field
  }

  /// The `)` that closes a HELO name: the last `)` before ` [` (or the first `)` if none is).
  private static func closingParen(_ line: ByteView, from start: Int, limit n: Int) -> Int? {
    let p = line.base
    var i = max(0, start)
    var first: Int? = nil
    while true {
      i = ByteScan.first(ASCII.closeParen, in: p, from: i, end: n)
      guard i < n else { return first }
      if first == nil { first = i }
      if i + 2 < n, p[i + 1] == ASCII.space, p[i + 2] == ASCII.openBracket { return i }
      i += 1
    }
  }

  /// Moves `end` past ` DS`, `*` (a continued connection), ` I=[ip]:port`, ` U=ident`, ` Ci=id`
  /// after the address, in the order `host_and_ident()` writes them. Most fields are followed by
  /// another field (` F=<`, ` P=`) or by words: two bytes tell, without a call.
  @inline(__always)
  private mutating func readSuffixes(_ line: ByteView, _ n: Int) {
    let next = line.byte(at: end + 1)
    guard next == 0x49 || next == 0x55 || next == 0x43 || line.byte(at: end) == ASCII.asterisk else { return }  // I U C
    readSuffixesPresent(line, n)
  }

  private mutating func readSuffixesPresent(_ line: ByteView, _ n: Int) {
    var i = end
    if i < n, line[i] == ASCII.asterisk { i += 1 }
    if line.matches(" I=[", at: i), i + 4 <= n, let close = line.firstIndex(of: ASCII.closeBracket, from: i + 4),
      close < n
    {
      i = close + 1
      if i < n, line[i] == ASCII.colon, let port = line.decimal(at: i + 1, maxDigits: 5) { i = port.end }
    }
    if line.matches(" U=", at: i), i + 3 < n { i = EximHostField.tokenEnd(line, from: i + 3, limit: n) }
    // `+connection_id` (4.97+): the session process's id closes the field.
    if line.matches(" Ci=", at: i), i + 4 < n { i = EximHostField.tokenEnd(line, from: i + 4, limit: n) }
    end = min(i, n)
  }

  /// The end of a field value starting at `start`: the next space, or a colon that ends the
  /// field (`U=alice: 535 ...`, `Ci=4312: 535 ...`; an ident is one word).
  static func tokenEnd(_ line: ByteView, from start: Int, limit n: Int) -> Int {
    var j = start
    while j < n, line[j] != ASCII.space {
      if line[j] == ASCII.colon, j + 1 == n || line[j + 1] == ASCII.space { break }
      j += 1
    }
    return j
  }

  /// A client without an address: `U=user` (a local `-bs` session or an unknown host, as
  /// `host_and_ident()` writes it). Name, HELO and address stay empty.
  static func ident(_ line: ByteView, at start: Int) -> EximHostField? {
    guard start < line.count else { return nil }
    let end = tokenEnd(line, from: start, limit: line.count)
    return end > start ? EximHostField(end: end) : nil
  }

  /// A bracket-less `192.0.2.1`, `192.0.2.1:25` or IPv6 address.
  private static func bareAddress(_ token: ByteView) -> (address: IPAddress, port: Int, addressLength: Int)? {
    guard token.count >= 2, ASCII.isHexDigit(token[0]) || token[0] == ASCII.colon else { return nil }
    if let v4 = IPAddress.parse(token) { return (v4, -1, token.count) }
    // `a.b.c.d:port`: only for IPv4, where the colon cannot be part of the address.
    if let colon = token.lastIndex(of: ASCII.colon), token.slice(0, colon).firstIndex(of: ASCII.colon) == nil,
      let v4 = IPAddress.parseIPv4(token.slice(0, colon)), let port = token.decimal(at: colon + 1, maxDigits: 5),
      port.end == token.count
    {
      return (IPAddress(ipv4: v4), port.value, colon)
    }
    return nil
  }
}
