import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A peer as logs write it: `name[192.0.2.1]`, `[192.0.2.1]:2525`, `name[ipv6:...]`.
struct ClientField {
  var name: TextRange = .none
  var addressText: TextRange = .none
  var address: IPAddress?
  var port: Int = -1
  /// Index after the field (after `]` or after the port).
  var end: Int

  /// Parses `NAME[IP]` or `[IP]` (optionally `:PORT`) starting at `start`. The name runs to the
  /// first `[`; the address to the matching `]`.
  @inline(__always)
  public static func parse(_ line: ByteView, at start: Int, limit: Int? = nil) -> ClientField? {
    let n = limit ?? line.count
    guard start < n else { return nil }
    let p = line.base
    // The name runs to the `[` (a space first means there is no field here).
    let i = ByteScan.first(ASCII.openBracket, or: ASCII.space, in: p, from: start, end: n)
    guard i < n, p[i] == ASCII.openBracket else { return nil }
    let addressStart = i + 1
    let j = ByteScan.first(ASCII.closeBracket, in: p, from: addressStart, end: n)
    guard j < n else { return nil }
    var field = ClientField(end: j + 1)
    field.name = TextRange(start: start, end: i)
    field.addressText = TextRange(start: addressStart, end: j)
    field.address = IPAddress.parse(line.slice(addressStart, j))
    if j + 1 < n, p[j + 1] == ASCII.colon, let port = line.decimal(at: j + 2, maxDigits: 5) {
      field.port = port.value
      field.end = port.end
    }
    return field
  }
}
