import MailCodesKit

/// The filter options shared by grep (and, later, analyze and events): one filter language.
enum FilterOptions {
  static let all: [OptionSpec] = [
    code, notCode, client, remote, command, kind, outcome, direction, from, to, id,
    since, until, regex, ignoreCase, wordRegexp, hint, observed,
  ]

  static let code = OptionSpec(
    long: "code", valueName: "PATTERN", category: .filter,
    abstract: "Reply code: 530, 5xx, 55x, 5.7.1, 5.7.* (repeatable: any of them).",
    apply: { value, options throws(UsageError) in
      guard let v = value, let p = CodePattern(v) else {
        if let reason = CodePattern.rejection(value ?? "") { throw UsageError("--code: \(reason)") }
        throw UsageError.invalidValue(
          "--code", value ?? "", expected: "a code or pattern such as 530, 5xx, 5.7.1, 5.7.*")
      }
      options.filter.codes.append(p)
    })

  static let notCode = OptionSpec(
    long: "not-code", valueName: "PATTERN", category: .filter, abstract: "Leave out replies with this code pattern.",
    apply: { value, options throws(UsageError) in
      guard let v = value, let p = CodePattern(v) else {
        if let reason = CodePattern.rejection(value ?? "") { throw UsageError("--not-code: \(reason)") }
        throw UsageError.invalidValue("--not-code", value ?? "", expected: "a code or pattern such as 250, 2xx")
      }
      options.filter.excludedCodes.append(p)
    })

  static let client = OptionSpec(
    long: "client", valueName: "IP|CIDR", category: .filter, abstract: "Client address or network (IPv4, IPv6).",
    apply: { value, options throws(UsageError) in
      guard let v = value, let p = AddressPattern(v) else {
        throw UsageError.invalidValue("--client", value ?? "", expected: "an IP address or CIDR such as 192.0.2.0/24")
      }
      options.filter.clients.append(p)
    })

  static let remote = OptionSpec(
    long: "remote", valueName: "HOST|IP", category: .filter,
    abstract: "Remote server of outbound replies: host name (or domain), IP or CIDR.",
    apply: { value, options throws(UsageError) in
      guard let v = value, !v.isEmpty else { throw UsageError.missingValue("--remote", valueName: "HOST|IP") }
      options.filter.remotes.append(v)
    })

  static let command = OptionSpec(
    long: "command", valueName: "CMD", category: .filter,
    abstract: "SMTP step: CONNECT, EHLO, MAIL, RCPT, DATA, END-OF-DATA, AUTH, QUIT...",
    apply: { value, options throws(UsageError) in
      guard let v = value, let c = SMTPCommand(name: v) else {
        throw UsageError.invalidValue(
          "--command", value ?? "", expected: SMTPCommand.named.map(\.description).joined(separator: ", "))
      }
      options.filter.commands.insert(c)
    })

  static let kind = OptionSpec(
    long: "kind", valueName: "KIND", category: .filter, abstract: "Event kind: reject, auth-failure, timeout...",
    choices: EventKind.allCases.map(\.description),
    apply: { value, options throws(UsageError) in
      guard let v = value, let k = EventKind(name: v) else {
        throw UsageError.invalidValue(
          "--kind", value ?? "", expected: EventKind.allCases.map(\.description).joined(separator: ", "))
      }
      options.filter.kinds.insert(k)
    })

  static let outcome = OptionSpec(
    long: "outcome", valueName: "OUTCOME", category: .filter, abstract: "How the session ended.",
    choices: Outcome.allCases.map(\.description),
    apply: { value, options throws(UsageError) in
      guard let v = value, let o = Outcome(name: v) else {
        throw UsageError.invalidValue(
          "--outcome", value ?? "", expected: Outcome.allCases.map(\.description).joined(separator: ", "))
      }
      options.filter.outcomes.insert(o)
    })

  static let direction = OptionSpec(
    long: "direction", valueName: "DIR", category: .filter,
    abstract: "inbound (our replies) or outbound (remote replies).", choices: ["inbound", "outbound"],
    apply: { value, options throws(UsageError) in
      guard let v = value, let d = Direction(name: v) else {
        throw UsageError.invalidValue("--direction", value ?? "", expected: "inbound or outbound")
      }
      options.filter.directions.insert(d)
    })

  static let from = OptionSpec(
    long: "from", valueName: "ADDR|@DOMAIN", category: .filter, abstract: "Envelope sender, or its domain.",
    apply: { value, options throws(UsageError) in
      guard let v = value, !v.isEmpty else { throw UsageError.missingValue("--from", valueName: "ADDR|@DOMAIN") }
      options.filter.senders.append(v)
    })

  static let to = OptionSpec(
    long: "to", valueName: "ADDR|@DOMAIN", category: .filter, abstract: "Envelope recipient, or its domain.",
    apply: { value, options throws(UsageError) in
      guard let v = value, !v.isEmpty else { throw UsageError.missingValue("--to", valueName: "ADDR|@DOMAIN") }
      options.filter.recipients.append(v)
    })

