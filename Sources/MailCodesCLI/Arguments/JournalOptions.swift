import MailCodesKit

/// `--journal` and `--journal-unit`: read the mail units' journal through `journalctl -o json`.
///
/// On Debian 12 and later rsyslog is optional: a default install has no `/var/log/mail.log`,
/// only the journal, and Postfix runs in `postfix@-.service` (`postfix.service` only starts the
/// instances), so the default units are `postfix@*`, `postfix` and `exim4`.
enum JournalOptions {
  static let all: [OptionSpec] = [journal, unit]

  /// The units read by default (journalctl matches the glob against the units in the journal).
  static let defaultUnits = ["postfix@*", "postfix", "exim4"]

  static let journal = OptionSpec(
    long: "journal", category: .input,
    abstract: "Read the mail units' journal (postfix@*, postfix, exim4) with journalctl -o json; "
      + "--since/--until/--day are passed on.",
    apply: { _, options throws(UsageError) in options.journal = true })

  static let unit = OptionSpec(
    long: "journal-unit", valueName: "UNIT", category: .input,
    abstract: "Read this unit's journal instead of the mail units (repeatable; implies --journal).",
    apply: { value, options throws(UsageError) in
      guard let v = value, !v.isEmpty else { throw UsageError.missingValue("--journal-unit", valueName: "UNIT") }
      options.journal = true
      options.journalUnits.append(v)
    })

  /// The journal input for `options`, or nil without `--journal`. The window given to journalctl
  /// covers what the command reads (with `--compare previous`, the period before too); the
  /// filter still applies to each entry's own time.
  static func input(_ options: CommandOptions, environment: [String: String]) throws(UsageError) -> InputFile? {
    guard options.journal else { return nil }
    guard let journalctl = CommandSource.find("journalctl", path: environment["PATH"]) else {
      throw UsageError(
        "--journal needs journalctl (systemd), which is not in PATH",
        hint: "Read a file instead, or pipe journalctl -o json output in.")
    }
    var arguments = ["-o", "json", "--all", "--no-pager"]
    for unit in options.journalUnits.isEmpty ? defaultUnits : options.journalUnits {
      arguments += ["-u", unit]
    }
    var window = options.filter.window
    if options.comparePrevious, let start = window.start, let end = window.end {
      window.start = start - (end - start)
    }
    if let start = window.startOnLocalWallClock { arguments += ["--since", journalTime(start)] }
    if let end = window.endOnLocalWallClock { arguments += ["--until", journalTime(end)] }
    let name =
      "journalctl " + arguments.map { $0.contains(" ") || $0.contains("*") ? "'\($0)'" : $0 }.joined(separator: " ")
    return InputFile(command: journalctl, arguments: arguments, name: name)
  }

  /// `2026-11-28 06:00:00`: a wall-clock time as journalctl reads it (local time).
  static func journalTime(_ wallSeconds: Int64) -> String {
    let text = LogTimestamp(wallSeconds: wallSeconds).description
    return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8))
  }
}
