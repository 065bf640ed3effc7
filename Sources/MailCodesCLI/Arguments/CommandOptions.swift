import MailCodesKit

/// Colour choice, grep style.
enum ColorChoice: String, CaseIterable, Sendable {
  case auto, always, never
}

/// What the user asked for, as parsed from argv (before environment-dependent decisions).
struct CommandOptions: Sendable {
  // Input
  var inputFamily: LogFamily?
  var year: Int?
  var maxLineLength = 64 * 1024
  var maxSessions = 100_000
  var threads: Int?
  /// Messages followed at once per input series (`--max-messages`).
  var maxMessages = 200_000
  var unparsedPath: String?
  /// `--journal`: read the mail units' journal; `--journal-unit`: these units instead.
  var journal = false
  var journalUnits: [String] = []
  // Report and output
  var outputFormat: OutputFormat?
  var by: [GroupField] = []
  var countSessions = false
  /// `--count messages`.
  var countMessages = false
  /// `--count connect-time`: sessions with their connect times.
  var countConnectTime = false
  /// `--count bytes`: the bytes of messages received.
  var countBytes = false
  var top = 10
  var width: Int?
  var color: ColorChoice = .auto
  var outputPath: String?
  var language: ReferenceLanguage?
  // Filters (grep, analyze, events)
  var filter = EventFilter()
  /// `-i` and `-w`: how every `-e` pattern matches, wherever they stand on the command line.
  var textIgnoresCase = false
  var textWholeWords = false
  var since: String?
  var until: String?
  // grep
  var grep = GrepOptions()
  var fileNames: Bool?
  var colorChoice: ColorChoice?
  // Reports
  var quietIfClean = false
  var alert = false
  var minClass = 4
  var comparePrevious = false
  /// `merge --force`: merge summaries that counted the same input anyway.
  var force = false
  var day: String?
  var title: String?
  var meaningChoice: ColorChoice?
  // Live use and metrics state (LiveOptions)
  var lineBuffered = false
  var follow = false
  var everySeconds: Int?
  var statePath: String?
  /// `--raw`: grep prints log lines byte for byte, control characters included.
  var rawOutput = false
  /// `--show-secrets`: AUTH credentials are printed as the log has them, not redacted.
  var showSecrets = false
  // General
  var quiet = false
  var help = false
  var version = false
}

/// Reusable option specs.
enum CommonOptions {
  static let inputFormatNames = ["auto"] + LogFamily.allCases.map(\.description)

  /// `--format`: one of the output formats `command` writes (`OutputFormat`), or an input
  /// family (the two sets of names do not overlap).
  static func format(for command: OutputFormat.Command) -> OptionSpec {
    let outputs = OutputFormat.accepted(by: command)
    let choices = outputs.map(\.name) + inputFormatNames
    return OptionSpec(
      long: "format", valueName: "FORMAT", category: .output,
      abstract: "Output \(outputs.map(\.name).joined(separator: "|")), or input auto|postfix|exim|transcript.",
      choices: choices,
      apply: { value, options throws(UsageError) in
        let v = (value ?? "").lowercased()
        if v == "auto" {
          options.inputFamily = nil
        } else if let family = LogFamily(name: v) {
          options.inputFamily = family
        } else if let output = OutputFormat.named(v), output.isAccepted(by: command) {
          options.outputFormat = output
        } else {
          throw UsageError.invalidChoice("--format", value ?? "", choices: choices)
        }
      })
  }

  static let inputFormat = OptionSpec(
    long: "input-format", valueName: "FAMILY", category: .input,
    abstract: "Read every input as auto, postfix, exim or transcript.",
    choices: inputFormatNames,
    apply: { value, options throws(UsageError) in
      let v = (value ?? "").lowercased()
      if v == "auto" {
        options.inputFamily = nil
        return
      }
      guard let family = LogFamily(name: v) else {
        throw UsageError.invalidChoice("--input-format", value ?? "", choices: inputFormatNames)
      }
      options.inputFamily = family
    })

  static let year = OptionSpec(
    long: "year", valueName: "YYYY", category: .input,
    abstract: "Year of the first classic syslog timestamp (default: file's mtime).",
    apply: { value, options throws(UsageError) in
      guard let v = value, let y = Int(v), (1970...9999).contains(y) else {
        throw UsageError.invalidValue("--year", value ?? "", expected: "a year such as 2026")
      }
      options.year = y
    })

  static let maxLineLength = OptionSpec(
    long: "max-line-length", valueName: "BYTES", category: .limits,
    abstract: "Truncate (and count) longer lines; default 65536.",
    apply: { value, options throws(UsageError) in
      guard let v = value, let n = parseSize(v), n >= 256, n <= 1 << 30 else {
        throw UsageError.invalidValue("--max-line-length", value ?? "", expected: "a size from 256 to 1G (e.g. 64K)")
      }
      options.maxLineLength = n
    })

