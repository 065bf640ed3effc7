import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// A sink run on a second thread (`DeferredSink`) gives the result of the same sink run on the
/// parsing thread: same calls, same order, at every batch size down to one line.
@Suite("Sink on a second thread")
struct DeferredSinkTests {
  /// Every log among the fixtures (lab captures, lab variants, Exim shapes, transcripts,
  /// journal and odd inputs), one input group each.
  static let logs: [String] = {
    let root = Fixtures.path("")
    var found: [String] = []
    let skipped = [".md", ".json", ".jsonl", ".tsv", ".shapes", ".txt.stderr"]
    for directory in ["lab", "lab-variants", "exim", "transcript", "journal", "input", "grep"] {
      guard let walker = FileManager.default.enumerator(atPath: root + directory) else { continue }
      while let relative = walker.nextObject() as? String {
        let path = root + directory + "/" + relative
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
          !skipped.contains(where: { relative.hasSuffix($0) })
        else { continue }
        found.append(path)
      }
    }
    return found.sorted()
  }()

  static func groups(_ paths: [String]) -> [InputPlan.Group] {
    InputPlan.groups(paths.map(InputFile.init(path:)))
  }

  static func options() -> AnalysisOptions {
    var options = Engine.options()
    options.threads = 2
    return options
  }

  /// The summary and the monitor's notes of `paths`, with the sink in place or deferred in
  /// batches of `linesPerBatch` lines (nil: in place).
  static func summary(_ paths: [String], linesPerBatch: Int?, filter: EventFilter? = nil) -> String {
    let names = NameTable()
    let groups = groups(paths)
    if let filter {
      var sink = SinkPair(FilteredSink(SummaryBuilder(names: names), filter: filter), RunMonitor(unparsed: nil))
      let totals =
        linesPerBatch.map {
          Pipeline.runInOrderDeferred(groups, options: options(), names: names, linesPerBatch: $0, sink: &sink)
        } ?? Pipeline.runInOrder(groups, options: options(), names: names, sink: &sink)
      return SummaryJSON.render(sink.first.inner.finish(totals: totals)) + sink.second.notes().joined()
    }
    var sink = SinkPair(SummaryBuilder(names: names), RunMonitor(unparsed: nil))
    let totals =
      linesPerBatch.map {
        Pipeline.runInOrderDeferred(groups, options: options(), names: names, linesPerBatch: $0, sink: &sink)
      } ?? Pipeline.runInOrder(groups, options: options(), names: names, sink: &sink)
    return SummaryJSON.render(sink.first.finish(totals: totals)) + sink.second.notes().joined()
      + "\(sink.second.linesRead) \(sink.second.truncationMessages(limit: 1).joined())"
  }

  @Test("Every fixture log gives the same summary with its sink deferred, at batch sizes 1, 7 and 1,024")
  func everyFixture() {
    #expect(Self.logs.count > 40, "the fixtures were found")
    for log in Self.logs {
      let inPlace = Self.summary([log], linesPerBatch: nil)
      for size in [1, 7, 1024] {
        let deferred = Self.summary([log], linesPerBatch: size)
        #expect(deferred == inPlace, "\(log), \(size) lines per batch")
      }
    }
  }

  @Test("Several groups and rotated series in one deferred run: the sequential result")
  func severalGroups() {
    let paths = [
      "postfix-syslog.log", "postfix-syslog.log.1.gz", "postfix-rfc3339.log", "exim-mainlog", "exim-rejectlog",
      "swaks-transcripts.txt",
    ].map(Fixtures.lab)
    let inPlace = Self.summary(paths, linesPerBatch: nil)
    #expect(Self.summary(paths, linesPerBatch: 3) == inPlace)
    #expect(Self.summary(paths, linesPerBatch: 1024) == inPlace)
    #expect(inPlace.contains("\"message_senders\": [\n    {"), "the run has messages")
  }

  @Test("A filtered sink (codes, outcomes, a time window) deferred: the same summary")
  func filtered() {
    var filter = EventFilter()
    filter.codes = [CodePattern("5xx")!]
    filter.outcomes = [.idleTimeout, .rejected, .quit]
    filter.window = TimeExpression.Window(
      start: LogTimestamp(year: 2026, month: 11, day: 29, hour: 0, minute: 13).wallSeconds,
      end: LogTimestamp(year: 2026, month: 11, day: 29, hour: 0, minute: 30).wallSeconds)
    let paths = ["postfix-syslog.log", "exim-mainlog"].map(Fixtures.lab)
    let inPlace = Self.summary(paths, linesPerBatch: nil, filter: filter)
    #expect(Self.summary(paths, linesPerBatch: 2, filter: filter) == inPlace)
    #expect(inPlace != Self.summary(paths, linesPerBatch: nil), "the filter keeps only part of the run")
  }

