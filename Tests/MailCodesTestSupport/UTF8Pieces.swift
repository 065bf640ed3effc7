/// An independent UTF-8 decoder for checking the sanitizer (not the sanitizer's own code).
///
/// At each position: a complete, shortest-form scalar (no surrogate, at most U+10FFFF) is one
/// piece; anything else is one invalid byte, and decoding resumes at the next byte.
public enum UTF8Pieces {
  public enum Piece {
    case ascii(UInt8)
    case scalar(start: Int, length: Int, value: UInt32)
    case invalid(UInt8)
  }

  public static func walk(_ bytes: [UInt8], _ body: (Piece) -> Void) {
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b < 0x80 {
        body(.ascii(b))
        i += 1
        continue
      }
      if let (value, length) = scalar(bytes, at: i) {
        body(.scalar(start: i, length: length, value: value))
        i += length
      } else {
        body(.invalid(b))
        i += 1
      }
    }
  }

  /// The scalar encoded at `i`, if the bytes there are a valid multi-byte sequence.
  public static func scalar(_ bytes: [UInt8], at i: Int) -> (UInt32, Int)? {
    let b = bytes[i]
    let length: Int
    let minimum: UInt32
    var value: UInt32
    switch b {
    case 0xC2...0xDF:
      length = 2
      minimum = 0x80
      value = UInt32(b & 0x1F)
    case 0xE0...0xEF:
      length = 3
      minimum = 0x800
      value = UInt32(b & 0x0F)
    case 0xF0...0xF4:
      length = 4
      minimum = 0x10000
      value = UInt32(b & 0x07)
    default: return nil
    }
    guard i + length <= bytes.count else { return nil }
    for k in 1..<length {
      let c = bytes[i + k]
      guard c & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(c & 0x3F)
    }
    guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
    return (value, length)
  }

  /// Whether a whole byte string is valid UTF-8.
  public static func isValid(_ bytes: [UInt8]) -> Bool {
    var valid = true
    walk(bytes) { if case .invalid = $0 { valid = false } }
    return valid
  }

  /// Scalars a terminal must not receive raw: C1 controls, bidi overrides and isolates,
  /// line/paragraph separators, marks and the BOM (the sanitizer's documented list).
  public static func isDangerous(_ value: UInt32) -> Bool {
    (0x80...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
      || value == 0x2028 || value == 0x2029 || value == 0x200E || value == 0x200F || value == 0xFEFF
  }
}
