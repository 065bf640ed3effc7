/// Makes log-derived bytes safe to show: on a terminal, in JSON, in CSV, in HTML.
///
/// Log text is controlled by strangers (HELO names, addresses, reply texts). Rules:
/// - Terminal (`terminalSafe`): printable ASCII and valid UTF-8 pass; control bytes (C0,
///   DEL), C1 controls and Unicode bidi overrides become `\xNN` / `\u{XXXX}`; invalid UTF-8
///   bytes become `\xNN`. No escape sequence can reach the terminal.
/// - JSON (`appendJSONString`): RFC 8259 escaping; invalid UTF-8 bytes are kept visible as the
///   four characters `\xNN` (a JSON `"\\xNN"`), never dropped; the result is always valid JSON.
/// - CSV (`csvField`): RFC 4180 quoting; cells starting with `=`, `+`, `-`, `@`, tab or CR get
///   a leading `'` so spreadsheets do not run them as formulas (OWASP CSV injection).
/// - HTML (`html`): `& < > " '` escaped, and the terminal rules for control characters.
public enum Sanitizer {
  /// Appends `bytes` to `out`, made terminal-safe.
  public static func appendTerminalSafe(_ bytes: ByteView, to out: inout [UInt8]) {
    // Most log lines are printable ASCII from end to end: copied at once (grep prints every
    // line through here, on a pipe too).
    if isPrintableASCII(bytes) {
      out.append(contentsOf: UnsafeBufferPointer(start: bytes.base, count: bytes.count))
      return
    }
    walk(bytes) { piece in
      switch piece {
      case .ascii(let b):
        if b >= 0x20 && b < 0x7F { out.append(b) } else { appendHexEscape(b, to: &out) }
      case .scalar(let start, let length, let value):
        if isDangerous(value) {
          out.append(contentsOf: Array("\\u{\(String(value, radix: 16, uppercase: true))}".utf8))
        } else {
          out.append(contentsOf: UnsafeBufferPointer(start: bytes.base + start, count: length))
        }
      case .invalid(let b):
        appendHexEscape(b, to: &out)
      }
    }
  }