  static let id = OptionSpec(
    long: "id", valueName: "ID", category: .filter, abstract: "Postfix queue id or Exim message id.",
    apply: { value, options throws(UsageError) in
      guard let v = value, !v.isEmpty else { throw UsageError.missingValue("--id", valueName: "ID") }
      options.filter.ids.append(v)
    })

  static let since = OptionSpec(
    long: "since", valueName: "TIME", category: .filter,
    abstract: "From this log time: 2026-11-28, 2026-11-28T06:00, 2026-11-29T00:12:00Z, today, yesterday, -24h, "
      + "7d, this-week...",
    apply: { value, options throws(UsageError) in options.since = value })

  static let until = OptionSpec(
    long: "until", valueName: "TIME", category: .filter,
    abstract: "Up to the end of TIME (same words): 2026-11-28 includes all of that day (to 23:59:59.999999), "
      + "2026-11-28T06:00 the minute 06:00 (to 06:00:59.999999); -1h or now: up to that instant.",
    apply: { value, options throws(UsageError) in options.until = value })

  static let regex = OptionSpec(
    long: "regexp", short: "e", valueName: "REGEX", category: .filter,
    abstract: "Regular expression on the reply text (repeatable: any of them).",
    apply: { value, options throws(UsageError) in
      guard let v = value else { throw UsageError.missingValue("-e", valueName: "REGEX") }
      do {
        options.filter.textPatterns.append(
          try TextPattern(v, ignoresCase: options.textIgnoresCase, wholeWords: options.textWholeWords))
      } catch {
        throw UsageError("invalid regular expression '\(v)'")
      }
    })

  static let ignoreCase = OptionSpec(
    long: "ignore-case", short: "i", category: .filter,
    abstract: "-e patterns match letters in either case.",
    apply: { _, options throws(UsageError) in
      options.textIgnoresCase = true
      try recompileTextPatterns(&options)
    })

  static let wordRegexp = OptionSpec(
    long: "word-regexp", short: "w", category: .filter,
    abstract: "-e patterns match whole words only (5.7.1 not inside 15.7.10).",
    apply: { _, options throws(UsageError) in
      options.textWholeWords = true
      try recompileTextPatterns(&options)
    })

  /// `-i`/`-w` after an `-e`: the patterns already read take them too, as in grep.
  private static func recompileTextPatterns(_ options: inout CommandOptions) throws(UsageError) {
    var patterns: [TextPattern] = []
    for p in options.filter.textPatterns {
      do {
        patterns.append(try p.with(ignoresCase: options.textIgnoresCase, wholeWords: options.textWholeWords))
      } catch {
        throw UsageError("invalid regular expression '\(p.source)'")
      }
    }
    options.filter.textPatterns = patterns
  }

  static let hint = OptionSpec(
    long: "hint", valueName: "HINT", category: .filter,
    abstract: "Refusals whose code the log omits, by the likely cause (repeatable): "
      + Hint.allCases.filter { $0 != .none }.map(\.name).joined(separator: ", ") + "; or any.",
    apply: { value, options throws(UsageError) in
      guard let v = value, !v.isEmpty else { throw UsageError.missingValue("--hint", valueName: "HINT") }
      if v.lowercased() == "any" {
        options.filter.anyHint = true
      } else if let h = Hint(name: v) {
        options.filter.hints.insert(h)
      } else {
        throw UsageError.invalidValue(
          "--hint", v, expected: "any, " + Hint.allCases.filter { $0 != .none }.map(\.name).joined(separator: ", "))
      }
    })

  static let observed = OptionSpec(
    long: "observed", category: .filter, abstract: "Only codes the log prints (not inferred ones).",
    apply: { _, options throws(UsageError) in options.filter.observedOnly = true })

  /// Resolves `--since`/`--until` (or `--day`) into the filter's window.
  static func resolveWindow(_ options: inout CommandOptions, now: Int64) throws(UsageError) {
    if let day = options.day {
      guard options.since == nil, options.until == nil else {
        throw UsageError("--day cannot be combined with --since or --until")
      }
      guard let range = TimeExpression.range(day, now: now), range.start != range.end else {
        throw UsageError("invalid day '\(day)'", hint: "Use yesterday, today, or a date such as 2026-11-28.")
      }
      options.filter.window = range
      return
    }
    guard options.since != nil || options.until != nil else { return }
    switch TimeExpression.window(since: options.since, until: options.until, now: now) {
    case .success(let window): options.filter.window = window
    case .failure(let e):
      if case .endsBeforeStart(let since) = e.reason {
        throw UsageError(
          "--until \(e.word) ends the window before --since \(since) starts it",
          hint: "--until must come after --since (it includes the whole day, hour or minute it names).")
      }
      throw UsageError(
        "invalid time '\(e.word)'",
        hint:
          "Use 2026-11-28, 2026-11-28T06:00, 2026-11-29T00:12:00Z, today, yesterday, -24h, 7d, this-week, last-month.")
    }
  }
}
