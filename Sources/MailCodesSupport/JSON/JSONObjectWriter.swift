/// Writes one JSON object on one line, field by field, with correct escaping.
///
/// Used for rows of the summary and of tables: `{"code":550,"count":3}`.
public struct JSONObjectWriter {
  private(set) var bytes: [UInt8] = [ASCII.openBracketCurly]
  private var first = true

  public init() {}

  private mutating func key(_ name: String) {
    if !first { bytes.append(ASCII.comma) }
    first = false
    Sanitizer.appendJSONString(name, to: &bytes)
    bytes.append(ASCII.colon)
  }

  public mutating func string(_ name: String, _ value: String?) {
    key(name)
    if let value { Sanitizer.appendJSONString(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
  }

  /// A string field, or null when empty.
  public mutating func optionalString(_ name: String, _ value: String) {
    string(name, value.isEmpty ? nil : value)
  }

  public mutating func number(_ name: String, _ value: Int?) {
    key(name)
    if let value { JSONObjectWriter.appendDecimal(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
  }

  /// Appends `value` in decimal (what `String(value)` prints, without making the string: the
  /// JSON summary writes a count per row of tables of hundreds of thousands of rows).
  static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
    if value < 0 { out.append(ASCII.minus) }
    var magnitude = value.magnitude
    let start = out.count
    repeat {
      out.append(UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30)
      magnitude /= 10
    } while magnitude > 0
    out[start...].reverse()
  }

  public mutating func number(_ name: String, _ value: Int64?) {
    number(name, value.map { Int($0) })
  }

  public mutating func bool(_ name: String, _ value: Bool) {
    key(name)
    bytes.append(contentsOf: (value ? "true" : "false").utf8)
  }

  /// A field whose value is already JSON text.
  public mutating func raw(_ name: String, _ json: String) {
    key(name)
    bytes.append(contentsOf: Array(json.utf8))
  }

  /// The fields written so far as JSON text, without the brace: to repeat them in later
  /// objects with `appendFields`.
  public var fieldsWritten: [UInt8] { Array(bytes.dropFirst()) }

  /// Appends fields taken from `fieldsWritten` of another object (the same bytes as writing
  /// them again, without escaping their names and values again).
  public mutating func appendFields(_ fields: [UInt8]) {
    guard !fields.isEmpty else { return }
    if !first { bytes.append(ASCII.comma) }
    first = false
    bytes.append(contentsOf: fields)
  }

  public mutating func finish() -> String {
    bytes.append(ASCII.closeBracketCurly)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Ends the object, writes it to `output`, and starts a new, empty object in the same
  /// buffer: one writer serves every row of a large table without a string per row.
  public mutating func finish(into output: ByteOutput) {
    bytes.append(ASCII.closeBracketCurly)
    output.write(bytes)
    bytes.removeAll(keepingCapacity: true)
    bytes.append(ASCII.openBracketCurly)
    first = true
  }
}

extension ASCII {
  public static let openBracketCurly: UInt8 = 0x7B
  public static let closeBracketCurly: UInt8 = 0x7D
}

/// Lays out a JSON document as `{` + one `"key": value` per line + `}`, with arrays of rows
/// one row per line: readable, diffable, and valid JSON.
public struct JSONDocument {
  private var entries: [(String, String)] = []

  public init() {}

  public mutating func add(_ key: String, json: String) { entries.append((key, json)) }

  public mutating func add(_ key: String, rows: [String]) {
    if rows.isEmpty {
      entries.append((key, "[]"))
    } else {
      entries.append((key, "[\n    " + rows.joined(separator: ",\n    ") + "\n  ]"))
    }
  }

  public func render() -> String {
    "{\n" + entries.map { "  " + Sanitizer.jsonString($0.0) + ": " + $0.1 }.joined(separator: ",\n") + "\n}\n"
  }
}