  @Test("A --by table deferred: the same rows")
  func table() {
    let paths = ["postfix-syslog.log", "exim-mainlog"].map(Fixtures.lab)
    func rows(_ linesPerBatch: Int?) -> GroupTable {
      let names = NameTable()
      var sink = GroupByTable(fields: [.code, .client, .outcome, .sender], countSessions: false, names: names)
      if let linesPerBatch {
        _ = Pipeline.runInOrderDeferred(
          Self.groups(paths), options: Self.options(), names: names, linesPerBatch: linesPerBatch, sink: &sink)
      } else {
        _ = Pipeline.runInOrder(Self.groups(paths), options: Self.options(), names: names, sink: &sink)
      }
      sink.flushPending()
      return sink.table()
    }
    let inPlace = rows(nil)
    #expect(rows(5) == inPlace)
    #expect(inPlace.rows.count > 10)
  }

  @Test("Lines longer than a batch's buffer grow it for that batch: the same summary")
  func longLines() {
    var bytes: [UInt8] = []
    for (i, line) in (try! Fixtures.text("lab/postfix-syslog.log")).split(separator: "\n").enumerated() {
      bytes += Array(line.utf8) + [10]
      if i % 500 == 0 {
        // A 600 KB reject text: larger than four batches' usual 128 KiB.
        bytes += Array("Nov 29 00:13:01 vm postfix/smtpd[\(i)]: NOQUEUE: reject: RCPT from x[192.0.2.1]: ".utf8)
        bytes += Array("554 5.7.1 <a@b>: Relay access denied ".utf8) + [UInt8](repeating: 0x61, count: 600_000) + [10]
      }
    }
    let log = Fixtures.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(atPath: log) }
    var options = Self.options()
    options.maxLineLength = 1 << 20
    func summary(_ linesPerBatch: Int?) -> String {
      let names = NameTable()
      var sink = SummaryBuilder(names: names)
      let totals =
        linesPerBatch.map {
          Pipeline.runInOrderDeferred(
            Self.groups([log]), options: options, names: names, linesPerBatch: $0, sink: &sink)
        } ?? Pipeline.runInOrder(Self.groups([log]), options: options, names: names, sink: &sink)
      return SummaryJSON.render(sink.finish(totals: totals))
    }
    let inPlace = summary(nil)
    #expect(summary(2) == inPlace)
    #expect(summary(1024) == inPlace)
    #expect(inPlace.contains("Relay access denied"))
  }

  @Test("Unparsed lines are written in order by the deferred monitor")
  func unparsedInOrder() {
    // The lab log with lines of mail daemons that say nothing the parsers know, spread over it.
    var bytes: [UInt8] = []
    for (i, line) in (try! Fixtures.text("lab/postfix-syslog.log")).split(separator: "\n").enumerated() {
      bytes += Array(line.utf8) + [10]
      if i % 97 == 0 {
        bytes += Array("Nov 29 00:13:01 vm postfix/smtpd[\(i)]: NOQUEUE: reject: RCPT from garbled\n".utf8)
      }
    }
    let log = Fixtures.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(atPath: log) }
    func unparsed(_ linesPerBatch: Int?) -> [UInt8] {
      let output = ByteOutput(.memory)
      let names = NameTable()
      var sink = SinkPair(SummaryBuilder(names: names), RunMonitor(unparsed: output))
      if let linesPerBatch {
        _ = Pipeline.runInOrderDeferred(
          Self.groups([log]), options: Self.options(), names: names, linesPerBatch: linesPerBatch, sink: &sink)
      } else {
        _ = Pipeline.runInOrder(Self.groups([log]), options: Self.options(), names: names, sink: &sink)
      }
      output.flush()
      return output.memory
    }
    let inPlace = unparsed(nil)
    #expect(unparsed(1) == inPlace)
    #expect(!inPlace.isEmpty, "the log has unrecognized lines")
  }
}
