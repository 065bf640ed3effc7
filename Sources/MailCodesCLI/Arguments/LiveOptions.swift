import MailCodesKit

/// Options for live use: output flushed per line, files followed as they grow, reports
/// refreshed at an interval, and the state file that makes metrics counters.
enum LiveOptions {
  static let lineBuffered = OptionSpec(
    long: "line-buffered", category: .output,
    abstract: "Write each line out as soon as it is made, also on a pipe (always so on a terminal).",
    apply: { _, o throws(UsageError) in o.lineBuffered = true })

  static let follow = OptionSpec(
    long: "follow", short: "f", aliases: ["follow-name"], category: .input,
    abstract: "Read on as the files grow, and reopen them when rotated (as tail -F); stop with Ctrl-C or SIGTERM.",
    apply: { _, o throws(UsageError) in o.follow = true })

  static let every = OptionSpec(
    long: "every", valueName: "DURATION", category: .report,
    abstract: "With --follow: print the report (or rewrite -o FILE) at this interval: 60s, 5m, 1h.",
    apply: { value, o throws(UsageError) in
      guard let v = value, let seconds = parseDuration(v), seconds >= 1 else {
        throw UsageError.invalidValue("--every", value ?? "", expected: "a duration such as 60s, 5m or 1h")
      }
      o.everySeconds = seconds
    })

  static let state = OptionSpec(
    long: "state", valueName: "FILE", category: .report,
    abstract: "Keep each input's position and the running totals in FILE: read only new lines, write counters.",
    apply: { value, o throws(UsageError) in
      guard let v = value, !v.isEmpty else { throw UsageError.missingValue("--state", valueName: "FILE") }
      o.statePath = v
    })

  /// `90`, `90s`, `5m`, `1h`, `1d` as seconds.
  static func parseDuration(_ text: String) -> Int? {
    let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
    var digits = Substring(text.lowercased())
    var factor = 1
    if let last = digits.last, let unit = units[last] {
      factor = unit
      digits = digits.dropLast()
    }
    guard let n = Int(digits), n >= 0, n <= Int(Int32.max) / factor else { return nil }
    return n * factor
  }
}
