/// A command line that cannot be run: one line for stderr, and a hint.
struct UsageError: Error, Sendable, Equatable {
  var message: String
  var hint: String?

  init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  static func unknownOption(_ name: String, suggestions: [String], command: String) -> UsageError {
    let hint = suggestions.isEmpty
      ? "See 'mailcodes help \(command)'."
      : "Did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))? See 'mailcodes help \(command)'."
    return UsageError("unknown option '\(name)'", hint: hint)
  }

  static func missingValue(_ name: String, valueName: String) -> UsageError {
    UsageError("option '\(name)' needs a value (\(valueName))")
  }

  static func invalidValue(_ name: String, _ value: String, expected: String) -> UsageError {
    UsageError("invalid value '\(value)' for '\(name)': expected \(expected)")
  }
}
