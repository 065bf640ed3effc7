import MailCodesKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// `mailcodes merge`: one report from the JSON summaries of many hosts or days.
enum MergeCommand {
  static let spec = CommandSpec(
    name: "merge",
    abstract: "Combine JSON summaries (analyze --format json) of many hosts or days into one report.",
    usage: ["mailcodes merge [OPTIONS] SUMMARY.json ..."],
    discussion: """
      The merge is exact: counts add, top-N lists are recomputed from the kept tallies, periods are \
      united, and every input, error and bound that was hit is kept. Summaries made with --by are tables, \
      not summaries: merge the full summaries instead.
      Two summaries that counted the same input over overlapping periods are refused (status 2): their sum \
      would count it twice. Each summary names its inputs by their data (device and inode, size, modification \
      time, the hash of the first line) and the period it counted; daily summaries of one log (--day \
      yesterday every day) share the file, not the period, and merge. --force merges anyway, with a warning.
      """,
    options: [
      CommonOptions.format(for: .merge),
      CommonOptions.top,
      CommonOptions.width,
      ReportOptions.output,
      ReportOptions.title,
      ReportOptions.lang,
      ReportOptions.quietIfClean,
      ReportOptions.alert,
      ReportOptions.minClass,
      force,
      CommonOptions.help,
    ],
    examples: [
      ("mailcodes merge mx1.json mx2.json", "One text report for two hosts."),
      ("mailcodes merge --format html -o week.html day-*.json", "A week of daily summaries as one HTML page."),
    ],
    exitStatus: [
      ("0", "Merged."),
      ("1", "With --alert or --quiet-if-clean: something at or above --min-class happened."),
      (
        "2",
        "A file could not be read or is not a mailcodes summary; two summaries counted the same input "
          + "(without --force); or a usage error."
      ),
    ])

  static let force = OptionSpec(
    long: "force", category: .report,
    abstract: "Merge summaries that counted the same input anyway (it is then counted twice).",
    apply: { _, o throws(UsageError) in o.force = true })

  static func run(_ arguments: [String], _ ctx: CLIContext) -> Int32 {
    var options: CommandOptions
    let positionals: [String]
    switch CommandStart.parse(arguments, spec: spec, ctx) {
    case .run(let o, let p): (options, positionals) = (o, p)
    case .exit(let status): return status
    }
    guard !positionals.isEmpty else {
      return ctx.usage(UsageError("no summary to merge", hint: "Example: mailcodes merge mx1.json mx2.json."))
    }
    guard options.inputFamily == nil, let writeReport = (options.outputFormat ?? .text).report else {
      return ctx.usage(
        UsageError("merge reads JSON summaries: --format takes text, json, csv, html, openmetrics or prometheus"))
    }
    if let refusal = ReportOptions.languageRefusal(options, format: options.outputFormat ?? .text) {
      return ctx.usage(refusal)
    }
    var merged = Summary()
    var failed = false
    var seen: [(path: String, coverage: InputCoverage)] = []
    var count = 0
    for path in positionals {
      let text: String
      do { text = try readFile(path) } catch {
        ctx.error("\(path): \(error.message)")
        failed = true
        continue
      }
      do throws(SummaryJSONReader.Failure) {
        let summary = try SummaryJSONReader.read(text)
        let coverage = summary.inputCoverage
        if let clash = firstClash(coverage, path: path, seen: seen) {
          guard options.force else {
            return ctx.usage(UsageError(clash, hint: "Merging them would count it twice; --force merges anyway."))
          }
          ctx.error("warning: \(clash): merged anyway (--force), it is counted twice")
        }
        seen += coverage.map { (path, $0) }
        if count == 0 { merged = summary } else { merged.merge(summary) }
        count += 1
      } catch {
        ctx.error("\(path): \(error.description)")
        failed = true
      }
    }
    merged.generator = "mailcodes \(MailCodesCLI.version)"
    let problems = ReportOptions.hasProblems(merged, minClass: options.minClass)
    let destination: ReportDestination
    do { destination = try ReportDestination.open(options.outputPath, ctx) } catch { return ctx.usage(error) }
    if options.quietIfClean && !problems { return AnalyzeCommand.finishQuiet(destination, ctx, skipped: failed) }
    let report = Report(summary: merged, top: options.top)
    writeReport(merged, report, options, options.width ?? 80, ctx, destination.output)
    return AnalyzeCommand.finish(destination, ctx, skipped: failed, problems: problems, options: options)
  }

  /// The first input of `coverage` that a summary read before counted too, as a message.
  static func firstClash(_ coverage: [InputCoverage], path: String, seen: [(path: String, coverage: InputCoverage)])
    -> String?
  {
    for mine in coverage {
      for earlier in seen {
        guard let how = mine.sharedWith(earlier.coverage) else { continue }
        let names =
          mine.record.name == earlier.coverage.record.name
          ? "'\(mine.record.name)'" : "'\(earlier.coverage.record.name)' and '\(mine.record.name)'"
        return "\(earlier.path) and \(path) both counted \(names), \(how), over \(mine.periodDescription)"
      }
    }
    return nil
  }

  /// The whole text of a summary file, or `-` for standard input.
  static func readFile(_ path: String) throws(UsageError) -> String {
    let opened: OpenedInput
    do throws(InputError) {
      opened = try InputOpener.open(InputFile(path: path))
    } catch {
      throw UsageError(error.detail)
    }
    var text: [UInt8] = []
    let reader = LineReader(chunkSize: 256 * 1024, maxLineLength: 64 << 20)
    reader.read(opened.source) { line, _ in
      text.append(contentsOf: UnsafeBufferPointer(start: line.base, count: line.count))
      text.append(ASCII.newline)
      return text.count > 512 << 20 ? .stop : .proceed
    }
    if let error = reader.error { throw UsageError(error.detail) }
    if reader.truncatedLines > 0 || text.count > 512 << 20 { throw UsageError("too large to be a summary") }
    return String(decoding: text, as: UTF8.self)
  }
}
