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

  static let allMatchSets: [[String]] =
    sets + [
      // More anchors than one AVX2 pass takes (`allMatches` runs one pass per five).
      [
        "554", " > ", " < ", "hopcount exceeded", "CONNECT from", "without valid RCPT", "synchronization error",
        "refused connection from", "refused (IP options)", "too many nonmail commands", "connect from", "client=",
        " after ", " limit exceeded", "421", "521", "reject: ", "warning: ", "hangup: ", "abort: TLS",
      ],
      // Literals that share an anchor at different offsets: two starts for one anchor hit.
      ["from", "CONNECT from", "ECT f", "T fr"],
    ]

  /// Every start in `from..<end` of a literal that ends at or before `end`.
  static func allOracle(_ text: [UInt8], _ literals: [[UInt8]], from: Int, end: Int) -> [Int] {
    guard from < end else { return [] }
    return (from..<end).filter { s in
      literals.contains { l in s + l.count <= end && Array(text[s..<(s + l.count)]) == l }
    }
  }

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

  @Test("every match of a block, in one call, with AVX2 passes and without", arguments: allMatchSets)
  func allMatches(_ set: [String]) {
    let literals = set.map { Array($0.utf8) }
    for allowAVX2 in [true, false] {
      let search = LiteralSet(literals, allowAVX2: allowAVX2)
      for seed: UInt64 in 1...3 {
        // Whole literals among bytes of theirs: many hits, and starts close to a range's ends.
        var state = seed
        let alphabet = Array(set.joined().utf8) + Array("xy \n".utf8)
        var text: [UInt8] = []
        while text.count < 3000 {
          state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
          let r = Int(state >> 33)
          if r % 4 == 0 { text += literals[r / 4 % literals.count] } else { text.append(alphabet[r % alphabet.count]) }
        }
        text.removeLast(text.count - 3000)
        text.withUnsafeBufferPointer { buffer in
          let p = buffer.baseAddress!
          for (from, end) in [(0, 3000), (1, 2999), (7, 300), (0, 255), (100, 357), (63, 2000), (5, 70), (0, 0)] {
            var found: [Int] = [-1]
            search.allMatches(in: p, from: from, end: end, into: &found)
            let expected = Self.allOracle(text, literals, from: from, end: end)
            #expect(found == [-1] + expected, "AVX2 \(allowAVX2), seed \(seed), from \(from) end \(end)")
            #expect(!expected.isEmpty || end - from < 300)
          }
        }
      }
    }
  }
}
