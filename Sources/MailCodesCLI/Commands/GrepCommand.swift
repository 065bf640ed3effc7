import MailCodesKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// `mailcodes grep`: grep for mail logs, by reply code, client and session.
enum GrepCommand {
  static let spec = CommandSpec(
    name: "grep",
    abstract: "Print the log lines (or whole sessions) with a given reply code, client, outcome...",
    usage: ["mailcodes grep [OPTIONS] [CODE] [FILE ...]"],
    discussion: """
      A first argument that looks like a code or a code pattern (530, 5xx, 55x, 5.7.1, 5.7.*) is the code \
      filter. Filters of one kind are alternatives (OR); different kinds must all hold (AND). Inferred codes \
      match too (a SASL failure line matches 535); --observed keeps only codes the log prints. With -s, \
      whole sessions are printed (Postfix smtpd sessions with the queue ids that follow them, postscreen \
      and Exim connections, transcript sessions), separated by '--'.
      """,
    options: FilterOptions.all + [
      OptionSpec(
        long: "session", short: "s", category: .grep, abstract: "Print whole matching sessions.",
        apply: { _, o throws(UsageError) in o.grep.sessions = true }),
      OptionSpec(
        long: "count", short: "c", category: .grep, abstract: "Print the number of matching lines (sessions with -s).",
        apply: { _, o throws(UsageError) in o.grep.output = .count }),
      OptionSpec(
        long: "files-with-matches", short: "l", category: .grep, abstract: "Print the names of files with a match.",
        apply: { _, o throws(UsageError) in o.grep.output = .filesWithMatches }),
      OptionSpec(
        long: "files-without-match", short: "L", category: .grep, abstract: "Print the names of files without a match.",
        apply: { _, o throws(UsageError) in o.grep.output = .filesWithoutMatches }),
      OptionSpec(
        long: "invert-match", short: "v", category: .grep, abstract: "Select what does not match.",
        apply: { _, o throws(UsageError) in o.grep.invert = true }),
      OptionSpec(
        long: "max-count", short: "m", valueName: "NUM", category: .grep, abstract: "Stop after NUM matches per file.",
        apply: { value, o throws(UsageError) in
          guard let v = value, let n = Int(v), n >= 0 else {
            throw UsageError.invalidValue("--max-count", value ?? "", expected: "a number")
          }
          o.grep.maxCount = n
        }),
      contextOption("after-context", "A", "Print NUM lines after each matching line.") { $0.afterContext = $1 },
      contextOption("before-context", "B", "Print NUM lines before each matching line.") { $0.beforeContext = $1 },
      contextOption("context", "C", "Print NUM lines before and after each matching line.") {
        $0.beforeContext = $1
        $0.afterContext = $1
      },
      OptionSpec(
        long: "with-filename", short: "H", category: .grep, abstract: "Print the file name with each line.",
        apply: { _, o throws(UsageError) in o.fileNames = true }),
      OptionSpec(
        long: "no-filename", short: "h", category: .grep, abstract: "Do not print file names.",
        apply: { _, o throws(UsageError) in o.fileNames = false }),
      OptionSpec(
        long: "line-number", short: "n", category: .grep, abstract: "Print the line number with each line.",
        apply: { _, o throws(UsageError) in o.grep.lineNumbers = true }),
      OptionSpec(
        long: "quiet", short: "q", aliases: ["silent"], category: .grep,
        abstract: "Print nothing; exit 0 at the first match.",
        apply: { _, o throws(UsageError) in o.grep.output = .quiet }),
      OptionSpec(
        long: "color", aliases: ["colour"], valueName: "WHEN", category: .output,
        abstract: "Highlight codes and clients: auto, always, never (NO_COLOR is honoured).",
        choices: ColorChoice.allCases.map(\.rawValue), valueIsOptional: true,
        apply: { value, o throws(UsageError) in
          guard let choice = ColorChoice(rawValue: value ?? "auto") else {
            throw UsageError.invalidChoice("--color", value ?? "", choices: ColorChoice.allCases.map(\.rawValue))
          }
          o.colorChoice = choice
        }),
      OptionSpec(
        long: "meaning", valueName: "WHEN", category: .output,
        abstract: "Append each code's meaning to printed lines: auto (on a terminal), always, never.",
        choices: ColorChoice.allCases.map(\.rawValue), valueIsOptional: true,
        apply: { value, o throws(UsageError) in
          guard let choice = ColorChoice(rawValue: value ?? "always") else {
            throw UsageError.invalidChoice("--meaning", value ?? "", choices: ColorChoice.allCases.map(\.rawValue))
          }
          o.meaningChoice = choice
        }),
      OptionSpec(
        long: "raw", category: .output,
        abstract: "Print lines byte for byte: control characters are not escaped (e.g. ESC as \\x1B).",
        apply: { _, o throws(UsageError) in o.rawOutput = true }),
      CommonOptions.showSecrets,
      CommonOptions.format(for: .grep),
      OptionSpec(
        long: "max-session-lines", valueName: "N", category: .limits,
        abstract: "Lines kept per open session with -s; default 1000.",
        apply: { value, o throws(UsageError) in
          guard let v = value, let n = Int(v), n >= 1 else {
            throw UsageError.invalidValue("--max-session-lines", value ?? "", expected: "a positive number")
          }
          o.grep.maxLinesPerSession = n
        }),
      CommonOptions.inputFormat,
    ] + JournalOptions.all + [
      CommonOptions.year,
      CommonOptions.maxLineLength,
      CommonOptions.maxSessions,
      CommonOptions.threads,
      LiveOptions.follow,
      LiveOptions.lineBuffered,
      CommonOptions.quiet,
      OptionSpec(
        long: "help", category: .general, abstract: "Show this help.",
        apply: { _, o throws(UsageError) in o.help = true }),
    ],
    examples: [
      ("mailcodes grep 530 /var/log/mail.log", "Every line with a 530 (and its client)."),
      ("mailcodes grep -s --client 192.0.2.7 5xx mail.log", "Whole sessions of one client that got a 5xx."),
      ("mailcodes grep --outcome idle-timeout -c mail.log", "How many lines belong to sessions that timed out."),
      ("mailcodes grep 535 --observed mail.log", "Only 535s the log prints (Exim), not inferred ones (Postfix)."),
      ("mailcodes grep --format jsonl 5.7.1 mail.log | jq .client", "The matching events as JSON."),
      ("mailcodes grep -f --since now 554 /var/log/mail.log", "New 554s as they are logged, through log rotations."),
    ],
    exitStatus: [
      ("0", "Something matched (with -q: even if an error happened)."),
      ("1", "Nothing matched."),
      (
        "2",
        "An error happened (a missing file, a damaged gzip, a usage error) or data was skipped (a truncated line, "
          + "a session longer than --max-session-lines), even if something matched."
      ),
    ])

