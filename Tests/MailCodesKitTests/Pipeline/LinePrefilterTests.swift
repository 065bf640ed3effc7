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

/// The prefilter contract (`LinePrefilter`, `InferredReply`): with the prefilter of a code,
/// the lines kept give exactly the events with that code that the full parse gives.
@Suite("Line prefilter")
struct LinePrefilterTests {
  /// Inputs read together in one run, as a user would name them.
  static let runs: [[String]] = [
    ["postfix-syslog.log.1.gz", "postfix-syslog.log"].map(Fixtures.lab),
    ["postfix-rfc3339.log.1.gz", "postfix-rfc3339.log"].map(Fixtures.lab),
    [Fixtures.lab("postfix-maillog_file.log")],
    ["exim-mainlog", "exim-rejectlog"].map(Fixtures.lab),
    [Fixtures.lab("exim-syslog.log")],
    // Exim replies inferred from the line before (`too many unrecognized commands` after its
    // syntax error or alone) and from the log's selectors (`no MAIL` with QUIT only without
    // +smtp_connection), and the codes of the rarer Exim lines.
    [Fixtures.path("exim/inferred.mainlog")],
    [Fixtures.path("lab-variants/ex-no-smtp_connection/exim-mainlog")],
    // rsyslog's RFC 5424 with the APP-NAME cut at the slash: no `postscreen` tag to find.
    [Fixtures.path("lab-variants/rsyslog-protocol23/postfix-rfc5424.log.gz")],
    // The same stream under postscreen's enforce actions (the non-SMTP command's 502).
    [Fixtures.path("lab-variants/pscrn-enforce/postfix-syslog.log")],
    // smtpd sessions held back for the codes of the `disconnect` counters.
    ["grep/held-sessions.log.1", "grep/held-sessions.log"].map(Fixtures.path),
  ]

  static func counts(_ paths: [String], by field: GroupField, prefilter: LinePrefilter? = nil) -> [String: Int] {
    var options = Engine.options()
    options.prefilter = prefilter
    return Engine.table(paths, by: [field], options: options).counts
  }

  @Test("--by code of the lab logs is the full parse's for every code present", arguments: runs)
  func basicCodes(_ paths: [String]) throws {
    let full = Self.counts(paths, by: .code)
    #expect(full.count > 3)
    for (code, n) in full where !code.isEmpty {
      let pattern = try #require(CodePattern(code))
      let prefilter = try #require(LinePrefilter(codePattern: pattern), "no prefilter for \(code)")
      let filtered = Self.counts(paths, by: .code, prefilter: prefilter)
      #expect(filtered[code] == n, "code \(code) with prefilter \(prefilter)")
    }
  }

  @Test("--by enhanced of the lab logs is the full parse's for every enhanced code present", arguments: runs)
  func enhancedCodes(_ paths: [String]) throws {
    let full = Self.counts(paths, by: .enhanced)
    for (code, n) in full where !code.isEmpty {
      let pattern = try #require(CodePattern(code))
      let prefilter = try #require(LinePrefilter(codePattern: pattern), "no prefilter for \(code)")
      let filtered = Self.counts(paths, by: .enhanced, prefilter: prefilter)
      #expect(filtered[code] == n, "enhanced \(code) with prefilter \(prefilter)")
    }
  }

