/// Renders `--help` from the same `CommandSpec` the parser uses, so help cannot drift.
///
/// Layout (argument-parser style): OVERVIEW, USAGE, discussion, options grouped by category
/// with a 28-column label, EXAMPLES, EXIT STATUS; wrapped to `width` (default 80).
enum HelpRenderer {
  static let labelWidth = 28

  static func render(_ spec: CommandSpec, width: Int = 80) -> String {
    var out: [String] = []
    out.append(
      contentsOf: wrap("OVERVIEW: \(spec.abstract)", width: width, indent: "").enumerated().map {
        $0.offset == 0 ? $0.element : "          " + $0.element
      })
    out.append("")
    for (i, usage) in spec.usage.enumerated() {
      out.append((i == 0 ? "USAGE: " : "       ") + usage)
    }
    if !spec.discussion.isEmpty {
      out.append("")
      for paragraph in spec.discussion.split(separator: "\n", omittingEmptySubsequences: false) {
        out.append(contentsOf: wrap(String(paragraph), width: width, indent: ""))
      }
    }
    for category in OptionCategory.allCases {
      let options = spec.options.filter { $0.category == category }
      guard !options.isEmpty else { continue }
      out.append("")
      out.append("\(category.title):")
      for option in options {
        var label = "  " + option.label
        var text = option.abstract
        if !option.choices.isEmpty, option.choices.count <= 8, option.long != "format" {
          text += " (\(option.choices.joined(separator: ", ")))"
        }
        if label.count >= labelWidth {
          out.append(label)
          label = ""
        }
        let lines = wrap(text, width: width - labelWidth, indent: "")
        for (k, line) in lines.enumerated() {
          let lead =
            k == 0 && !label.isEmpty
            ? label + String(repeating: " ", count: labelWidth - label.count)
            : String(repeating: " ", count: labelWidth)
          out.append(lead + line)
        }
      }
    }
    if !spec.examples.isEmpty {
      out.append("")
      out.append("EXAMPLES:")
      for (command, explanation) in spec.examples {
        out.append("  " + command)
        out.append(contentsOf: wrap(explanation, width: width - 6, indent: "      "))
      }
    }
    if !spec.exitStatus.isEmpty {
      out.append("")
      out.append("EXIT STATUS:")
      for (code, meaning) in spec.exitStatus {
        let lines = wrap(meaning, width: width - 6, indent: "")
        for (k, line) in lines.enumerated() { out.append((k == 0 ? "  \(code)   " : "      ") + line) }
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Word-wraps `text` to `width` columns, each line prefixed with `indent`.
  static func wrap(_ text: String, width: Int, indent: String) -> [String] {
    if text.isEmpty { return [""] }
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if current.isEmpty {
        current = String(word)
      } else if current.count + 1 + word.count + indent.count > width {
        lines.append(indent + current)
        current = String(word)
      } else {
        current += " " + word
      }
    }
    if !current.isEmpty { lines.append(indent + current) }
    return lines
  }
}
