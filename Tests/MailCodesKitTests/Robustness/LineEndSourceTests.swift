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

/// Lone-CR line ends (classic Mac OS): decided from the first 64 KiB, read as lines, at every
/// chunk size and however the reads split the input.
@Suite("Line ends: lone CR")
struct LineEndSourceTests {
  /// The contract in two steps: if the first 64 KiB hold no LF but a CR, every CR not
  /// followed by LF is an LF; then the reader's rules (`LineReaderTests.oracle`).
  static func oracle(_ bytes: [UInt8], limit: Int) -> (lines: [([UInt8], Bool)], loneCR: Bool) {
    let window = bytes.prefix(LineEndSource.window)
    let loneCR = !window.contains(0x0A) && window.contains(0x0D)
    var translated = bytes
    if loneCR {
      for i in translated.indices
      where translated[i] == 0x0D && (i + 1 == translated.count || translated[i + 1] != 0x0A) {
        translated[i] = 0x0A
      }
    }
    return (LineReaderTests.oracle(translated, limit: limit), loneCR)
  }

  static let samples: [String] = [
    "a\rb\rc\r",
    "a\rb\rc",
    "\r\r\r",
    "\r",
    "only one line, no line end",
    "Nov 28 06:25:01 mx1 postfix/smtpd[1]: connect from unknown[192.0.2.1]\rNov 28 06:25:02 mx1 postfix/smtpd[1]: "
      + "disconnect from unknown[192.0.2.1] ehlo=1 quit=1 commands=2\r",
    "mixed\rcrlf\r\nafter\rend",
    "lf first\nthen\rcr\r",
    "crlf first\r\nthen\rcr\r",
    "nul\u{0}\rbyte\r\u{0}",
    "utf8 é\r漢字\r🙂",
  ]

  func read(_ bytes: [UInt8], chunk: Int, step: Int, limit: Int = 1 << 16) -> (
    lines: [([UInt8], Bool)], source: LineEndSource,
    reader: LineReader
  ) {
    let source = LineEndSource(wrapping: MemorySource(bytes, step: step))
    let reader = LineReader(chunkSize: chunk, maxLineLength: limit)
    return (readLines(source, reader: reader), source, reader)
  }

  @Test("CR-only, CRLF and mixed samples at every chunk size and read step", arguments: LineReaderTests.chunkSizes)
  func sweep(chunk: Int) {
    for sample in Self.samples {
      let bytes = Array(sample.utf8)
      for step in [1, 2, 3, 5, 64, 1 << 20] {
        for limit in [4, 16, 1 << 16] {
          let got = read(bytes, chunk: chunk, step: step, limit: limit)
          let want = Self.oracle(bytes, limit: limit)
          #expect(
            got.lines.map(\.0) == want.lines.map(\.0),
            "chunk \(chunk) step \(step) limit \(limit) \(sample.debugDescription)")
          #expect(got.lines.map(\.1) == want.lines.map(\.1))
          #expect(got.source.loneCR == want.loneCR, "\(sample.debugDescription)")
          #expect(got.reader.byteCount == Int64(bytes.count), "lone CRs are served one byte for one byte")
        }
      }
    }
  }

  @Test("a CR-only log reads as its lines; a CRLF log is left alone")
  func crOnlyLog() throws {
    let plain = try Fixtures.text("input/plain.log")
    let crOnly = Array(plain.utf8).map { $0 == 0x0A ? 0x0D : $0 }
    let lf = read(Array(plain.utf8), chunk: 4096, step: 4096)
    let cr = read(crOnly, chunk: 4096, step: 4096)
    #expect(cr.source.loneCR && !lf.source.loneCR)
    #expect(cr.lines.count == 300)
    #expect(cr.lines.map(\.0) == lf.lines.map(\.0))
    let crlf = Array(plain.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    let both = read(crlf, chunk: 4096, step: 4096)
    #expect(!both.source.loneCR)
    #expect(both.lines.map(\.0) == lf.lines.map(\.0))
  }

  @Test("the decision looks at the first 64 KiB only, whatever the reads")
  func window() {
    // A CR inside the window and the first LF past it: lone CR. An LF inside the window wins.
    var lateLF = [UInt8](repeating: 0x41, count: 70_000)
    lateLF[10] = 0x0D
    lateLF[69_000] = 0x0A
    var earlyLF = lateLF
    earlyLF[60_000] = 0x0A
    for step in [1000, 4096, 16 * 1024 + 1, 1 << 20] {
      #expect(read(lateLF, chunk: 4096, step: step).source.loneCR, "step \(step)")
      #expect(!read(earlyLF, chunk: 4096, step: step).source.loneCR, "step \(step)")
    }
    // No CR at all in a long first line: an ordinary truncated line, as before.
    let long = [UInt8](repeating: 0x41, count: 70_000) + [0x0A, 0x42]
    let got = read(long, chunk: 65536, step: 65536)
    #expect(!got.source.loneCR)
    #expect(got.lines.count == 2 && got.lines[0].1 && got.reader.truncatedLines == 1)
  }

  @Test("through the opener: plain and gzip inputs, and the report says how the lines ended")
  func opener() throws {
    let plain = try Fixtures.text("input/plain.log")
    let path = Fixtures.temporaryFile(Array(plain.utf8).map { $0 == 0x0A ? 0x0D : $0 })
    defer { try? FileManager.default.removeItem(atPath: path) }
    let opened = try InputOpener.open(InputFile(path: path))
    #expect(opened.loneCRLineEnds)
    let (summary, totals) = Engine.summary([path])
    let lf = Engine.summary([Fixtures.path("input/plain.log")]).0
    #expect(totals.errors.isEmpty)
    #expect(summary.inputs[0].lines == 300 && summary.inputs[0].loneCRLineEnds)
    #expect(summary.inputs[0].recognized == lf.inputs[0].recognized)
    #expect(summary.replies.counts == lf.replies.counts)
    #expect(SummaryJSON.render(summary).contains("\"line_ends\":\"cr\""))
    #expect(!SummaryJSON.render(lf).contains("line_ends"))
    #expect(
      TextRenderer().render(Report(summary: summary, top: 3))
        .contains("    lines end in a lone CR (old Mac style): each CR read as a line end\n"))
  }

  @Test("a read error while deciding comes after the bytes read before it")
  func errorWhileDeciding() throws {
    let gz = try InputOpener.open(InputFile(path: Fixtures.path("input/corrupt.log.gz")))
    let reader = LineReader(chunkSize: 64)
    _ = readLines(gz.source, reader: reader)
    #expect(try #require(reader.error).kind == .gzipCorrupt)
  }
}