  @Test("Skipped lines are counted, line numbers stay exact, the first line is always parsed")
  func skippedLinesAreCounted() throws {
    let paths = [Fixtures.lab("postfix-syslog.log")]
    var options = Engine.options()
    options.prefilter = LinePrefilter(literals: ["this text is in no line"])
    struct Lines: AnalysisSink {
      var numbers: [Int] = []
      var stats: [InputStats] = []
      mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
        numbers.append(context.info.number)
        return .proceed
      }
      mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) { self.stats.append(stats) }
    }
    var sink = Lines()
    _ = Pipeline.run(paths.map(InputFile.init(path:)), options: options, names: NameTable(), sink: &sink)
    let stats = try #require(sink.stats.first)
    #expect(sink.numbers == [1])
    #expect(stats.prefilteredLines == stats.lines - 1)
    #expect(stats.recognized + stats.ignored + stats.unrecognized == 1)

    // A literal of one line: that line is given with its own number.
    let text = try String(contentsOfFile: paths[0], encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let target = lines.firstIndex { $0.contains("NOQUEUE: reject: RCPT") }!
    options.prefilter = LinePrefilter(literals: [String(lines[target].suffix(40))])
    sink = Lines()
    _ = Pipeline.run(paths.map(InputFile.init(path:)), options: options, names: NameTable(), sink: &sink)
    #expect(sink.numbers.contains(target + 1))
  }

  @Test("Patterns that no short literal list finds have no prefilter")
  func unfilterablePatterns() {
    #expect(LinePrefilter(codePattern: CodePattern("5xx")!) == nil)
    #expect(LinePrefilter(codePattern: CodePattern("4.*.*")!) == nil)
    #expect(LinePrefilter(codePattern: CodePattern("55x")!) != nil)
    #expect(LinePrefilter(codePattern: CodePattern("5.7.*")!)?.literals.contains("5.7.") == true)
    #expect(LinePrefilter(literals: []) == nil)
    #expect(LinePrefilter(literals: ["a\nb"]) == nil)
  }

  @Test("The literal search finds every literal at every offset of a chunk")
  func literalSearch() {
    let set = LiteralSet([Array("554".utf8), Array("synchronization error".utf8), Array("x".utf8)])
    for length in [0, 1, 5, 16, 17, 40, 100] {
      for at in 0..<max(1, length) {
        var bytes = [UInt8](repeating: 0x61, count: length)
        guard at + 3 <= length else { continue }
        bytes.replaceSubrange(at..<(at + 3), with: Array("554".utf8))
        let found = bytes.withUnsafeBufferPointer { set.firstMatch(in: $0.baseAddress!, from: 0, end: length) }
        #expect(found == at, "554 at \(at) of \(length)")
        let notBefore = bytes.withUnsafeBufferPointer { set.firstMatch(in: $0.baseAddress!, from: at + 1, end: length) }
        #expect(notBefore == nil)
      }
    }
  }

  @Test("The literal search with three-byte anchors finds every literal at every offset")
  func literalSearchTriples() {
    // Only literals of three or more bytes: the search takes its 32-byte register path.
    let set = LiteralSet(["554", "synchronization error", "refused connection from"].map { Array($0.utf8) })
    for literal in ["554", "synchronization error"] {
      let bytes = Array(literal.utf8)
      for length in [bytes.count, 18, 33, 34, 35, 50, 66, 67, 100] where length >= bytes.count {
        for at in 0...(length - bytes.count) {
          var line = [UInt8](repeating: 0x20, count: length)
          line.replaceSubrange(at..<(at + bytes.count), with: bytes)
          let found = line.withUnsafeBufferPointer { set.firstMatch(in: $0.baseAddress!, from: 0, end: length) }
          #expect(found == at, "\(literal) at \(at) of \(length)")
          let after = line.withUnsafeBufferPointer { set.firstMatch(in: $0.baseAddress!, from: at + 1, end: length) }
          #expect(after == nil)
        }
      }
    }
  }

  @Test("Two anchors one bit apart are tested as one, and still find exactly their literals")
  func mergedAnchors() {
    let set = LiteralSet(["554", " > ", " < ", "postscreen"].map { Array($0.utf8) })
    #expect(set.anchors.count == 3, "\(set.anchors)")
    #expect(set.anchors.contains { $0.hasPrefix(" > ") || $0.hasPrefix(" < ") })
    // ` > ` and ` < ` at every offset, and the bytes around them that the masked bit could
    // confuse (`=` is 0x3D, `?` 0x3F, `<`|2 is `>`): those must not match.
    for literal in [" > ", " < ", " = ", " ? ", " 4 ", " . "] {
      let bytes = Array(literal.utf8)
      for length in [3, 18, 33, 34, 35, 66, 100] {
        for at in 0...(length - 3) {
          var line = [UInt8](repeating: 0x61, count: length)
          line.replaceSubrange(at..<(at + 3), with: bytes)
          let found = line.withUnsafeBufferPointer { set.firstMatch(in: $0.baseAddress!, from: 0, end: length) }
          #expect(found == (literal == " > " || literal == " < " ? at : nil), "\(literal) at \(at) of \(length)")
        }
      }
    }
  }

  @Test("Newlines are counted and found from the end exactly")
  func newlineScans() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20 {
      // Bytes around the newline too (0x0B, 0x8A, 0x0A ^ 0x80), which word tricks confuse.
      let alphabet: [UInt8] = [0x0A, 0x0B, 0x09, 0x8A, 0x61, 0x00, 0xFF]
      let bytes = (0..<300).map { _ in alphabet.randomElement(using: &generator)! }
      bytes.withUnsafeBufferPointer { b in
        let p = b.baseAddress!
        for from in stride(from: 0, to: 300, by: 7) {
          for end in stride(from: from, through: 300, by: 5) {
            let slice = bytes[from..<end]
            #expect(ByteScan.count(0x0A, in: p, from: from, end: end) == slice.filter { $0 == 0x0A }.count)
            #expect(ByteScan.last(0x0A, in: p, from: from, end: end) == (slice.lastIndex(of: 0x0A) ?? from - 1))
          }
        }
      }
    }
  }

  @Test("Lines skipped together keep their numbers; a long line is still lent, truncated")
  func skippedRuns() {
    var text = "first line\n"
    for i in 0..<50 { text += "plain line \(i)\n" }
    text += String(repeating: "z", count: 300) + "\n"
    for i in 0..<10 { text += "plain again \(i)\n" }
    text += "reject: 554 5.7.1 denied\nlast plain\n"
    for step in [1, 7, 64, 4096] {
      let reader = LineReader(chunkSize: 256, maxLineLength: 100)
      reader.prefilter = LiteralSet([Array("554".utf8)])
      var lent: [(Int, Bool)] = []
      reader.read(MemorySource(text, step: step)) { _, info in
        lent.append((info.number, info.isTruncated))
        return .proceed
      }
      #expect(lent.map(\.0) == [1, 52, 63], "step \(step)")
      #expect(lent.map(\.1) == [false, true, false])
      #expect(reader.lineCount == 64)
      #expect(reader.skippedLines == 61)
      #expect(reader.truncatedLines == 1)
    }
  }
}
