import MailCodesKit

#if canImport(Glibc)
  import Glibc
#endif

/// Runs one stage of the engine alone over a file and measures it.
enum Stage: String, CaseIterable {
  /// `read(2)` + line splitting only.
  case read
  /// + the syslog envelope (time, host, tag).
  case envelope
  /// + format parsers and sessions, into a sink that drops everything.
  case parse
  /// The full `analyze`: parse, sessions, every aggregate, the text report.
  case analyze
  /// `analyze --by code,client`.
  case by
  /// What `grep -c 554` does: the pipeline with the prefilter of code 554 and no sessions,
  /// counting the events with code 554 (into a `--by code` table).
  case grep554

  struct Result {
    var lines: Int
    var bytes: Int64
    var seconds: Double
    /// The end of the run alone (summary, report, rendering), where a stage has one.
    var reportSeconds: Double? = nil
  }

  func run(_ path: String) -> Result? {
    let start = Clock.now()
    var lines = 0
    var bytes: Int64 = 0
    var reportSeconds: Double? = nil
    switch self {
    case .read, .envelope:
      guard let input = try? InputOpener.open(InputFile(path: path)) else { return nil }
      let reader = LineReader()
      var envelopes = EnvelopeParser(yearInference: YearInference(explicitYear: 2026))
      var checksum = 0
      let withEnvelope = self == .envelope
      reader.read(input.source) { line, _ in
        if withEnvelope {
          let e = envelopes.parse(line)
          checksum &+= e.message &+ Int(e.time?.wallSeconds ?? 0)
        } else {
          checksum &+= line.count
        }
        return .proceed
      }
      lines = reader.lineCount
      bytes = reader.byteCount
      if checksum == 42 { print("") }
    case .parse:
      // The library's own sinks: the pipeline is pre-specialized for them (see `Pipeline.run`).
      var sink = RunMonitor(unparsed: nil)
      _ = Pipeline.run([InputFile(path: path)], options: Stage.options, names: NameTable(), sink: &sink)
      (lines, bytes) = (sink.linesRead, sink.bytesRead)
    case .analyze:
      let names = NameTable()
      var sink = SinkPair(SummaryBuilder(names: names), RunMonitor(unparsed: nil))
      let totals = Pipeline.run([InputFile(path: path)], options: Stage.options, names: names, sink: &sink)
      let reportStart = Clock.now()
      let report = TextRenderer().render(Report(summary: sink.first.finish(totals: totals)))
      if report.isEmpty { print("") }
      reportSeconds = Clock.now() - reportStart
      (lines, bytes) = (sink.second.linesRead, sink.second.bytesRead)
    case .by:
      let names = NameTable()
      var sink = SinkPair(
        GroupByTable(fields: [.code, .client], countSessions: false, names: names),
        RunMonitor(unparsed: nil))
      _ = Pipeline.run([InputFile(path: path)], options: Stage.options, names: names, sink: &sink)
      if TableRenderer.csv(sink.first.table()).isEmpty { print("") }
      (lines, bytes) = (sink.second.linesRead, sink.second.bytesRead)
    case .grep554:
      var options = Stage.options
      options.prefilter = LinePrefilter(codePattern: CodePattern("554")!)
      let names = NameTable()
      var sink = SinkPair(GroupByTable(fields: [.code], countSessions: false, names: names), RunMonitor(unparsed: nil))
      _ = Pipeline.run([InputFile(path: path)], options: options, names: names, sink: &sink)
      let matches = sink.first.table().rows.first { $0.values == ["554"] }?.count ?? 0
      if matches == -1 { print("") }
      (lines, bytes) = (sink.second.linesRead, sink.second.bytesRead)
    }
    let seconds = Clock.now() - start
    return Result(lines: lines, bytes: bytes, seconds: seconds, reportSeconds: reportSeconds)
  }

  /// Lines and bytes of `path`, counted after the timed run (a plain read, not part of it).
  static func size(_ path: String) -> (lines: Int, bytes: Int64) {
    guard let input = try? InputOpener.open(InputFile(path: path)) else { return (0, 0) }
    let reader = LineReader()
    reader.read(input.source) { _, _ in .proceed }
    return (reader.lineCount, reader.byteCount)
  }

  static var options: AnalysisOptions {
    var options = AnalysisOptions()
    options.year = 2026
    return options
  }
}

enum Clock {
  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }
}

/// Peak resident set size of this process, in MiB.
func peakRSSMiB() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

/// Checks the prefilter contract on any logs: for every code and enhanced code of the full
/// run, the run with that code's prefilter must count the same events with it.
enum PrefilterCheck {
  /// Prints one line per code that differs; returns the number of codes checked and failed.
  static func run(_ paths: [String]) -> (checked: Int, failed: Int) {
    var checked = 0
    var failed = 0
    for field in [GroupField.code, .enhanced] {
      let full = counts(paths, field, nil)
      for (code, n) in full.sorted(by: { $0.key < $1.key }) where !code.isEmpty {
        guard let pattern = CodePattern(code) else { continue }
        guard let prefilter = LinePrefilter(codePattern: pattern) else {
          print("no prefilter for \(code)")
          continue
        }
        let filtered = counts(paths, field, prefilter)[code] ?? 0
        checked += 1
        if filtered != n {
          failed += 1
          print("MISMATCH \(field.rawValue) \(code): full \(n), prefiltered \(filtered) [\(prefilter)]")
        }
      }
    }
    return (checked, failed)
  }

  static func counts(_ paths: [String], _ field: GroupField, _ prefilter: LinePrefilter?) -> [String: Int] {
    var options = Stage.options
    options.prefilter = prefilter
    let names = NameTable()
    var sink = SinkPair(GroupByTable(fields: [field], countSessions: false, names: names), RunMonitor(unparsed: nil))
    _ = Pipeline.run(paths.map(InputFile.init(path:)), options: options, names: names, sink: &sink)
    sink.first.flushPending()
    var out: [String: Int] = [:]
    for row in sink.first.table().rows { out[row.values[0], default: 0] += row.count }
    return out
  }
}
