#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Facts about the terminal and environment, decided once per run.
struct Terminal: Sendable {
  var environment: [String: String]
  var stdoutIsTerminal: Bool
  var stdinIsTerminal: Bool

  static func current() -> Terminal {
    var env: [String: String] = [:]
    var p = environ
    while let entry = p.pointee {
      let text = String(cString: entry)
      if let eq = text.firstIndex(of: "=") {
        env[String(text[..<eq])] = String(text[text.index(after: eq)...])
      }
      p += 1
    }
    return Terminal(environment: env, stdoutIsTerminal: isatty(1) != 0, stdinIsTerminal: isatty(0) != 0)
  }

  /// Colour on or off: `always`/`never` win; `auto` needs a terminal, no `NO_COLOR`, and a
  /// `TERM` other than `dumb`.
  func useColor(_ choice: ColorChoice) -> Bool {
    switch choice {
    case .always: return true
    case .never: return false
    case .auto:
      if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
      if environment["TERM"] == "dumb" { return false }
      return stdoutIsTerminal
    }
  }

  /// The language for reference texts, from LC_ALL, LC_MESSAGES, LANG.
  var localeIdentifier: String? {
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let v = environment[name], !v.isEmpty { return v }
    }
    return nil
  }
}
