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

/// The line reader against a trivial oracle, at every chunk size that can split a line, a CRLF
/// pair or a multi-byte character across reads (NIO's chunk-size sweep).
@Suite("LineReader")
struct LineReaderTests {
  static let chunkSizes = [1, 2, 3, 7, 64, 4096]

  static let samples: [String] = [
    "",
    "one line without newline",
    "a\nb\nc\n",
    "a\nb\nc",
    "\n\n\n",
    "crlf\r\nline two\r\nlast\r\n",
    "bare cr\rinside\nand \r\r\n",
    "nul \u{0} byte\nafter\n",
    "utf8 é 漢字 🙂\nmore\n",
    String(repeating: "x", count: 100) + "\n" + String(repeating: "y", count: 30) + "\n",
    String(repeating: "long line ", count: 30) + "\nshort\n",
  ]

  /// Splits on `\n`, drops one `\r` before it, keeps a last line without `\n`, and cuts lines
  /// longer than `limit`.
  static func oracle(_ bytes: [UInt8], limit: Int) -> [([UInt8], Bool)] {
    var lines: [([UInt8], Bool)] = []
    var current: [UInt8] = []
    func finish() {
      if current.last == 0x0D { current.removeLast() }
      lines.append(current.count > limit ? (Array(current.prefix(limit)), true) : (current, false))
      current = []
    }
    for b in bytes {
      if b == 0x0A { finish() } else { current.append(b) }
    }
    if !current.isEmpty { finish() }
    return lines
  }

  @Test("matches the oracle at every chunk size", arguments: chunkSizes)
  func sweep(chunk: Int) {
    for sample in Self.samples {
      for limit in [16, 64, 1 << 16] {
        let bytes = Array(sample.utf8)
        let reader = LineReader(chunkSize: chunk, maxLineLength: limit)
        let got = readLines(MemorySource(bytes, step: max(1, chunk / 2 + 1)), reader: reader)
        let want = Self.oracle(bytes, limit: limit)
        #expect(got.map(\.0) == want.map(\.0), "chunk \(chunk), limit \(limit), sample \(sample.debugDescription)")
        #expect(got.map(\.1) == want.map(\.1), "truncation flags, chunk \(chunk), limit \(limit)")
        #expect(reader.truncatedLines == want.filter(\.1).count)
        #expect(reader.lineCount == want.count)
        #expect(reader.byteCount == Int64(bytes.count))
      }
    }
  }

  @Test("a real log reads the same at every chunk size", arguments: chunkSizes)
  func realLog(chunk: Int) throws {
    let bytes = Array(try Fixtures.text("input/plain.log").utf8)
    let got = readLines(MemorySource(bytes, step: chunk), reader: LineReader(chunkSize: chunk))
    #expect(got.map(\.0) == Self.oracle(bytes, limit: 1 << 16).map(\.0))
    #expect(got.count == 300)
  }

  @Test("a 10 MB line is truncated once, counted, and the next line survives")
  func hugeLine() {
    var bytes = [UInt8](repeating: 0x41, count: 10_000_000)
    bytes.append(0x0A)
    bytes.append(contentsOf: Array("after\n".utf8))
    let reader = LineReader(chunkSize: 65536, maxLineLength: 65536)
    let got = readLines(MemorySource(bytes, step: 65536), reader: reader)
    #expect(got.count == 2)
    #expect(got[0].0.count == 65536 && got[0].1)
    #expect(got[1].0 == Array("after".utf8) && !got[1].1)
    #expect(reader.truncatedLines == 1)
  }

  @Test("a consumer can stop early")
  func stop() {
    let reader = LineReader(chunkSize: 4)
    var seen = 0
    reader.read(MemorySource("a\nb\nc\nd\n", step: 3)) { _, _ in
      seen += 1
      return seen == 2 ? .stop : .proceed
    }
    #expect(seen == 2)
  }

  @Test("line numbers and offsets")
  func positions() {
    let reader = LineReader(chunkSize: 3)
    var infos: [LineInfo] = []
    reader.read(MemorySource("ab\r\ncd\n\nef", step: 2)) { _, info in
      infos.append(info)
      return .proceed
    }
    #expect(infos.map(\.number) == [1, 2, 3, 4])
    #expect(infos.map(\.offset) == [0, 4, 7, 8])
  }
}