  static func run(_ arguments: [String], _ ctx: CLIContext) -> Int32 {
    var options: CommandOptions
    var positionals: [String]
    switch CommandStart.parse(arguments, spec: spec, ctx) {
    case .run(let o, let p): (options, positionals) = (o, p)
    case .exit(let status): return status
    }
    // A bare first argument that looks like a code pattern is the code filter.
    if let first = positionals.first, !fileExists(first) {
      if let pattern = CodePattern(first) {
        options.filter.codes.append(pattern)
        positionals.removeFirst()
      } else if looksLikeCode(first) {
        // In explain's words: grep and explain accept the same codes.
        return ctx.usage(
          UsageError(
            CodePattern.rejection(first) ?? "'\(first)' is not a reply code or code pattern",
            hint: "Codes are 2xx-5xx (530, 5xx, 55x) or enhanced (5.7.1, 5.7.*). See 'mailcodes explain 5xx'."))
      }
    }
    if options.filter.isEmpty {
      return ctx.usage(
        UsageError(
          "nothing to look for: give a code (530, 5xx, 5.7.1) or a filter such as --client or --outcome",
          hint: "See 'mailcodes help grep'."))
    }
    let inputs: [InputFile]
    do { inputs = try ctx.inputs(positionals, options, command: "grep") } catch { return ctx.usage(error) }
    var grep = options.grep
    if options.outputFormat?.eventLines == true { grep.output = .events }
    grep.withFileName = options.fileNames ?? (inputs.count > 1)
    grep.color = grep.output == .lines && ctx.terminal.useColor(options.colorChoice ?? .auto)
    // Escaped on a pipe too: `grep ... | less -R` or `| head` reaches a terminal all the same,
    // and mail daemons never write control characters raw, so nothing real is lost.
    grep.sanitize = !options.rawOutput
    grep.showSecrets = options.showSecrets
    switch options.meaningChoice ?? .auto {
    case .always: grep.meanings = true
    case .never: grep.meanings = false
    case .auto: grep.meanings = ctx.stdoutIsTerminal
    }
    let plan = GrepPlan(filter: options.filter, options: grep)
    if let conflict = plan.conflict { return ctx.usage(UsageError(conflict)) }
    let names = NameTable()
    var sink = SinkPair(
      GrepMatcher(plan: plan, printer: GrepPrinter(options: grep, output: ctx.stdout, names: names)),
      ctx.monitor(options, unparsed: nil))
    var analysis = ctx.analysisOptions(options)
    analysis.prefilter = plan.prefilter
    if options.lineBuffered { ctx.stdout.lineBuffered = true }
    let totals =
      options.follow
      ? ctx.follow(inputs, options: options, engine: analysis, names: names, sink: &sink)
      : Pipeline.run(inputs, options: analysis, names: names, sink: &sink)
    sink.first.finish()
    let order = InputPlan.order(inputs)
    sink.first.printer.writeFileResults(
      order, matches: { sink.first.matches(input: $0) },
      failed: { file in totals.errors.contains { $0.input == file.displayName } })
    ctx.stdout.flush()
    for report in sink.first.droppedReports where !options.quiet { ctx.error(report) }
    // A session whose lines did not all fit in -s's buffers was printed incomplete: data was
    // skipped, which is status 2 like any other skip (even when something matched).
    let failed =
      ctx.reportProblems(
        totals, monitor: sink.second, maxLineLength: options.maxLineLength,
        quiet: options.quiet || grep.output == .quiet)
      || !sink.first.droppedReports.isEmpty
    let matched = sink.first.matched
    if !matched, !options.quiet, grep.output != .quiet, !options.follow {
      noteHints(inputs, options, analysis, ctx)
    }
    if matched && grep.output == .quiet { return ExitStatus.success }
    if failed && !ctx.stdout.brokenPipe { return ExitStatus.error }
    if grep.output == .filesWithoutMatches {
      return order.indices.contains { sink.first.matches(input: $0) == 0 } ? ExitStatus.success : ExitStatus.noMatch
    }
    return matched ? ExitStatus.success : ExitStatus.noMatch
  }

