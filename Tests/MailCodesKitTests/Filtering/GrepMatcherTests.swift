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

/// grep's matcher decides and its printer prints: what `GrepMatcher` hands a printer, seen
/// through a printer that only writes the decisions down, and what `GrepPlan` makes of the
/// options.
@Suite("grep: the matcher's decisions")
struct GrepMatcherTests {
  /// Three smtpd sessions: 101 (lines 1, 3, 5) and 103 (lines 6-8) refused with a 554, 102
  /// (lines 2, 4) clean, 101 and 102 interleaved.
  static let log = Fixtures.path("grep/decisions.log")

  /// A printer that writes each decision down as a word and a line number.
  struct DecisionLog: GrepDecisionSink {
    var entries: [String] = []
    var events: [Int] = []

    mutating func beginInput(_ input: InputFile, index: Int) { entries.append("input \(index)") }
    mutating func lineEvent(_ event: SMTPEvent, line: ByteView, context: LineContext, matched: Bool) {
      if matched { events.append(context.info.number) }
    }
    mutating func selected(_ line: ByteView, input: Int, number: Int, secret: TextRange) {
      entries.append("line \(number)")
    }
    mutating func selected(_ copy: GrepLineCopy, input: Int, number: Int) {
      entries.append("kept \(number)")
    }
    mutating func context(_ line: ByteView, input: Int, number: Int, secret: TextRange) {
      entries.append("context \(number)")
    }
    mutating func contextBreak() { entries.append("break") }
    mutating func beginGroup(separated: Bool) { entries.append(separated ? "group" : "same group") }
    func copy(_ line: ByteView, secret: TextRange) -> GrepLineCopy {
      GrepLineCopy(bytes: line.bytes, events: [], meaning: "")
    }
    mutating func endLine() {}
    mutating func endInput() {}
    mutating func finish() { entries.append("finish") }
  }

  static func decisions(_ codes: [String], _ change: (inout GrepOptions) -> Void = { _ in }) -> (
    DecisionLog, [Int]
  ) {
    var filter = EventFilter()
    filter.codes = codes.compactMap(CodePattern.init)
    var options = GrepOptions()
    change(&options)
    var matcher = GrepMatcher(plan: GrepPlan(filter: filter, options: options), printer: DecisionLog())
    _ = Pipeline.run([InputFile(path: log)], options: Engine.options(), names: NameTable(), sink: &matcher)
    matcher.finish()
    return (matcher.printer, [matcher.matches(input: 0)])
  }

  @Test("line mode: each matching line is selected as it comes, its matching events handed over first")
  func lines() {
    let (log, counts) = Self.decisions(["554"])
    #expect(log.entries == ["input 0", "line 3", "line 7", "finish"])
    #expect(log.events == [3, 7])
    #expect(counts == [2])
  }

  @Test("-A1 -B1: context lines around each selected one, a break where they are not adjacent")
  func context() {
    let (log, _) = Self.decisions(["554"]) {
      $0.beforeContext = 1
      $0.afterContext = 1
    }
    #expect(
      log.entries == [
        "input 0", "context 2", "line 3", "context 4", "break", "context 6", "line 7", "context 8", "finish",
      ])
  }

  @Test("-s: the kept lines of each matching session, selected when it ends, a group each")
  func sessions() {
    let (log, counts) = Self.decisions(["554"]) { $0.sessions = true }
    #expect(
      log.entries == [
        "input 0", "group", "kept 1", "kept 3", "kept 5", "group", "kept 6", "kept 7", "kept 8", "finish",
      ])
    #expect(counts == [2])
  }

  @Test("-m 1 stops the input after the first selected line; -c counts without printing anything else")
  func counts() {
    let (first, firstCounts) = Self.decisions(["554"]) { $0.maxCount = 1 }
    #expect(first.entries == ["input 0", "line 3", "finish"])
    #expect(firstCounts == [1])
    let (counted, counts) = Self.decisions(["554"]) {
      $0.sessions = true
      $0.output = .count
    }
    // The printer is told what was selected (and prints nothing for -c); the count is the matcher's.
    #expect(counted.entries.filter { $0.hasPrefix("kept") }.count == 6)
    #expect(counts == [2])
  }

  @Test("the plan: the prefilter only where the output is the full parse's, whole messages, conflicts")
  func plan() {
    var filter = EventFilter()
    filter.codes = [CodePattern("554")!]
    var options = GrepOptions()
    #expect(GrepPlan(filter: filter, options: options).prefilter != nil)
    #expect(!GrepPlan(filter: filter, options: options).selectsMessages)
    #expect(GrepPlan(filter: filter, options: options).conflict == nil)
    options.sessions = true
    #expect(GrepPlan(filter: filter, options: options).prefilter == nil)
    options.afterContext = 2
    #expect(
      GrepPlan(filter: filter, options: options).conflict
        == "-A, -B and -C print lines around matching lines: not with -s (whole sessions are printed)")

    var messages = EventFilter()
    messages.ids = ["E481F104095"]
    #expect(GrepPlan(filter: messages, options: GrepOptions()).selectsMessages)
    var inverted = GrepOptions()
    inverted.invert = true
    #expect(!GrepPlan(filter: messages, options: inverted).selectsMessages)
    messages.codes = [CodePattern("5xx")!]
    #expect(!GrepPlan(filter: messages, options: GrepOptions()).selectsMessages)
  }
}
