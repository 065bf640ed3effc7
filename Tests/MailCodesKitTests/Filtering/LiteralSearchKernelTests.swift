import Testing

@testable import MailCodesSupport

/// The literal search's vector loops (AVX2 where the processor has it, SSE2 on every x86-64,
/// generic vectors elsewhere) find exactly what a byte-by-byte search finds.
@Suite("Literal search kernels")
struct LiteralSearchKernelTests {
  static let sets: [[String]] = [
    ["554"],
    ["554", " > ", " < "],
    ["554", " > ", " < ", "CONNECT from", "without valid RCPT"],
    [
      "554", " > ", " < ", "CONNECT from", "without valid RCPT", "synchronization error", "refused connection from",
      "refused (IP options)",
    ],
    ["5.7.1", "5.7.01", "5.07.1"],
  ]

  /// The first start at or after `from` of a literal that ends at or before `end`.
  static func oracle(_ text: [UInt8], _ literals: [[UInt8]], from: Int, end: Int) -> Int? {
    guard from < end else { return nil }
    for s in from..<end {
      for l in literals where s + l.count <= end && Array(text[s..<(s + l.count)]) == l { return s }
    }
    return nil
  }

  static func text(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    let alphabet = Array("554 <>.71 CONNECTfrom RCPT refusedion\n0".utf8)
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return alphabet[Int(state >> 33) % alphabet.count]
    }
  }

  @Test("AVX2 and SSE2 loops agree with a byte-by-byte search at every offset", arguments: sets)
  func agree(_ set: [String]) {
    let literals = set.map { Array($0.utf8) }
    let wide = LiteralSet(literals, allowAVX2: true)
    let narrow = LiteralSet(literals, allowAVX2: false)
    #expect(wide.usesAVX2 == LiteralSet.avx2Available)
    #expect(!narrow.usesAVX2)
    for seed: UInt64 in 1...4 {
      let text = Self.text(count: 400, seed: seed)
      text.withUnsafeBufferPointer { buffer in
        let p = buffer.baseAddress!
        for end in [0, 1, 65, 66, 67, 130, 399, 400] {
          for from in stride(from: 0, to: max(1, end), by: 1) {
            let expected = Self.oracle(text, literals, from: from, end: end)
            #expect(wide.firstMatch(in: p, from: from, end: end) == expected, "from \(from) end \(end)")
            #expect(narrow.firstMatch(in: p, from: from, end: end) == expected, "from \(from) end \(end)")
          }
        }
      }
    }
  }
}
