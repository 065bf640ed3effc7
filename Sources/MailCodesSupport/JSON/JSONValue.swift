/// A parsed JSON value (for reading mailcodes' own JSON summaries back: `mailcodes merge`).
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  public subscript(_ key: String) -> JSONValue? {
    if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
    return nil
  }

  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var int: Int? {
    if case .number(let n) = self, n == n.rounded(), abs(n) < 9e15 { return Int(n) }
    return nil
  }

  public var bool: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  public var array: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  public var isNull: Bool { self == .null }
}

/// A strict JSON parser (RFC 8259): one value, whitespace around it, nothing else.
public struct JSONParser {
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "\(message) at byte \(offset)" }
  }

  private let bytes: [UInt8]
  private var i = 0
  private var depth = 0

  public static func parse(_ text: String) throws(Failure) -> JSONValue {
    var parser = JSONParser(bytes: Array(text.utf8))
    parser.skipSpace()
    let value = try parser.value()
    parser.skipSpace()
    guard parser.i == parser.bytes.count else {
      throw Failure(message: "unexpected text after the value", offset: parser.i)
    }
    return value
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private mutating func skipSpace() {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
  }

  private func fail(_ message: String) -> Failure { Failure(message: message, offset: i) }

  private mutating func literal(_ word: String, _ value: JSONValue) throws(Failure) -> JSONValue {
    let w = Array(word.utf8)
    guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw fail("invalid literal") }
    i += w.count
    return value
  }

  private mutating func value() throws(Failure) -> JSONValue {
    guard i < bytes.count else { throw fail("unexpected end") }
    switch bytes[i] {
    case 0x7B: return try object()
    case 0x5B: return try array()
    case 0x22: return .string(try string())
    case 0x74: return try literal("true", .bool(true))
    case 0x66: return try literal("false", .bool(false))
    case 0x6E: return try literal("null", .null)
    default: return try number()
    }
  }

  private mutating func object() throws(Failure) -> JSONValue {
    depth += 1
    guard depth < 256 else { throw fail("nested too deeply") }
    defer { depth -= 1 }
    i += 1
    var pairs: [(String, JSONValue)] = []
    skipSpace()
    if i < bytes.count, bytes[i] == 0x7D {
      i += 1
      return .object(pairs)
    }
    while true {
      skipSpace()
      guard i < bytes.count, bytes[i] == 0x22 else { throw fail("expected a key") }
      let key = try string()
      skipSpace()
      guard i < bytes.count, bytes[i] == 0x3A else { throw fail("expected ':'") }
      i += 1
      skipSpace()
      pairs.append((key, try value()))
      skipSpace()
      guard i < bytes.count else { throw fail("unexpected end") }
      if bytes[i] == 0x2C {
        i += 1
        continue
      }
      if bytes[i] == 0x7D {
        i += 1
        return .object(pairs)
      }
      throw fail("expected ',' or '}'")
    }
  }

  private mutating func array() throws(Failure) -> JSONValue {
    depth += 1
    guard depth < 256 else { throw fail("nested too deeply") }
    defer { depth -= 1 }
    i += 1
    var items: [JSONValue] = []
    skipSpace()
    if i < bytes.count, bytes[i] == 0x5D {
      i += 1
      return .array(items)
    }
    while true {
      skipSpace()
      items.append(try value())
      skipSpace()
      guard i < bytes.count else { throw fail("unexpected end") }
      if bytes[i] == 0x2C {
        i += 1
        continue
      }
      if bytes[i] == 0x5D {
        i += 1
        return .array(items)
      }
      throw fail("expected ',' or ']'")
    }
  }

  private mutating func hex4() throws(Failure) -> UInt32 {
    guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[i]
      let d: UInt8
      if ASCII.isDigit(c) {
        d = c - 0x30
      } else if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 {
        d = (c | 0x20) - 0x61 + 10
      } else {
        throw fail("bad \\u escape")
      }
      v = v << 4 | UInt32(d)
      i += 1
    }
    return v
  }

  private mutating func string() throws(Failure) -> String {
    i += 1
    var out: [UInt8] = []
    while true {
      guard i < bytes.count else { throw fail("unterminated string") }
      let c = bytes[i]
      i += 1
      if c == 0x22 { break }
      if c < 0x20 { throw fail("control character in a string") }
      if c != 0x5C {
        out.append(c)
        continue
      }
      guard i < bytes.count else { throw fail("unterminated escape") }
      let e = bytes[i]
      i += 1
      switch e {
      case 0x22, 0x5C, 0x2F: out.append(e)
      case 0x62: out.append(0x08)
      case 0x66: out.append(0x0C)
      case 0x6E: out.append(0x0A)
      case 0x72: out.append(0x0D)
      case 0x74: out.append(0x09)
      case 0x75:
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
          guard i + 6 <= bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { throw fail("lone surrogate") }
          i += 2
          let low = try hex4()
          guard (0xDC00...0xDFFF).contains(low) else { throw fail("bad surrogate pair") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
          throw fail("lone surrogate")
        }
        guard let u = Unicode.Scalar(scalar) else { throw fail("bad code point") }
        out.append(contentsOf: Array(String(Character(u)).utf8))
      default:
        throw fail("bad escape")
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private mutating func number() throws(Failure) -> JSONValue {
    let start = i
    if i < bytes.count, bytes[i] == 0x2D { i += 1 }
    guard i < bytes.count, ASCII.isDigit(bytes[i]) else { throw fail("invalid value") }
    while i < bytes.count,
      ASCII.isDigit(bytes[i]) || bytes[i] == 0x2E || bytes[i] == 0x65 || bytes[i] == 0x45
        || bytes[i] == 0x2B || bytes[i] == 0x2D
    {
      i += 1
    }
    guard let n = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw fail("invalid number") }
    return .number(n)
  }
}