  static let maxSessions = OptionSpec(
    long: "max-sessions", valueName: "N", category: .limits,
    abstract: "Open sessions kept per input series; default 100000.",
    apply: { value, options throws(UsageError) in
      guard let v = value, let n = Int(v), n >= 1 else {
        throw UsageError.invalidValue("--max-sessions", value ?? "", expected: "a positive number")
      }
      options.maxSessions = n
    })

  static let threads = OptionSpec(
    long: "threads", valueName: "N", category: .limits,
    abstract: "Threads to use at most; default: one per processor (1: a single thread).",
    apply: { value, options throws(UsageError) in
      guard let v = value, let n = Int(v), (1...1024).contains(n) else {
        throw UsageError.invalidValue("--threads", value ?? "", expected: "a number from 1 to 1024")
      }
      options.threads = n
    })

  static let showSecrets = OptionSpec(
    long: "show-secrets", category: .output,
    abstract: "Print AUTH credentials as the log has them (default: replaced by <redacted>).",
    apply: { _, options throws(UsageError) in options.showSecrets = true })
  static let maxMessages = OptionSpec(
    long: "max-messages", valueName: "N", category: .limits,
    abstract: "Messages in the queue followed per input series; default 200000.",
    apply: { value, options throws(UsageError) in
      guard let v = value, let n = Int(v), n >= 1 else {
        throw UsageError.invalidValue("--max-messages", value ?? "", expected: "a positive number")
      }
      options.maxMessages = n
    })

  static let unparsed = OptionSpec(
    long: "unparsed", valueName: "FILE", category: .input,
    abstract: "Write unrecognized mail lines to FILE.",
    apply: { value, options throws(UsageError) in options.unparsedPath = value })

  static let by = OptionSpec(
    long: "by", valueName: "FIELDS", category: .report,
    abstract: "Tabulate replies by fields, e.g. code,client (see below).",
    choices: GroupField.allCases.map(\.rawValue),
    apply: { value, options throws(UsageError) in
      switch GroupField.parseList(value ?? "") {
      case .success(let fields): options.by = fields
      case .failure(let error):
        throw UsageError(
          "unknown field '\(error.name)' for '--by'",
          hint: "Fields: \(GroupField.allCases.map(\.rawValue).joined(separator: ", ")) (at most \(GroupKey.capacity))."
        )
      }
    })

  static let count = OptionSpec(
    long: "count", valueName: "WHAT", category: .report,
    abstract:
      "What --by counts: events (default), sessions, messages (deliveries with a delivery field), or connect-time (sessions with their total, average and longest connect time, as pflogsumm's), or bytes (of messages received).",
    choices: ["events", "sessions", "messages", "connect-time", "bytes"],
    apply: { value, options throws(UsageError) in
      options.countConnectTime = false
      options.countBytes = false
      switch value?.lowercased() {
      case "events", "replies": (options.countSessions, options.countMessages) = (false, false)
      case "sessions": (options.countSessions, options.countMessages) = (true, false)
      case "messages": (options.countSessions, options.countMessages) = (false, true)
      case "connect-time", "connect_time":
        (options.countSessions, options.countMessages, options.countConnectTime) = (true, false, true)
      case "bytes": (options.countSessions, options.countMessages, options.countBytes) = (false, true, true)
      default:
        throw UsageError.invalidChoice(
          "--count", value ?? "", choices: ["events", "sessions", "messages", "connect-time", "bytes"])
      }
    })

  static let top = OptionSpec(
    long: "top", valueName: "N", category: .report,
    abstract: "Show the top N clients/rows per table; default 10.",
    apply: { value, options throws(UsageError) in
      guard let v = value, let n = Int(v), n >= 1 else {
        throw UsageError.invalidValue("--top", value ?? "", expected: "a positive number")
      }
      options.top = n
    })

  static let width = OptionSpec(
    long: "width", valueName: "COLUMNS", category: .output,
    abstract: "Text width; default 80.",
    apply: { value, options throws(UsageError) in
      guard let v = value, let n = Int(v), n >= 60, n <= 1000 else {
        throw UsageError.invalidValue("--width", value ?? "", expected: "a number from 60 to 1000")
      }
      options.width = n
    })

  static let quiet = OptionSpec(
    long: "quiet-errors", category: .general,
    abstract: "Do not print input warnings on stderr (errors still set the exit status).",
    apply: { _, options throws(UsageError) in options.quiet = true })

  static let help = OptionSpec(
    long: "help", short: "h", category: .general, abstract: "Show this help.",
    apply: { _, options throws(UsageError) in options.help = true })

  /// Parses `64K`, `1M`, `1G` or a plain number of bytes.
  static func parseSize(_ text: String) -> Int? {
    var digits = text
    var factor = 1
    switch text.last?.uppercased() {
    case "K": factor = 1024
    case "M": factor = 1024 * 1024
    case "G": factor = 1024 * 1024 * 1024
    default: break
    }
    if factor > 1 { digits.removeLast() }
    guard let n = Int(digits), n >= 0 else { return nil }
    return n * factor
  }
}
