import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A JSON value with ordered object keys, serialized by hand (no Foundation) so that the
/// output of `mailcodes explain --format json` is stable byte for byte.
enum ExplainJSONValue: Equatable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
  case array([ExplainJSONValue])
  case object([(String, ExplainJSONValue)])

  static func == (lhs: ExplainJSONValue, rhs: ExplainJSONValue) -> Bool {
    lhs.serialized() == rhs.serialized()
  }

  /// Pretty-printed with two-space indentation; empty arrays and objects stay on one line.
  func serialized(indent: Int = 0) -> String {
    var out = ""
    write(to: &out, indent: indent, inArray: false)
    return out
  }

  private func write(to out: inout String, indent: Int, inArray: Bool) {
    switch self {
    case .string(let text): ExplainJSONValue.appendString(text, to: &out)
    case .int(let value): out += String(value)
    case .bool(let value): out += value ? "true" : "false"
    case .null: out += "null"
    case .array(let values):
      guard !values.isEmpty else {
        out += "[]"
        return
      }
      // Arrays of scalars fit on one line; arrays of objects get one element per line.
      if values.allSatisfy(\.isScalar) {
        out += "["
        for (index, value) in values.enumerated() {
          if index > 0 { out += ", " }
          value.write(to: &out, indent: indent, inArray: true)
        }
        out += "]"
        return
      }
      out += "[\n"
      for (index, value) in values.enumerated() {
        out += String(repeating: " ", count: indent + 2)
        value.write(to: &out, indent: indent + 2, inArray: true)
        out += index < values.count - 1 ? ",\n" : "\n"
      }
      out += String(repeating: " ", count: indent) + "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      // Small records of scalars in a list ({"vendor": ..., "text": ...}) read best on one line.
      if inArray, members.count <= 2, members.allSatisfy({ $0.1.isScalar }) {
        out += "{"
        for (index, (key, value)) in members.enumerated() {
          if index > 0 { out += ", " }
          ExplainJSONValue.appendString(key, to: &out)
          out += ": "
          value.write(to: &out, indent: indent, inArray: false)
        }
        out += "}"
        return
      }
      out += "{\n"
      for (index, (key, value)) in members.enumerated() {
        out += String(repeating: " ", count: indent + 2)
        ExplainJSONValue.appendString(key, to: &out)
        out += ": "
        value.write(to: &out, indent: indent + 2, inArray: false)
        out += index < members.count - 1 ? ",\n" : "\n"
      }
      out += String(repeating: " ", count: indent) + "}"
    }
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  /// Appends `text` as a JSON string, escaped as every JSON output of mailcodes is
  /// (`Sanitizer.jsonString`: RFC 8259 §7, and the characters that could fool a reader escaped
  /// too); everything else, Chinese included, is written as UTF-8.
  static func appendString(_ text: String, to out: inout String) {
    out += Sanitizer.jsonString(text)
  }
}
