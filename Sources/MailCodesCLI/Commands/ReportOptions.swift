import MailCodesKit

/// Options of the commands that write reports (analyze, merge): where, and when to stay quiet.
enum ReportOptions {
  static let output = OptionSpec(
    long: "output", short: "o", valueName: "FILE", category: .output,
    abstract: "Write the report to FILE (replaced atomically; - is standard output).",
    apply: { value, o throws(UsageError) in
      guard let v = value, !v.isEmpty else { throw UsageError.missingValue("--output", valueName: "FILE") }
      o.outputPath = v
    })

  static let quietIfClean = OptionSpec(
    long: "quiet-if-clean", category: .report,
    abstract: "Clean run: no output (an -o FILE is removed), exit 0; else exit 1.",
    apply: { _, o throws(UsageError) in o.quietIfClean = true })

  static let alert = OptionSpec(
    long: "alert", category: .report,
    abstract: "Exit 1 when something at or above --min-class happened (for cron and monitors).",
    apply: { _, o throws(UsageError) in o.alert = true })

  static let minClass = OptionSpec(
    long: "min-class", valueName: "CLASS", category: .report,
    abstract: "What counts as a problem for --quiet-if-clean and --alert: 4xx (default) or 5xx.",
    choices: ["4xx", "5xx"],
    apply: { value, o throws(UsageError) in
      switch value?.lowercased() {
      case "4xx", "4": o.minClass = 4
      case "5xx", "5": o.minClass = 5
      default: throw UsageError.invalidChoice("--min-class", value ?? "", choices: ["4xx", "5xx"])
      }
    })

  static let compare = OptionSpec(
    long: "compare", valueName: "previous", category: .report,
    abstract: "Compare with the period of the same length just before the window.", choices: ["previous"],
    apply: { value, o throws(UsageError) in
      guard value?.lowercased() == "previous" else {
        throw UsageError.invalidChoice("--compare", value ?? "", choices: ["previous"])
      }
      o.comparePrevious = true
    })

  static let day = OptionSpec(
    long: "day", valueName: "DAY", category: .filter,
    abstract: "One whole day of log time: yesterday, today, or 2026-11-28 (the cron form).",
    apply: { value, o throws(UsageError) in o.day = value })

  static let lang = OptionSpec(
    long: "lang", valueName: "LANG", category: .output,
    abstract: "Language of the HTML report: en or zh (the other formats are in English).", choices: ["en", "zh"],
    apply: { value, options throws(UsageError) in
      guard let v = value?.lowercased(), let language = ReferenceLanguage(rawValue: String(v.prefix(2))) else {
        throw UsageError.invalidChoice("--lang", value ?? "", choices: ["en", "zh"])
      }
      options.language = language
    })

  static let title = OptionSpec(
    long: "title", valueName: "TEXT", category: .output, abstract: "Title of the HTML report.",
    apply: { value, o throws(UsageError) in o.title = value })

  /// `--lang zh` with a format other than HTML: a usage error. The text report lays out its
  /// columns by counting characters and wraps its meanings at spaces; Chinese text is twice as
  /// wide per character and has no spaces, so it would break the 80 columns. JSON, CSV and
  /// OpenMetrics are contracts, in English. Without `--lang`, the locale only picks the HTML's.
  static func languageRefusal(_ options: CommandOptions, format: OutputFormat) -> UsageError? {
    guard options.language == .zh, format != .html else { return nil }
    return UsageError(
      "--lang zh is for the HTML report; the \(format) report is in English",
      hint: "Add --format html, or see the meanings in Chinese with 'mailcodes explain CODE --lang zh'.")
  }

  /// Whether `summary` holds a problem at or above `minClass`: a reply of that class or worse
  /// (observed or inferred, sent or received), a refusal whose code the log omits, a delivery
  /// that failed without a reply code (a deferral counts as 4xx, a bounce or an expired message
  /// as 5xx), or anything the report did not see (`coverageGaps`: never clean when blind).
  static func hasProblems(_ summary: Summary, minClass: Int) -> Bool {
    if !summary.coverageGaps.isEmpty { return true }
    let replies =
      summary.replies.counts.contains { key, n in
        n > 0 && (Int(key.code) / 100 >= minClass || (key.code == 0 && key.kind != .other && key.kind != .disconnect))
      }
      || summary.deliveries.counts.contains { key, n in
        n > 0 && key.code == 0
          && (key.kind == .deferred ? 4 : key.kind == .bounced || key.kind == .expired ? 5 : 0) >= minClass
      }
    return replies
      || summary.deliveries.counts.contains { key, n in
        n > 0 && key.code == 0 && key.kind != .remoteHangup && Report.isFailure(key.status)
          && (minClass <= 4 || key.status != "deferred")
      }
  }
}

/// Where a report goes: standard output (no `-o`, or `-o -`) or `AtomicOutputFile`.
struct ReportDestination {
  let file: AtomicOutputFile?
  let output: ByteOutput

  static func open(_ path: String?, _ ctx: CLIContext) throws(UsageError) -> ReportDestination {
    guard let path, path != "-" else { return ReportDestination(file: nil, output: ctx.stdout) }
    let file = try AtomicOutputFile.create(path)
    return ReportDestination(file: file, output: file.output)
  }

  /// Finishes the report; returns an error message when the file could not be written.
  func commit() -> String? {
    output.flush()
    return file?.commit()
  }

  func abort() { file?.abort() }

  /// No report: an older one at the `-o` path is removed (`AtomicOutputFile.withdraw`).
  func withdraw() -> String? { file?.withdraw() }
}
