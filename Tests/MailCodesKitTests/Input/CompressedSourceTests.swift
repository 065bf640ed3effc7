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

/// bzip2, xz and zstd rotations (logrotate's `compresscmd`), and compressions that are not read.
@Suite("bzip2, xz and zstd inputs")
struct CompressedSourceTests {
  static let extensions: [(String, Compression)] = [("bz2", .bzip2), ("xz", .xz), ("zst", .zstd)]

  func lines(_ path: String, chunk: Int = 256 * 1024) -> (
    lines: [[UInt8]], error: InputError?, warning: InputError?,
    compression: Compression?
  ) {
    guard let opened = try? InputOpener.open(InputFile(path: path)) else { return ([], nil, nil, nil) }
    let reader = LineReader(chunkSize: chunk)
    let got = readLines(opened.source, reader: reader)
    return (got.map(\.0), reader.error, opened.source.warning, opened.compression)
  }

  @Test("each compressed file equals its plain twin, at every read size", arguments: LineReaderTests.chunkSizes)
  func twins(chunk: Int) {
    let plain = lines(Fixtures.path("input/plain.log"), chunk: chunk)
    #expect(plain.lines.count == 300 && plain.compression == nil)
    for (ext, compression) in Self.extensions {
      let got = lines(Fixtures.path("input/plain.log.\(ext)"), chunk: chunk)
      #expect(got.compression == compression, "\(ext)")
      #expect(got.lines.count == plain.lines.count && got.lines == plain.lines, "\(ext): \(got.lines.count) lines")
      #expect(got.error == nil && got.warning == nil, "\(ext): \(String(describing: got.error))")
    }
  }

  @Test("compressed input read one byte at a time decodes the same")
  func oneByteInput() throws {
    let plain = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("input/plain.log")))
    for (ext, compression) in Self.extensions {
      let packed = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("input/plain.log.\(ext)")))
      let source = compression.source(wrapping: MemorySource(Array(packed), step: 1), inputChunk: 1)
      var out: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 5)
      while true {
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { break }
        out += buffer[0..<n]
      }
      #expect(out.count == plain.count && out == Array(plain), "\(ext): \(out.count) bytes")
    }
  }

  @Test("several concatenated streams are read to the end")
  func multiStream() {
    let plain = lines(Fixtures.path("input/plain.log"))
    for (ext, _) in Self.extensions {
      let got = lines(Fixtures.path("input/multi-stream.log.\(ext)"))
      #expect(got.lines.count == plain.lines.count && got.lines == plain.lines, "\(ext): \(got.lines.count) lines")
      #expect(got.error == nil, "\(ext): \(String(describing: got.error))")
    }
  }

  @Test("a truncated file keeps what was decoded and names the file and the compression")
  func truncated() throws {
    for (ext, compression) in Self.extensions {
      let got = lines(Fixtures.path("input/truncated.log.\(ext)"))
      let error = try #require(got.error, "\(ext)")
      #expect(error.kind == .compressedTruncated)
      #expect(got.lines.count < 300)
      #expect(
        error.description.contains(
          "truncated.log.\(ext): line \(got.lines.count): \(compression.rawValue) data is "
            + "truncated (unexpected end of file)"), "\(error)")
    }
  }

  @Test("detection is by magic bytes, not by name")
  func magic() throws {
    for (ext, compression) in Self.extensions {
      let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("input/plain.log.\(ext)")))
      let path = Fixtures.temporaryFile(Array(data), suffix: ".1")
      defer { try? FileManager.default.removeItem(atPath: path) }
      let got = lines(path)
      #expect(got.compression == compression && got.lines.count == 300, "\(ext)")
    }
  }

  @Test("bzip2 trailing garbage is a warning; every line before it is read")
  func trailingGarbage() throws {
    let got = lines(Fixtures.path("input/trailing-garbage.log.bz2"))
    #expect(got.lines.count == 300 && got.error == nil)
    #expect(try #require(got.warning).kind == .compressedTrailingGarbage)
  }

  @Test("corrupt data is an error, not a crash")
  func corrupt() throws {
    for (magic, ext) in [
      ([0x42, 0x5A, 0x68, 0x39] as [UInt8], "bz2"), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz"),
      ([0x28, 0xB5, 0x2F, 0xFD], "zst"),
    ] {
      let path = Fixtures.temporaryFile(magic + Array("this is not compressed data at all\n".utf8), suffix: "." + ext)
      defer { try? FileManager.default.removeItem(atPath: path) }
      let got = lines(path)
      #expect(try #require(got.error).kind == .compressedCorrupt, "\(ext)")
    }
  }

  @Test("lz4 and compress (.Z) are errors naming the file, never text with no mail line")
  func unsupported() {
    for (file, name) in [("unsupported.log.lz4", "lz4"), ("unsupported.log.Z", "compress (.Z)")] {
      let path = Fixtures.path("input/" + file)
      do {
        _ = try InputOpener.open(InputFile(path: path))
        Issue.record("\(file) was opened")
      } catch {
        #expect(error.kind == .unsupportedCompression)
        #expect(error.description.hasPrefix(path + ": compressed with \(name), which mailcodes cannot read"))
      }
    }
  }
}