  /// Whether every byte is printable ASCII (0x20-0x7E): nothing to escape.
  @inline(__always)
  static func isPrintableASCII(_ bytes: ByteView) -> Bool {
    var i = 0
    let n = bytes.count
    let p = bytes.base
    // `b - 0x20` wraps for controls; 0x7F and the high half end at or above 0x5F.
    let offset = SIMD16<UInt8>(repeating: 0x20)
    let limit = SIMD16<UInt8>(repeating: 0x5F)
    while i + 16 <= n {
      let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self) &- offset
      if ByteScan.anyLane(v .>= limit) { return false }
      i += 16
    }
    while i < n {
      if p[i] &- 0x20 >= 0x5F { return false }
      i += 1
    }
    return true
  }

  /// `bytes` made terminal-safe, as a String.
  public static func terminalSafe(_ bytes: ByteView) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    appendTerminalSafe(bytes, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `text` made terminal-safe.
  public static func terminalSafe(_ text: String) -> String {
    withByteView(text) { terminalSafe($0) }
  }

  /// Log bytes as a `String` that loses nothing: valid UTF-8 as it is (controls included: the
  /// renderers escape them), each invalid byte as the four characters `\xNN` — what JSON and
  /// the terminal show for it too, where `String(decoding:)` would put an anonymous U+FFFD.
  public static func visibleText(_ bytes: ByteView) -> String {
    var valid = true
    walk(bytes) { if case .invalid = $0 { valid = false } }
    if valid { return String(decoding: UnsafeBufferPointer(start: bytes.base, count: bytes.count), as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 16)
    walk(bytes) { piece in
      switch piece {
      case .ascii(let b): out.append(b)
      case .scalar(let start, let length, _):
        out.append(contentsOf: UnsafeBufferPointer(start: bytes.base + start, count: length))
      case .invalid(let b): appendHexEscape(b, to: &out)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends a JSON string literal (with quotes) for `bytes`.
  public static func appendJSONString(_ bytes: ByteView, to out: inout [UInt8]) {
    out.append(ASCII.quote)
    // Most texts (names, addresses, field names) are printable ASCII without a quote or a
    // backslash: those are copied as they are, which is what the walk below would append.
    var plain = true
    for i in 0..<bytes.count {
      let b = bytes.base[i]
      if b < 0x20 || b >= 0x7F || b == ASCII.quote || b == ASCII.backslash {
        plain = false
        break
      }
    }
    if plain {
      out.append(contentsOf: UnsafeBufferPointer(start: bytes.base, count: bytes.count))
      out.append(ASCII.quote)
      return
    }
    walk(bytes) { piece in
      switch piece {
      case .ascii(let b):
        switch b {
        case ASCII.quote:
          out.append(ASCII.backslash)
          out.append(ASCII.quote)
        case ASCII.backslash:
          out.append(ASCII.backslash)
          out.append(ASCII.backslash)
        case ASCII.newline:
          out.append(ASCII.backslash)
          out.append(0x6E)
        case ASCII.tab:
          out.append(ASCII.backslash)
          out.append(0x74)
        case ASCII.carriageReturn:
          out.append(ASCII.backslash)
          out.append(0x72)
        case 0x00..<0x20, 0x7F: out.append(contentsOf: Array("\\u00\(hex2(b))".utf8))
        default: out.append(b)
        }
      case .scalar(let start, let length, let value):
        if isDangerous(value) {
          out.append(contentsOf: Array("\\u\(pad(String(value, radix: 16), 4))".utf8))
        } else {
          out.append(contentsOf: UnsafeBufferPointer(start: bytes.base + start, count: length))
        }
      case .invalid(let b):
        // Kept visible as the text `\xNN` (escaped backslash in JSON).
        out.append(ASCII.backslash)
        out.append(ASCII.backslash)
        out.append(0x78)
        out.append(contentsOf: Array(hex2(b).utf8))
      }
    }
    out.append(ASCII.quote)
  }

  /// Appends a JSON string literal for `text`.
  public static func appendJSONString(_ text: String, to out: inout [UInt8]) {
    withByteView(text) { appendJSONString($0, to: &out) }
  }

  /// A JSON string literal for `text`.
  public static func jsonString(_ text: String) -> String {
    var out: [UInt8] = []
    appendJSONString(text, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// One CSV cell: terminal-safe, formula-neutralized, quoted when needed.
  ///
  /// Works on bytes, not `Character`s: a quote or a comma followed by a combining mark is one
  /// grapheme cluster, which a `Character` comparison misses (a fuzzer found a cell whose quote
  /// was not doubled that way).
  public static func csvField(_ text: String) -> String {
    var value = Array(terminalSafe(text).utf8)
    if let first = value.first,
      first == UInt8(ascii: "=") || first == UInt8(ascii: "+")
        || first == UInt8(ascii: "-") || first == UInt8(ascii: "@") || first == ASCII.tab
        || first == ASCII.carriageReturn
    {
      // A negative number is data, not a formula.
      if !(first == UInt8(ascii: "-") && Double(String(decoding: value, as: UTF8.self)) != nil) {
        value.insert(UInt8(ascii: "'"), at: 0)
      }
    }
    let needsQuotes =
      value.contains { $0 == ASCII.comma || $0 == ASCII.quote || $0 == ASCII.newline || $0 == ASCII.carriageReturn }
      || value.first == ASCII.space || value.last == ASCII.space
    guard needsQuotes else { return String(decoding: value, as: UTF8.self) }
    var quoted: [UInt8] = [ASCII.quote]
    quoted.reserveCapacity(value.count + 8)
    for b in value {
      if b == ASCII.quote { quoted.append(ASCII.quote) }
      quoted.append(b)
    }
    quoted.append(ASCII.quote)
    return String(decoding: quoted, as: UTF8.self)
  }

  /// Text for HTML element content or attribute values.
  ///
  /// On bytes, like `csvField`: `"` + a combining mark is one `Character`, and must still be
  /// escaped (else it closes an attribute value).
  public static func html(_ text: String) -> String {
    var out: [UInt8] = []
    let safe = Array(terminalSafe(text).utf8)
    out.reserveCapacity(safe.count)
    for b in safe {
      switch b {
      case UInt8(ascii: "&"): out.append(contentsOf: Array("&amp;".utf8))
      case UInt8(ascii: "<"): out.append(contentsOf: Array("&lt;".utf8))
      case UInt8(ascii: ">"): out.append(contentsOf: Array("&gt;".utf8))
      case UInt8(ascii: "\""): out.append(contentsOf: Array("&quot;".utf8))
      case UInt8(ascii: "'"): out.append(contentsOf: Array("&#39;".utf8))
      default: out.append(b)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  // MARK: - UTF-8 walking

  public enum Piece {
    case ascii(UInt8)
    case scalar(start: Int, length: Int, value: UInt32)
    case invalid(UInt8)
  }

  /// Splits bytes into ASCII bytes, valid multi-byte scalars and invalid bytes.
  public static func walk(_ bytes: ByteView, _ body: (Piece) -> Void) {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b < 0x80 {
        body(.ascii(b))
        i += 1
        continue
      }
      var length = 0
      var value: UInt32 = 0
      var minimum: UInt32 = 0
      if b & 0xE0 == 0xC0 {
        length = 2
        value = UInt32(b & 0x1F)
        minimum = 0x80
      } else if b & 0xF0 == 0xE0 {
        length = 3
        value = UInt32(b & 0x0F)
        minimum = 0x800
      } else if b & 0xF8 == 0xF0 {
        length = 4
        value = UInt32(b & 0x07)
        minimum = 0x10000
      }
      var valid = length > 0 && i + length <= n
      if valid {
        for k in 1..<length {
          let c = bytes[i + k]
          if c & 0xC0 != 0x80 {
            valid = false
            break
          }
          value = value << 6 | UInt32(c & 0x3F)
        }
      }
      if valid, value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) {
        body(.scalar(start: i, length: length, value: value))
        i += length
      } else {
        body(.invalid(b))
        i += 1
      }
    }
  }

  /// C1 controls, bidi overrides and isolates, line/paragraph separators, BOM.
  public static func isDangerous(_ value: UInt32) -> Bool {
    (0x80...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
      || value == 0x2028 || value == 0x2029 || value == 0x200E || value == 0x200F || value == 0xFEFF
  }

  public static func appendHexEscape(_ b: UInt8, to out: inout [UInt8]) {
    out.append(ASCII.backslash)
    out.append(0x78)
    out.append(contentsOf: Array(hex2(b).utf8))
  }

  public static func hex2(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 0xF)]], as: UTF8.self)
  }

  public static func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }
}
