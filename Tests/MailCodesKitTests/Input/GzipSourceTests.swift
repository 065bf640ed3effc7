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

@Suite("gzip inputs")
struct GzipSourceTests {
  func lines(_ path: String, chunk: Int = 256 * 1024) -> (
    lines: [[UInt8]], error: InputError?, warning: InputError?,
    compressed: Bool
  ) {
    guard let opened = try? InputOpener.open(InputFile(path: path)) else { return ([], nil, nil, false) }
    let reader = LineReader(chunkSize: chunk)
    let got = readLines(opened.source, reader: reader)
    return (got.map(\.0), reader.error, opened.source.warning, opened.isCompressed)
  }

  @Test("a gzip file equals its plain twin, at every chunk size", arguments: LineReaderTests.chunkSizes)
  func twin(chunk: Int) {
    let plain = lines(Fixtures.path("input/plain.log"), chunk: chunk)
    let gz = lines(Fixtures.path("input/plain.log.gz"), chunk: chunk)
    #expect(gz.compressed && !plain.compressed)
    #expect(gz.lines == plain.lines)
    #expect(gz.lines.count == 300)
    #expect(gz.error == nil && gz.warning == nil)
  }

  @Test("multi-member gzip is read to the end")
  func multiMember() {
    let plain = lines(Fixtures.path("input/plain.log"))
    let gz = lines(Fixtures.path("input/multi-member.log.gz"))
    #expect(gz.lines == plain.lines)
    #expect(gz.error == nil)
  }

  @Test("detection is by magic bytes, not by name")
  func magic() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("input/plain.log.gz")))
    let path = Fixtures.temporaryFile(Array(data), suffix: ".txt")
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(lines(path).compressed)
    #expect(lines(path).lines.count == 300)
  }

  @Test("a truncated gzip keeps what was decoded and reports the line it reached")
  func truncated() throws {
    let gz = lines(Fixtures.path("input/truncated.log.gz"))
    let error = try #require(gz.error)
    #expect(error.kind == .gzipTruncated)
    #expect(gz.lines.count > 10 && gz.lines.count < 300)
    #expect(error.line == gz.lines.count)
    #expect(error.description.contains("truncated.log.gz: line \(gz.lines.count): compressed data is truncated"))
  }

  @Test("trailing garbage is a warning; every line before it is read")
  func trailingGarbage() throws {
    let gz = lines(Fixtures.path("input/trailing-garbage.log.gz"))
    #expect(gz.lines.count == 300)
    #expect(gz.error == nil)
    #expect(try #require(gz.warning).kind == .gzipTrailingGarbage)
  }

  @Test("corrupt deflate data is an error, not a crash")
  func corrupt() throws {
    let gz = lines(Fixtures.path("input/corrupt.log.gz"))
    #expect(try #require(gz.error).kind == .gzipCorrupt)
  }
}
