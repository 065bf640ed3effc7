import MailCodesKit

/// A strict RFC 8259 JSON checker, for fuzz properties ("the output is valid JSON for any
/// input bytes"). Strings must be valid UTF-8 without raw control characters; escapes must be
/// the eight JSON escapes or `\uXXXX` with surrogates in pairs; numbers follow the grammar.
/// `decodeString` also returns the bytes a string literal stands for.
public struct StrictJSON {
  private let bytes: [UInt8]
  private var i = 0

  private init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// Whether `bytes` is exactly one JSON value, with optional white space around it.
  public static func isValid(_ bytes: [UInt8]) -> Bool {
    var p = StrictJSON(bytes)
    p.skipSpace()
    guard p.value(depth: 0) else { return false }
    p.skipSpace()
    return p.i == bytes.count
  }

  /// The bytes a JSON string literal (with its quotes) stands for, or nil if it is not one.
  public static func decodeString(_ bytes: [UInt8]) -> [UInt8]? {
    var p = StrictJSON(bytes)
    var out: [UInt8] = []
    guard p.string(into: &out), p.i == bytes.count else { return nil }
    return out
  }

  private var current: UInt8? { i < bytes.count ? bytes[i] : nil }

  private mutating func skipSpace() {
    while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 }
  }

  private mutating func literal(_ text: StaticString) -> Bool {
    let n = text.utf8CodeUnitCount
    guard i + n <= bytes.count else { return false }
    for k in 0..<n where bytes[i + k] != text.utf8Start[k] { return false }
    i += n
    return true
  }

  private mutating func value(depth: Int) -> Bool {
    guard depth < 64, let c = current else { return false }
    switch c {
    case 0x7B: return object(depth: depth)
    case 0x5B: return array(depth: depth)
    case 0x22:
      var ignored: [UInt8] = []
      return string(into: &ignored)
    case 0x74: return literal("true")
    case 0x66: return literal("false")
    case 0x6E: return literal("null")
    default: return number()
    }
  }

  private mutating func object(depth: Int) -> Bool {
    i += 1
    skipSpace()
    if current == 0x7D {
      i += 1
      return true
    }
    while true {
      skipSpace()
      var key: [UInt8] = []
      guard current == 0x22, string(into: &key) else { return false }
      skipSpace()
      guard current == 0x3A else { return false }
      i += 1
      skipSpace()
      guard value(depth: depth + 1) else { return false }
      skipSpace()
      if current == 0x2C {
        i += 1
        continue
      }
      if current == 0x7D {
        i += 1
        return true
      }
      return false
    }
  }

  private mutating func array(depth: Int) -> Bool {
    i += 1
    skipSpace()
    if current == 0x5D {
      i += 1
      return true
    }
    while true {
      skipSpace()
      guard value(depth: depth + 1) else { return false }
      skipSpace()
      if current == 0x2C {
        i += 1
        continue
      }
      if current == 0x5D {
        i += 1
        return true
      }
      return false
    }
  }

  private mutating func digits() -> Int {
    var n = 0
    while let c = current, c >= 0x30 && c <= 0x39 {
      i += 1
      n += 1
    }
    return n
  }

  private mutating func number() -> Bool {
    if current == 0x2D { i += 1 }
    if current == 0x30 {
      i += 1
    } else {
      guard let c = current, c >= 0x31 && c <= 0x39 else { return false }
      _ = digits()
    }
    if current == 0x2E {
      i += 1
      guard digits() > 0 else { return false }
    }
    if current == 0x65 || current == 0x45 {
      i += 1
      if current == 0x2B || current == 0x2D { i += 1 }
      guard digits() > 0 else { return false }
    }
    return true
  }

  private mutating func hex4() -> UInt32? {
    guard i + 4 <= bytes.count else { return nil }
    var v: UInt32 = 0
    for k in 0..<4 {
      let c = bytes[i + k]
      let d: UInt32
      switch c {
      case 0x30...0x39: d = UInt32(c - 0x30)
      case 0x41...0x46: d = UInt32(c - 0x41 + 10)
      case 0x61...0x66: d = UInt32(c - 0x61 + 10)
      default: return nil
      }
      v = v << 4 | d
    }
    i += 4
    return v
  }

  private static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    switch v {
    case 0..<0x80: out.append(UInt8(v))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | v >> 6))
      out.append(UInt8(0x80 | v & 0x3F))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | v >> 12))
      out.append(UInt8(0x80 | (v >> 6) & 0x3F))
      out.append(UInt8(0x80 | v & 0x3F))
    default:
      out.append(UInt8(0xF0 | v >> 18))
      out.append(UInt8(0x80 | (v >> 12) & 0x3F))
      out.append(UInt8(0x80 | (v >> 6) & 0x3F))
      out.append(UInt8(0x80 | v & 0x3F))
    }
  }

  private mutating func string(into out: inout [UInt8]) -> Bool {
    guard current == 0x22 else { return false }
    i += 1
    while let c = current {
      switch c {
      case 0x22:
        i += 1
        return true
      case 0x5C:
        i += 1
        guard let e = current else { return false }
        i += 1
        switch e {
        case 0x22, 0x5C, 0x2F: out.append(e)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
          guard let high = hex4() else { return false }
          if (0xDC00...0xDFFF).contains(high) { return false }
          if (0xD800...0xDBFF).contains(high) {
            guard literal("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return false }
            StrictJSON.appendUTF8(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), to: &out)
          } else {
            StrictJSON.appendUTF8(high, to: &out)
          }
        default: return false
        }
      case 0x00..<0x20:
        return false
      case 0x80...:
        guard let (_, length) = UTF8Pieces.scalar(bytes, at: i) else { return false }
        out.append(contentsOf: bytes[i..<(i + length)])
        i += length
      default:
        out.append(c)
        i += 1
      }
    }
    return false
  }
}
