#if canImport(Glibc)
import Glibc
#endif
import MailCodesKit

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

  struct Result {
    var lines: Int
    var bytes: Int64
    var seconds: Double
  }

  func run(_ path: String) -> Result? {
    let start = Clock.now()
    var lines = 0
    var bytes: Int64 = 0
    var counted = true
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
      counted = false
    case .analyze:
      let names = NameTable()
      var sink = SinkPair(SummaryBuilder(names: names), RunMonitor(unparsed: nil))
      let totals = Pipeline.run([InputFile(path: path)], options: Stage.options, names: names, sink: &sink)
      let report = TextRenderer().render(Report(summary: sink.first.finish(totals: totals)))
      if report.isEmpty { print("") }
      counted = false
    case .by:
      let names = NameTable()
      var sink = SinkPair(GroupByTable(fields: [.code, .client], countSessions: false, names: names),
                          RunMonitor(unparsed: nil))
      _ = Pipeline.run([InputFile(path: path)], options: Stage.options, names: names, sink: &sink)
      if TableRenderer.csv(sink.first.table()).isEmpty { print("") }
      counted = false
    }
    let seconds = Clock.now() - start
    if !counted { (lines, bytes) = Stage.size(path) }
    return Result(lines: lines, bytes: bytes, seconds: seconds)
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
