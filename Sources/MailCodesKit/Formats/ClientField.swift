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
  static func parse(_ line: ByteView, at start: Int, limit: Int? = nil) -> ClientField? {
    let n = limit ?? line.count
    var i = start
    while i < n, line[i] != ASCII.openBracket, line[i] != ASCII.space { i += 1 }
    guard i < n, line[i] == ASCII.openBracket else { return nil }
    let nameEnd = i
    let addressStart = i + 1
    var j = addressStart
    while j < n, line[j] != ASCII.closeBracket { j += 1 }
    guard j < n else { return nil }
    var field = ClientField(end: j + 1)
    field.name = TextRange(start: start, end: nameEnd)
    field.addressText = TextRange(start: addressStart, end: j)
    field.address = IPAddress.parse(line.slice(addressStart, j))
    if j + 1 < n, line[j + 1] == ASCII.colon, let port = line.decimal(at: j + 2, maxDigits: 5) {
      field.port = port.value
      field.end = port.end
    }
    return field
  }
}