  /// Nothing matched a code that Postfix often omits (`grep 530` on a log that logs a refused
  /// MAIL only in its `disconnect` counters): says on standard error how many refusals hint at
  /// it and how to see them. Counted by a second, full parse (a hint depends on the whole
  /// session, which grep's prefilter does not read), only over regular files.
  static func noteHints(_ inputs: [InputFile], _ options: CommandOptions, _ engine: AnalysisOptions, _ ctx: CLIContext)
  {
    let codes = options.filter.codes
    guard !codes.isEmpty, HintTally.canHint(codes), options.filter.hints.isEmpty, !options.filter.anyHint,
      !inputs.isEmpty, inputs.allSatisfy({ isRegularFile($0) })
    else { return }
    var analysis = engine
    analysis.prefilter = nil
    var tally = HintTally(codes: codes)
    _ = Pipeline.run(inputs, options: analysis, names: NameTable(), sink: &tally)
    guard tally.total > 0 else { return }
    let hints = tally.counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
    let wanted = codes.map(\.description).joined(separator: " or ")
    let parts = hints.map { "\($0.key.name) \($0.value)" }.joined(separator: ", ")
    let plain = inputs.allSatisfy { $0.path.allSatisfy { c in c.isLetter || c.isNumber || "/._-+:".contains(c) } }
    let files =
      inputs.count <= 3 && plain ? inputs.map { Sanitizer.terminalSafe($0.path) }.joined(separator: " ") : "FILE..."
    let noun = tally.total == 1 ? "refusal whose code the log omits" : "refusals whose code the log omits"
    ctx.error(
      "note: no \(wanted) in the log, but \(TextLayout.number(tally.total)) \(noun) likely had one (\(parts)); "
        + "see them: mailcodes grep "
        + hints.map { "--hint \($0.key.name)" }.joined(separator: " ") + " " + files)
  }

  static func isRegularFile(_ input: InputFile) -> Bool {
    guard input.command == nil, !input.isStandardInput else { return false }
    var info = stat()
    return stat(input.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// `-A`, `-B`, `-C NUM`: lines of context (at most 10,000: they are kept in memory).
  static func contextOption(
    _ long: String, _ short: Character, _ abstract: String, _ set: @escaping @Sendable (inout GrepOptions, Int) -> Void
  ) -> OptionSpec {
    OptionSpec(
      long: long, short: short, valueName: "NUM", category: .grep, abstract: abstract,
      apply: { value, o throws(UsageError) in
        guard let v = value, let n = Int(v), n >= 0, n <= 10_000 else {
          throw UsageError.invalidValue("--\(long)", value ?? "", expected: "a number of lines from 0 to 10000")
        }
        set(&o.grep, n)
      })
  }

  /// `999`, `6xx`, `5.9` ...: meant as a code, but not one.
  static func looksLikeCode(_ text: String) -> Bool {
    let allowed = Set("0123456789xX*.")
    return !text.isEmpty && text.count <= 11 && text.allSatisfy { allowed.contains($0) } && text.first != "."
  }

  /// Whether `path` names something on disk. `stat`, not `open`: opening reads the input's
  /// first bytes, which a FIFO would lose.
  static func fileExists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }
}
