/// Fuzzes `Sanitizer` with arbitrary bytes, checking each output against an independent
/// decoder (`UTF8Pieces`, `StrictJSON`):
/// - terminal: the result is terminal-safe, and printable ASCII and harmless scalars pass
///   unchanged (the escaping loses nothing it need not);
/// - JSON: the literal is valid JSON and decodes to the input with each invalid byte written
///   as the text `\xNN` (never dropped);
/// - CSV: the cell is well quoted, terminal-safe and cannot start a formula;
/// - HTML: no markup character survives raw, `&` only starts the five entities used.
enum SanitizerTarget {
  static func run(_ data: ByteView) {
    let input = data.bytes
    checkTerminal(data, input)
    checkJSON(data, input)
    let text = String(decoding: input, as: UTF8.self)
    checkCSV(text)
    checkHTML(text)
  }

  static func checkTerminal(_ data: ByteView, _ input: [UInt8]) {
    var out: [UInt8] = []
    Sanitizer.appendTerminalSafe(data, to: &out)
    FuzzCheck.require(FuzzCheck.isTerminalSafe(out, allowing: []), "terminalSafe output is not terminal-safe")
    var expected: [UInt8] = []
    var escapes = 0
    UTF8Pieces.walk(input) { piece in
      switch piece {
      case .ascii(let b) where b >= 0x20 && b < 0x7F: expected.append(b)
      case .scalar(let start, let length, let value) where !UTF8Pieces.isDangerous(value):
        expected.append(contentsOf: input[start..<(start + length)])
      default: escapes += 1
      }
    }
    if escapes == 0 { FuzzCheck.require(out == input, "terminalSafe changed safe text") }
    FuzzCheck.require(out.count >= expected.count, "terminalSafe lost bytes")
  }

  static func checkJSON(_ data: ByteView, _ input: [UInt8]) {
    var out: [UInt8] = []
    Sanitizer.appendJSONString(data, to: &out)
    guard let decoded = StrictJSON.decodeString(out) else {
      FuzzCheck.fail("JSON string literal is not valid JSON: \(String(decoding: out, as: UTF8.self))")
    }
    var expected: [UInt8] = []
    UTF8Pieces.walk(input) { piece in
      switch piece {
      case .ascii(let b): expected.append(b)
      case .scalar(let start, let length, _): expected.append(contentsOf: input[start..<(start + length)])
      case .invalid(let b): expected.append(contentsOf: Array("\\x".utf8) + hex(b))
      }
    }
    FuzzCheck.require(decoded == expected, "JSON string does not decode to the input (invalid bytes as \\xNN)")
  }

  static func checkCSV(_ text: String) {
    let cell = Sanitizer.csvField(text)
    let bytes = Array(cell.utf8)
    let (content, end) = CSVCheck.readCell(bytes + [0x0A], from: 0)
    FuzzCheck.require(end == bytes.count, "CSV cell has text after its end: \(cell)")
    CSVCheck.checkCell(content, row: 0)
  }

  static func checkHTML(_ text: String) {
    let html = Array(Sanitizer.html(text).utf8)
    FuzzCheck.require(FuzzCheck.isTerminalSafe(html, allowing: []), "HTML text has control characters")
    let entities: [[UInt8]] = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].map { Array($0.utf8) }
    var i = 0
    while i < html.count {
      let b = html[i]
      FuzzCheck.require(b != 0x3C && b != 0x3E && b != 0x22 && b != 0x27, "HTML markup character survived")
      if b == 0x26 {
        guard let entity = entities.first(where: { html[i...].starts(with: $0) }) else {
          FuzzCheck.fail("HTML '&' that starts no entity")
        }
        i += entity.count
        continue
      }
      i += 1
    }
  }

  static func hex(_ b: UInt8) -> [UInt8] {
    let digits = Array("0123456789ABCDEF".utf8)
    return [digits[Int(b >> 4)], digits[Int(b & 0xF)]]
  }
}
