/// Groups options in help, ripgrep-style.
enum OptionCategory: Int, CaseIterable, Sendable {
  case input, filter, report, output, limits, grep, general

  var title: String {
    switch self {
    case .input: return "INPUT OPTIONS"
    case .filter: return "FILTER OPTIONS"
    case .report: return "REPORT OPTIONS"
    case .output: return "OUTPUT OPTIONS"
    case .limits: return "LIMITS"
    case .grep: return "GREP OPTIONS"
    case .general: return "GENERAL OPTIONS"
    }
  }
}

/// One logical option: every spelling, its help, and how it updates `CommandOptions`.
///
/// `apply` validates and records the value; it does no I/O (ripgrep's `Flag::update` rule).
/// Help text is rendered from these specs, so help can never drift from the parser.
struct OptionSpec: Sendable {
  var long: String
  var short: Character? = nil
  /// Other long spellings (pflogsumm-style underscores, old names).
  var aliases: [String] = []
  /// The value's name in help (`N`, `FILE`); nil for a flag.
  var valueName: String? = nil
  var category: OptionCategory
  /// One line, shown by `--help`.
  var abstract: String
  /// Allowed values, listed in help.
  var choices: [String] = []
  /// The value may be left out (`--color` alone); then `apply` gets nil.
  var valueIsOptional = false
  var apply: @Sendable (_ value: String?, _ options: inout CommandOptions) throws(UsageError) -> Void

  var takesValue: Bool { valueName != nil }

  /// `-c, --count` / `--top N` as shown in help.
  var label: String {
    var text = short.map { "-\($0), " } ?? "    "
    text += "--\(long)"
    if let valueName { text += valueIsOptional ? "[=\(valueName)]" : " \(valueName)" }
    return text
  }
}

/// A subcommand: its options, positionals and help texts.
struct CommandSpec: Sendable {
  var name: String
  var abstract: String
  var usage: [String]
  var discussion: String = ""
  var options: [OptionSpec]
  var examples: [(String, String)] = []
  var exitStatus: [(String, String)] = []

  func option(long name: String) -> OptionSpec? {
    options.first { $0.long == name || $0.aliases.contains(name) }
  }

  func option(short c: Character) -> OptionSpec? {
    options.first { $0.short == c }
  }
}
