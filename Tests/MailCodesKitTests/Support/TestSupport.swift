import Foundation
import MailCodesTestSupport
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesExplain
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesKnowledge
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// Locates fixture and golden files next to the tests (via `#filePath`, not bundles).
enum Fixtures {
  /// `Tests/MailCodesKitTests`
  static let testsDirectory: String = TestRepository.root + "/Tests/MailCodesKitTests"

  static func path(_ relative: String) -> String { testsDirectory + "/Fixtures/" + relative }
  static func lab(_ name: String) -> String { path("lab/" + name) }
  static func golden(_ name: String) -> String { testsDirectory + "/Golden/" + name }

  static func text(_ relative: String) throws -> String {
    try String(contentsOfFile: path(relative), encoding: .utf8)
  }

  /// The lab's ground truth (`Fixtures/lab/ground-truth.json`).
  static func groundTruth() throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: lab("ground-truth.json")))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
  }

  /// A fresh temporary file holding `content`; removed by the caller (or left in /tmp).
  static func temporaryFile(_ content: [UInt8], suffix: String = ".log") -> String {
    let path = NSTemporaryDirectory() + "mailcodes-test-\(UUID().uuidString)\(suffix)"
    _ = FileManager.default.createFile(atPath: path, contents: Data(content))
    return path
  }

  static func temporaryFile(_ content: String, suffix: String = ".log") -> String {
    temporaryFile(Array(content.utf8), suffix: suffix)
  }
}

/// Golden files: compared line by line; `MAILCODES_RECORD_GOLDEN=1` rewrites them.
enum Golden {
  static var recording: Bool { ProcessInfo.processInfo.environment["MAILCODES_RECORD_GOLDEN"] == "1" }

  static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = Fixtures.golden(name)
    if recording {
      try? FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      _ = FileManager.default.createFile(atPath: path, contents: Data(actual.utf8))
      return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      Issue.record("missing golden file \(name); run with MAILCODES_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
      return
    }
    if expected != actual {
      Issue.record("golden \(name) differs:\n\(lineDiff(expected, actual))", sourceLocation: sourceLocation)
    }
  }

  /// A short readable diff: the first differing lines with their numbers.
  static func lineDiff(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(a.count, b.count) where out.count < 30 {
      let x = i < a.count ? String(a[i]) : "<none>"
      let y = i < b.count ? String(b[i]) : "<none>"
      if x != y {
        out.append("line \(i + 1):\n  expected: \(x)\n  actual:   \(y)")
      }
    }
    return out.joined(separator: "\n")
  }
}

/// Runs the engine in tests.
enum Engine {
  static func options(
    year: Int? = 2026, family: LogFamily? = nil, chunkSize: Int = 256 * 1024,
    maxLineLength: Int = 64 * 1024, maxSessions: Int = 100_000
  ) -> AnalysisOptions {
    var o = AnalysisOptions()
    o.year = year
    o.family = family
    o.chunkSize = chunkSize
    o.maxLineLength = maxLineLength
    o.maxOpenSessions = maxSessions
    o.now = LogTimestamp(year: 2026, month: 11, day: 29).wallSeconds
    return o
  }

  /// The summary of `paths`.
  static func summary(_ paths: [String], options: AnalysisOptions = options()) -> (Summary, RunTotals) {
    let names = NameTable()
    var sink = SummaryBuilder(names: names)
    let totals = Pipeline.run(paths.map(InputFile.init(path:)), options: options, names: names, sink: &sink)
    return (sink.finish(totals: totals), totals)
  }

  /// A `--by` table of `paths`.
  static func table(
    _ paths: [String], by fields: [GroupField], sessions: Bool = false, messages: Bool = false,
    connectTime: Bool = false, bytes: Bool = false, options: AnalysisOptions = options()
  ) -> GroupTable {
    let names = NameTable()
    var sink = GroupByTable(
      fields: fields, countSessions: sessions, names: names, countMessages: messages, countConnectTime: connectTime,
      countBytes: bytes)
    _ = Pipeline.run(paths.map(InputFile.init(path:)), options: options, names: names, sink: &sink)
    sink.flushPending()
    return sink.table()
  }

  /// The `mailcodes events` lines of `paths`.
  static func eventLines(_ paths: [String], options: AnalysisOptions = options()) -> [String] {
    let names = NameTable()
    let output = ByteOutput(.memory)
    var sink = EventLinesWriter(output: output, names: names)
    _ = Pipeline.run(paths.map(InputFile.init(path:)), options: options, names: names, sink: &sink)
    output.flush()
    return output.text.split(separator: "\n").map(String.init)
  }

  /// The events of `paths` as decoded JSON objects.
  static func events(_ paths: [String], options: AnalysisOptions = options()) -> [[String: Any]] {
    eventLines(paths, options: options).map {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:]
    }
  }

  /// Events of a log given as text.
  static func events(of text: String, options: AnalysisOptions = options()) -> [[String: Any]] {
    let path = Fixtures.temporaryFile(text)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return events([path], options: options)
  }

  /// Sessions ended while reading `paths`.
  static func sessions(_ paths: [String], options: AnalysisOptions = options()) -> [SessionRecord] {
    struct Collector: AnalysisSink {
      var sessions: [SessionRecord] = []
      mutating func sessionEnded(_ session: SessionRecord) { sessions.append(session) }
    }
    let names = NameTable()
    var sink = Collector()
    _ = Pipeline.run(paths.map(InputFile.init(path:)), options: options, names: names, sink: &sink)
    return sink.sessions
  }

  static func sessions(of text: String, options: AnalysisOptions = options()) -> [SessionRecord] {
    let path = Fixtures.temporaryFile(text)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return sessions([path], options: options)
  }
}

extension GroupTable {
  /// Rows as `[values joined by "|": count]`.
  var counts: [String: Int] {
    var out: [String: Int] = [:]
    for row in rows { out[row.values.joined(separator: "|"), default: 0] += row.count }
    return out
  }
}

extension Summary {
  /// Without what depends on the checkout and the machine (device, inode, size on disk and
  /// modification time of each input): the golden JSON files hold the rest.
  var withoutFileIdentity: Summary {
    var copy = self
    for i in copy.inputs.indices {
      copy.inputs[i].identity = nil
      copy.inputs[i].modificationTime = nil
    }
    return copy
  }
}
