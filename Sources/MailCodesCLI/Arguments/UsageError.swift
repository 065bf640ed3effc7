/// A command line that cannot be run: one line for stderr, and a hint.
struct UsageError: Error, Sendable, Equatable {
  var message: String
  var hint: String?

  init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }

  static func unknownOption(_ name: String, suggestions: [String], command: String) -> UsageError {
    let hint =
      suggestions.isEmpty
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

  /// A value that is not one of `choices`: the choices, and the nearest one when a typo is likely
  /// (`--format jsno`: did you mean 'json'?).
  static func invalidChoice(_ name: String, _ value: String, choices: [String]) -> UsageError {
    var error = invalidValue(name, value, expected: choices.joined(separator: ", "))
    if let best = suggestions(for: value.lowercased(), among: choices).first {
      error.hint = "Did you mean '\(name) \(best)'?"
    }
    return error
  }
}
