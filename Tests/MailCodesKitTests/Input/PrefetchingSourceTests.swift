import Foundation
import MailCodesTestSupport
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesPipeline
@testable import MailCodesSupport

/// Reading ahead on a second thread (`PrefetchingSource`) changes nothing a reader sees: the
/// same bytes, the same error, and with a prefilter the same lines lent, numbered alike.
@Suite("Reading ahead on a thread of its own")
struct PrefetchingSourceTests {
  /// A source that fails after `failAfter` bytes.
  final class FailingSource: ByteSource {
    let name = "(failing)"
    let inner: MemorySource
    var left: Int

    init(_ bytes: [UInt8], step: Int, failAfter: Int) {
      inner = MemorySource(bytes, step: step)
      left = failAfter
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
      guard left > 0 else { throw InputError(kind: .readFailed, input: name, detail: "read failed: test") }
      let n = try inner.read(
        into: UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: min(buffer.count, left)))
      left -= n
      return n
    }
  }

  static func pseudoRandomText(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    let alphabet = Array("abc 554\n<>CONNECT from xyz 5.7.1 refused\r".utf8)
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return alphabet[Int(state >> 33) % alphabet.count]
    }
  }

  static let literals = LiteralSet(["554", " > ", " < ", "CONNECT from", "refused", "5.7.1"].map { Array($0.utf8) })

  @Test("bytes come out as the source gives them, at every block size")
  func bytes() throws {
    let text = Self.pseudoRandomText(count: 5000, seed: 1)
    for blockSize in [1, 2, 3, 7, 64, 1000, 1 << 16] {
      for step in [1, 13, 4096] {
        let source = try #require(
          PrefetchingSource(wrapping: MemorySource(text, step: step), literals: Self.literals, blockSize: blockSize))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 97)
        while true {
          let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
          if n == 0 { break }
          out += buffer[0..<n]
        }
        #expect(out == text, "block \(blockSize), step \(step)")
        source.finish()
      }
    }
  }

  @Test("a read error comes after the bytes read before it")
  func readError() throws {
    let text = Self.pseudoRandomText(count: 3000, seed: 2)
    for blockSize in [5, 512, 8192] {
      let source = try #require(
        PrefetchingSource(
          wrapping: FailingSource(text, step: 100, failAfter: 1234), literals: Self.literals,
          blockSize: blockSize))
      var out: [UInt8] = []
      var failure: InputError?
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 1)
      defer { buffer.deallocate() }
      while true {
        do throws(InputError) {
          let n = try source.read(into: buffer)
          if n == 0 { break }
          out += buffer[0..<n]
        } catch {
          failure = error
          break
        }
      }
      #expect(out == Array(text.prefix(1234)))
      #expect(failure?.kind == .readFailed)
    }
  }

  /// Every line a prefiltered reader lends: number, offset, truncation, bytes; and its counts.
  static func lent(_ source: ByteSource, chunkSize: Int, maxLineLength: Int) -> ([String], Int, Int, Int) {
    let reader = LineReader(chunkSize: chunkSize, maxLineLength: maxLineLength)
    reader.prefilter = Self.literals
    var out: [String] = []
    reader.read(source) { line, info in
      out.append("\(info.number) \(info.offset) \(info.isTruncated) \(line.bytes)")
      return .proceed
    }
    return (out, reader.lineCount, reader.skippedLines, reader.truncatedLines)
  }

  @Test(
    "a prefiltered reader lends the same lines as with its own search",
    arguments: [1, 2, 5, 16, 31, 64, 257, 4096])
  func sameLines(blockSize: Int) throws {
    for seed: UInt64 in 1...6 {
      var text = Self.pseudoRandomText(count: 6000, seed: seed)
      // A line longer than the limit, with a literal past its cut.
      text += Array(repeating: UInt8(ascii: "x"), count: 300) + Array("554\nafter 554\n".utf8)
      for chunkSize in [1, 7, 100, 4096] {
        let expected = Self.lent(MemorySource(text, step: 50), chunkSize: chunkSize, maxLineLength: 120)
        let source = try #require(
          PrefetchingSource(wrapping: MemorySource(text, step: 50), literals: Self.literals, blockSize: blockSize))
        let actual = Self.lent(source, chunkSize: chunkSize, maxLineLength: 120)
        source.finish()
        #expect(actual.0 == expected.0, "seed \(seed), block \(blockSize), chunk \(chunkSize)")
        #expect(actual.1 == expected.1 && actual.2 == expected.2 && actual.3 == expected.3)
        #expect(expected.2 > 0)
      }
    }
  }

  @Test("a consumer that stops early ends the thread")
  func stopEarly() throws {
    let text = Self.pseudoRandomText(count: 200_000, seed: 9)
    let source = try #require(
      PrefetchingSource(wrapping: MemorySource(text, step: 4096), literals: Self.literals, blockSize: 1024, blocks: 2))
    let reader = LineReader(chunkSize: 512)
    reader.prefilter = Self.literals
    var lines = 0
    reader.read(source) { _, _ in
      lines += 1
      return lines == 3 ? .stop : .proceed
    }
    source.finish()
    #expect(lines == 3)
  }

  @Test("grep's counts of the lab logs are the same with reading ahead in blocks of any size")
  func labLogs() throws {
    let runs: [[String]] = [
      ["postfix-syslog.log.1.gz", "postfix-syslog.log"].map(Fixtures.lab),
      [Fixtures.lab("postfix-rfc3339.log")],
      ["exim-mainlog", "exim-rejectlog"].map(Fixtures.lab),
    ]
    for paths in runs {
      for code in ["554", "550", "5.7.1", "221", "421"] {
        let pattern = try #require(CodePattern(code))
        let prefilter = try #require(LinePrefilter(codePattern: pattern))
        var counts: [[String: Int]] = []
        for blockSize: Int? in [nil, 1 << 20, 4096, 1000, 301, 37] {
          var options = Engine.options()
          options.prefilter = prefilter
          options.readAheadBlockSize = blockSize
          counts.append(Engine.table(paths, by: [.code, .enhanced], options: options).counts)
        }
        #expect(counts.allSatisfy { $0 == counts[0] }, "\(code) in \(paths)")
        #expect(!counts[0].isEmpty)
      }
    }
  }

  static let secondary = LiteralSet(["554", "CONNECT from", "ref"].map { Array($0.utf8) })

  @Test(
    "the read-ahead search for a second set of literals answers as a search of each lent line",
    arguments: [3, 16, 64, 257, 1000, 4096])
  func secondaryMatches(blockSize: Int) throws {
    for seed: UInt64 in 1...4 {
      // Lines of a few words, most with a literal of either set, some with one across the
      // lines' ends (cut by the newline), some longer than the limit.
      let words = ["554", "55", "CONNECT from", "CONNECT", "ref", "re", "refused", " > ", "abc", "5.7.1", "x"]
      var text: [UInt8] = []
      var state = seed
      while text.count < 12000 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let r = Int(state >> 33)
        text += Array(words[r % words.count].utf8)
        if r / 16 % 5 == 0 { text.append(ASCII.newline) } else if r / 16 % 3 == 0 { text.append(ASCII.space) }
      }
      for chunkSize in [7, 100, 4096] {
        let source = try #require(
          PrefetchingSource(
            wrapping: MemorySource(text, step: 50), literals: Self.literals, secondary: Self.secondary,
            blockSize: blockSize, blocks: 2))
        // Blocks are searched for the secondary literals from the first question on.
        #expect(source.hasSecondaryMatch(from: 0, end: 0) == false)
        let reader = LineReader(chunkSize: chunkSize, maxLineLength: 120)
        reader.prefilter = Self.literals
        var answered = 0
        var lines = 0
        reader.read(source) { line, info in
          lines += 1
          // From every few bytes of the line to its end, as the held-session test asks (in
          // stream order: each line once, from a point inside it).
          let from = info.number % 5
          guard from <= line.count, !info.isTruncated else { return .proceed }
          let expected = Self.secondary.firstMatch(in: line.base, from: from, end: line.count) != nil
          if let answer = source.hasSecondaryMatch(
            from: info.offset + Int64(from), end: info.offset + Int64(line.count))
          {
            answered += 1
            #expect(answer == expected, "seed \(seed), block \(blockSize), chunk \(chunkSize), line \(info.number)")
          }
          return .proceed
        }
        source.finish()
        #expect(lines > 100)
        // Unanswered: lines across a block's end, and those of the (at most two) blocks read
        // ahead before the first question.
        if blockSize >= 257, blockSize <= 1000 { #expect(answered > lines / 2) }
      }
    }
  }

  @Test("without secondary literals nothing is answered")
  func noSecondary() throws {
    let text = Self.pseudoRandomText(count: 2000, seed: 3)
    let source = try #require(
      PrefetchingSource(wrapping: MemorySource(text, step: 50), literals: Self.literals, blockSize: 4096))
    let reader = LineReader(chunkSize: 512)
    reader.prefilter = Self.literals
    reader.read(source) { line, info in
      #expect(source.hasSecondaryMatch(from: info.offset, end: info.offset + Int64(line.count)) == nil)
      return .proceed
    }
    source.finish()
  }
}
