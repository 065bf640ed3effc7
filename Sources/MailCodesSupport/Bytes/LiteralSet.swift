#if arch(x86_64)
  import _Builtin_intrinsics.intel
  import MailCodesAVX2
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// A small set of byte strings searched for together (the line prefilter's engine).
///
/// Performance: one pass over the bytes tests 16 positions per vector against one run of up
/// to three adjacent bytes per literal, its *anchor*: per anchor three byte comparisons (at
/// offsets 0, 1 and 2) AND-ed, OR-ed across anchors; with up to five three-byte anchors (the
/// usual case) they stay in registers and two vectors (32 positions) share one test. Only a
/// position where an anchor matches is compared in full. The
/// anchor is the run of the literal that mail logs hold least often by a static estimate
/// (`rarity`), shared between literals where it can be (greedy cover): `554` is its own
/// anchor, `refused connection from` and `refused (IP options)` share `fus`. Three bytes
/// make hits rare where one byte (`memchr` on the `5` of `554`) would stop at every
/// timestamp, and one pass serves all literals. Two three-byte anchors that differ only in one
/// bit of their middle byte (` > ` and ` < ` of Postfix dialogue lines) are tested as one: that
/// bit is set in every middle byte before the comparison (one OR per block, for all anchors,
/// which then also stop at a few runs one bit away, such as `574` for `554`: the full
/// comparison rejects those). Four anchors instead of five keep the register path free of
/// spills.
public struct LiteralSet: @unchecked Sendable {
  /// The literals, each at least one byte, none containing a newline.
  public let literals: [[UInt8]]
  public let maxLength: Int
  private let table: Table

  /// Anchors and literal bytes in one allocation, read without closures or checks.
  private final class Table {
    public let anchorCount: Int
    /// Per anchor: its three bytes in every lane, and masks (0 for the missing second or
    /// third byte of a shorter anchor).
    public let firsts: UnsafeMutablePointer<SIMD16<UInt8>>
    public let seconds: UnsafeMutablePointer<SIMD16<UInt8>>
    public let thirds: UnsafeMutablePointer<SIMD16<UInt8>>
    public let secondMasks: UnsafeMutablePointer<SIMD16<UInt8>>
    public let thirdMasks: UnsafeMutablePointer<SIMD16<UInt8>>
    /// The bits set in every middle byte before it is compared (in `seconds` too): 0, or the
    /// bits of the anchors that stand for two (`merged(_:)`), in every lane.
    public let secondBits: SIMD16<UInt8>
    /// Every anchor has three bytes (the masks can be left out).
    public let allTriples: Bool
    /// Per literal: its bytes (at `offsets`), length and anchor offset.
    public let bytes: UnsafeMutablePointer<UInt8>
    public let offsets: UnsafeMutablePointer<Int>
    public let lengths: UnsafeMutablePointer<Int>
    public let anchorAt: UnsafeMutablePointer<Int>
    public let literalCount: Int
    /// The anchors as byte triples, for the AVX2 loop; nil where it is not used (no AVX2,
    /// anchors shorter than three bytes or more than five, or not asked for).
    public let avx2Triples: UnsafeMutablePointer<UInt8>?
    /// All anchors as byte triples in groups of at most five, for `allMatches`'s AVX2 passes
    /// (one pass per group); nil where AVX2 is not used or an anchor is shorter.
    public let avx2Groups: UnsafeMutablePointer<UInt8>?
    /// Per group of five anchors g: the literals anchored on one of them are
    /// `groupLiterals[groupStarts[g]..<groupStarts[g + 1]]` (a literal is found where its own
    /// anchor hits, so a group's hits need only its own literals confirmed).
    public let groupStarts: UnsafeMutablePointer<Int>
    /// Per tested anchor t: its literals are `groupLiterals[anchorStarts[t]..<anchorStarts[t + 1]]`,
    /// and `anchorKeys[t]` its three bytes (the middle one with `secondBits`) as one word.
    public let anchorStarts: UnsafeMutablePointer<Int>
    public let anchorKeys: UnsafeMutablePointer<UInt32>
    /// 2^16 bits, set at `keyBit(k)` of every anchor key k: a candidate of the nibble tables
    /// whose key's bit is clear is no anchor (most of them), without a look at the keys.
    public let anchorFilter: UnsafeMutablePointer<UInt64>

    @inline(__always) public static func keyBit(_ key: UInt32) -> Int { Int((key &* 0x9E37_79B1) >> 16) }
    /// For more than five anchors: the nibble tables of `avx2NibbleHitBlocks` (anchor t in
    /// bucket t mod 8), which tests every anchor in one pass; nil where AVX2 is not used.
    public let nibbleTables: UnsafeMutablePointer<UInt8>?
    public let groupLiterals: UnsafeMutablePointer<Int>
    /// The AVX2 loop may be used (passed on to the sets `tuned(to:)` makes).
    public let avx2Allowed: Bool
    /// The largest anchor offset: how far past a match an earlier-starting one may anchor.
    public let maxAnchorAt: Int
    /// The anchors, for diagnostics.
    public let anchorTexts: [String]

    public init(_ literals: [[UInt8]], frequency: (([UInt8]) -> Double)?, allowAVX2: Bool) {
      var anchors: [[UInt8]] = []
      var covered = [Bool](repeating: false, count: literals.count)
      var anchorAt = [Int](repeating: 0, count: literals.count)
      // Greedy cover by estimated cost per byte scanned: every anchor costs its comparisons
      // (about 0.75 instructions a byte), every hit a full comparison (about 40). A run's
      // frequency comes from a sample of the input when there is one (`tuned(to:)`), else
      // from `rarity`; the cost is shared by the literals the run anchors. Runs are as long
      // as the shortest literal left allows, up to three bytes.
      while let first = covered.firstIndex(of: false) {
        let width = min(3, literals.indices.filter { !covered[$0] }.map { literals[$0].count }.min() ?? 1)
        var best = Array(literals[first].prefix(width))
        var bestCost = Double.infinity
        for k in literals.indices where !covered[k] && literals[k].count >= width {
          let l = literals[k]
          for j in 0...(l.count - width) {
            let run = Array(l[j..<(j + width)])
            let count = literals.indices.filter {
              !covered[$0] && LiteralSet.position(of: run, in: literals[$0]) != nil
            }.count
            let perByte = frequency?(run) ?? LiteralSet.estimatedFrequency(run)
            let cost = (0.75 + 40 * perByte) / Double(count)
            if cost < bestCost {
              best = run
              bestCost = cost
            }
          }
        }
        anchors.append(best)
        for k in literals.indices where !covered[k] {
          if let j = LiteralSet.position(of: best, in: literals[k]) {
            covered[k] = true
            anchorAt[k] = j
          }
        }
      }
      let (tested, bits) = Table.merged(anchors)
      let bit = bits.reduce(0, |)
      anchorCount = tested.count
      anchorTexts = zip(tested, bits).map { anchor, own in
        let text = String(decoding: anchor, as: UTF8.self)
        return own == 0 ? text : "\(text) (bit \(own) of its middle byte masked)"
      }
      secondBits = SIMD16(repeating: bit)
      let n = max(1, tested.count)
      firsts = .allocate(capacity: n)
      seconds = .allocate(capacity: n)
      thirds = .allocate(capacity: n)
      secondMasks = .allocate(capacity: n)
      thirdMasks = .allocate(capacity: n)
      for (k, a) in tested.enumerated() {
        (firsts + k).initialize(to: SIMD16(repeating: a[0]))
        (seconds + k).initialize(to: SIMD16(repeating: a.count > 1 ? a[1] | bit : 0))
        (thirds + k).initialize(to: SIMD16(repeating: a.count > 2 ? a[2] : 0))
        (secondMasks + k).initialize(to: SIMD16(repeating: a.count > 1 ? 0xFF : 0))
        (thirdMasks + k).initialize(to: SIMD16(repeating: a.count > 2 ? 0xFF : 0))
      }
      allTriples = tested.allSatisfy { $0.count == 3 }
      literalCount = literals.count
      let total = literals.reduce(0) { $0 + $1.count }
      bytes = .allocate(capacity: max(1, total))
      offsets = .allocate(capacity: max(1, literals.count))
      lengths = .allocate(capacity: max(1, literals.count))
      self.anchorAt = .allocate(capacity: max(1, literals.count))
      var at = 0
      for (k, l) in literals.enumerated() {
        (bytes + at).initialize(from: l, count: l.count)
        (offsets + k).initialize(to: at)
        (lengths + k).initialize(to: l.count)
        (self.anchorAt + k).initialize(to: anchorAt[k])
        at += l.count
      }
      maxAnchorAt = anchorAt.max() ?? 0
      avx2Allowed = allowAVX2
      if allowAVX2, LiteralSet.avx2Available, allTriples, (1...5).contains(tested.count) {
        let triples = UnsafeMutablePointer<UInt8>.allocate(capacity: 3 * tested.count)
        for (k, a) in tested.enumerated() {
          triples[3 * k] = a[0]
          triples[3 * k + 1] = a[1] | bit
          triples[3 * k + 2] = a[2]
        }
        avx2Triples = triples
      } else {
        avx2Triples = nil
      }
      if allowAVX2, LiteralSet.avx2Available, allTriples, !tested.isEmpty {
        let triples = UnsafeMutablePointer<UInt8>.allocate(capacity: 3 * tested.count)
        for (k, a) in tested.enumerated() {
          triples[3 * k] = a[0]
          triples[3 * k + 1] = a[1] | bit
          triples[3 * k + 2] = a[2]
        }
        avx2Groups = triples
      } else {
        avx2Groups = nil
      }
      // Each literal's anchor among the tested ones (a merged anchor stands for two runs).
      let groups = (tested.count + 4) / 5
      var byAnchor = [[Int]](repeating: [], count: max(1, tested.count))
      for k in literals.indices {
        let run = Array(literals[k][anchorAt[k]..<min(literals[k].count, anchorAt[k] + 3)])
        let a =
          tested.indices.first { t in
            let b = tested[t]
            guard b.count == run.count, b[0] == run[0] else { return false }
            return b.count < 2 || ((b[1] | bits[t]) == (run[1] | bits[t]) && (b.count < 3 || b[2] == run[2]))
          } ?? 0
        byAnchor[a].append(k)
      }
      // In anchor order: a group's literals, and an anchor's, are one run of `groupLiterals`.
      anchorStarts = .allocate(capacity: byAnchor.count + 1)
      groupLiterals = .allocate(capacity: max(1, literals.count))
      var next = 0
      for (a, list) in byAnchor.enumerated() {
        anchorStarts[a] = next
        for k in list {
          groupLiterals[next] = k
          next += 1
        }
      }
      anchorStarts[byAnchor.count] = next
      groupStarts = .allocate(capacity: max(1, groups) + 1)
      for g in 0...max(1, groups) { groupStarts[g] = anchorStarts[min(5 * g, byAnchor.count)] }
      anchorKeys = .allocate(capacity: max(1, tested.count))
      anchorFilter = .allocate(capacity: 1024)
      anchorFilter.initialize(repeating: 0, count: 1024)
      for (t, a) in tested.enumerated() {
        anchorKeys[t] = a.count == 3 ? UInt32(a[0]) | UInt32(a[1] | bit) << 8 | UInt32(a[2]) << 16 : UInt32.max
        let b = Table.keyBit(anchorKeys[t])
        anchorFilter[b >> 6] |= 1 << UInt64(b & 63)
      }
      if avx2Groups != nil, tested.count > 5 {
        let tables = UnsafeMutablePointer<UInt8>.allocate(capacity: 96)
        tables.initialize(repeating: 0, count: 96)
        for (t, a) in tested.enumerated() {
          let bucket = UInt8(1) << UInt8(t % 8)
          for k in 0..<3 {
            let b = k == 1 ? a[1] | bit : a[k]
            tables[32 * k + Int(b & 0x0F)] |= bucket
            tables[32 * k + 16 + Int(b >> 4)] |= bucket
          }
        }
        nibbleTables = tables
      } else {
        nibbleTables = nil
      }
    }

    /// The anchors to test: pairs of three-byte anchors equal but for one bit of the middle
    /// byte become one anchor with that bit (the second result, 0 for the others). Testing the
    /// merged anchor finds both runs, and a few others that the full comparison rejects.
    public static func merged(_ anchors: [[UInt8]]) -> ([[UInt8]], [UInt8]) {
      var tested: [[UInt8]] = []
      var bits: [UInt8] = []
      var used = [Bool](repeating: false, count: anchors.count)
      for (k, a) in anchors.enumerated() where !used[k] {
        used[k] = true
        var bit: UInt8 = 0
        if a.count == 3,
          let m = anchors.indices.first(where: { m in
            let b = anchors[m]
            return !used[m] && b.count == 3 && b[0] == a[0] && b[2] == a[2] && (a[1] ^ b[1]).nonzeroBitCount == 1
          })
        {
          used[m] = true
          bit = a[1] ^ anchors[m][1]
        }
        tested.append(a)
        bits.append(bit)
      }
      return (tested, bits)
    }

    deinit {
      firsts.deallocate()
      seconds.deallocate()
      thirds.deallocate()
      secondMasks.deallocate()
      thirdMasks.deallocate()
      bytes.deallocate()
      offsets.deallocate()
      lengths.deallocate()
      anchorAt.deallocate()
      avx2Triples?.deallocate()
      avx2Groups?.deallocate()
      groupStarts.deallocate()
      anchorStarts.deallocate()
      anchorKeys.deallocate()
      anchorFilter.deallocate()
      nibbleTables?.deallocate()
      groupLiterals.deallocate()
    }
  }

  /// - Precondition: every literal is non-empty and holds no newline.
  public init(_ literals: [[UInt8]]) {
    self.init(literals, frequency: nil, allowAVX2: true)
  }

  /// With `allowAVX2` false, the search uses the vector loop every x86-64 processor has even
  /// where AVX2 is available (tests compare the two).
  init(_ literals: [[UInt8]], allowAVX2: Bool) {
    self.init(literals, frequency: nil, allowAVX2: allowAVX2)
  }

  private init(_ literals: [[UInt8]], frequency: (([UInt8]) -> Double)?, allowAVX2: Bool) {
    var unique: [[UInt8]] = []
    for l in literals where !unique.contains(l) { unique.append(l) }
    self.literals = unique
    maxLength = unique.map(\.count).max() ?? 0
    table = Table(unique, frequency: frequency, allowAVX2: allowAVX2)
  }

  /// Whether the AVX2 loop is used (`avx2Available`, and anchors it can take).
  public var usesAVX2: Bool { table.avx2Triples != nil }

  /// Whether this processor can run the AVX2 loop: on Linux, the `flags` of `/proc/cpuinfo`
  /// name `avx2` only when the processor has it and the kernel saves its registers. Elsewhere
  /// false (the SSE2 loop). Read once.
  public static let avx2Available: Bool = {
    #if arch(x86_64) && os(Linux)
      let fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { return false }
      defer { close(fd) }
      var bytes = [UInt8](repeating: 0, count: 16 * 1024)
      var filled = 0
      while filled < bytes.count {
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
        if n <= 0 { break }
        filled += n
      }
      let text = String(decoding: bytes[0..<filled], as: UTF8.self)
      guard let flags = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
      return flags.split(separator: " ").contains("avx2")
    #else
      return false
    #endif
  }()

  /// The same literals with anchors chosen for text like `sample` (the start of an input):
  /// what is rare in one log is common in another (`pos` of `postscreen` starts `postfix` on
  /// every line of a Postfix log).
  public func tuned(to sample: ByteView) -> LiteralSet {
    // Counts of every run of one, two and three bytes in the sample, hashed into 2^16 slots
    // per width (a sample of 64 KiB holds a few thousand distinct runs: few collisions).
    let bits = 16
    var counts = [UInt16](repeating: 0, count: 3 << bits)
    @inline(__always) func slot(_ run: UnsafePointer<UInt8>, _ width: Int) -> Int {
      var h: UInt32 = 0
      for i in 0..<width { h |= UInt32(run[i]) << (8 * i) }
      return (width - 1) << bits | Int((h &* 0x9E37_79B1) >> (32 - bits))
    }
    let p = sample.base
    let n = min(sample.count, 65_535)
    for i in 0..<n {
      for width in 1...3 where i + width <= n { counts[slot(p + i, width)] &+= 1 }
    }
    let total = Double(max(1, n))
    return LiteralSet(
      literals,
      frequency: { run in
        let c = run.withUnsafeBufferPointer { Double(counts[slot($0.baseAddress!, run.count)]) }
        // A run the sample lacks still occurs now and then.
        return (c + 0.5) / total
      }, allowAVX2: table.avx2Allowed)
  }

  /// A guess at how often `run` occurs per byte of a mail log, from `rarity`.
  public static func estimatedFrequency(_ run: [UInt8]) -> Double {
    var f = 1.0
    for b in run { f *= Double(rarity(b)) / 250 }
    return f
  }

  /// The anchors the search tests, for diagnostics (`mailcodes-bench prefilter`).
  public var anchors: [String] { table.anchorTexts }

  /// The first offset of `run` in `literal`.
  public static func position(of run: [UInt8], in literal: [UInt8]) -> Int? {
    guard run.count <= literal.count else { return nil }
    for j in 0...(literal.count - run.count) where literal[j..<(j + run.count)].elementsEqual(run) { return j }
    return nil
  }

  /// How often a byte occurs in mail logs, roughly (lower is rarer): spaces, lower-case
  /// letters by English frequency, digits, then punctuation and upper case.
  public static func rarity(_ b: UInt8) -> Int {
    switch b {
    case ASCII.space: return 100
    case 0x61...0x7A:
      // e t a o i n s r h l d c u m f p g w y b v k x j q z
      let order: StaticString = "etaoinsrhldcumfpgwybvkxjqz"
      var rank = 0
      while order.utf8Start[rank] != b { rank += 1 }
      return 60 - rank * 2
    case 0x30...0x39: return 30
    case ASCII.dot, ASCII.colon, ASCII.minus, ASCII.equals, ASCII.openBracket, ASCII.closeBracket: return 40
    case 0x41...0x5A: return 10
    default: return 15
    }
  }

  /// Every position in `from..<end` where one of the literals starts and ends at or before
  /// `end`, ascending and each once, appended to `starts` (what a loop of `firstMatch` from
  /// one past each result finds).
  ///
  /// Performance: for a large range (a read-ahead block) with AVX2 and three-byte anchors,
  /// one pass of the AVX2 loop per group of up to five anchors (64 positions per step), where
  /// `firstMatch` with more than five anchors tests them one by one, 16 positions at a time.
  /// The hits of all passes are confirmed in full and sorted once.
  public func allMatches(in p: UnsafePointer<UInt8>, from: Int, end: Int, into starts: inout [Int]) {
    let t = table
    guard t.literalCount > 0, from < end else { return }
    let first = starts.count
    var tail = from
    var passes = false
    #if arch(x86_64)
      if let groups = t.avx2Groups, end &- from >= 256 {
        var stop = from
        var g = 0
        // The blocks with a hit, 256 at a time: the vector loop runs without a call per hit.
        let capacity = 256
        let blocks = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * capacity)
        defer { blocks.deallocate() }
        if let tables = t.nibbleTables {
          // Every anchor in one pass. A candidate's three bytes name its anchor (or none: the
          // tables also pass runs that mix the nibbles of two anchors); only that anchor's
          // literals are compared.
          var i = from
          while true {
            let (next, found) = avx2NibbleHitBlocks(
              p, from: i, end: end, tables: UnsafePointer(tables), secondBits: t.secondBits[0], out: blocks,
              capacity: capacity)
            for b in 0..<found {
              let start = Int(blocks[2 &* b])
              var bits = blocks[2 &* b &+ 1]
              while bits != 0 {
                let q = start &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                let key = UInt32(p[q]) | UInt32(p[q &+ 1] | t.secondBits[0]) << 8 | UInt32(p[q &+ 2]) << 16
                let b = Table.keyBit(key)
                guard t.anchorFilter[b >> 6] & (1 << UInt64(b & 63)) != 0 else { continue }
                // Every anchor with this key (two can share one where the middle bytes differ
                // only in `secondBits`).
                var a = 0
                while a < t.anchorCount {
                  if t.anchorKeys[a] == key {
                    confirmAll(
                      p, anchoredAt: q, from: from, end: end, t.groupLiterals + t.anchorStarts[a],
                      t.anchorStarts[a &+ 1] &- t.anchorStarts[a], &starts)
                  }
                  a &+= 1
                }
              }
            }
            i = next
            if found < capacity { break }
          }
          stop = i
          g = t.anchorCount
        }
        while g < t.anchorCount {
          let count = min(5, t.anchorCount &- g)
          let members = t.groupLiterals + t.groupStarts[g / 5]
          let memberCount = t.groupStarts[g / 5 &+ 1] &- t.groupStarts[g / 5]
          var i = from
          while true {
            let (next, found) = avx2AnchorHitBlocks(
              p, from: i, end: end, anchors: UnsafePointer(groups + 3 &* g), count: count,
              secondBits: t.secondBits[0], out: blocks, capacity: capacity)
            for b in 0..<found {
              let start = Int(blocks[2 &* b])
              var bits = blocks[2 &* b &+ 1]
              while bits != 0 {
                let q = start &+ bits.trailingZeroBitCount
                confirmAll(p, anchoredAt: q, from: from, end: end, members, memberCount, &starts)
                bits &= bits &- 1
              }
            }
            i = next
            if found < capacity { break }
          }
          // Every pass stops at the same position: the first whose 66 bytes reach past `end`.
          stop = i
          g &+= 5
        }
        // Anchors at `stop` or later: their literals start at `stop - maxAnchorAt` or later.
        tail = max(from, stop &- t.maxAnchorAt)
        passes = true
      }
    #endif
    while let s = firstMatch(in: p, from: tail, end: end) {
      starts.append(s)
      tail = s &+ 1
    }
    // The passes append in anchor order per pass, and a start can be found by two anchors
    // (or again by the tail loop): sorted, each kept once.
    if passes, starts.count &- first > 1 {
      starts[first...].sort()
      var w = first &+ 1
      for r in (first &+ 1)..<starts.count where starts[r] != starts[w &- 1] {
        starts[w] = starts[r]
        w &+= 1
      }
      starts.removeLast(starts.count &- w)
    }
  }

  /// Appends every start of one of the `count` literals at `members` whose anchor may be at
  /// `q` (in `from..<end`).
  @inline(__always)
  private func confirmAll(
    _ p: UnsafePointer<UInt8>, anchoredAt q: Int, from: Int, end: Int, _ members: UnsafePointer<Int>,
    _ count: Int, _ starts: inout [Int]
  ) {
    let t = table
    var j = 0
    while j < count {
      let k = members[j]
      j &+= 1
      let start = q &- t.anchorAt[k]
      let n = t.lengths[k]
      // The byte at the anchor first: where literal k starts at `start`, its own anchor (at
      // `q`) hit, so `q` holds the literal's byte there. Most hits are of other anchors.
      if start >= from, start &+ n <= end, p[q] == t.bytes[t.offsets[k] &+ t.anchorAt[k]],
        ByteScan.memcmpBytes(p + start, t.bytes + t.offsets[k], n)
      {
        starts.append(start)
      }
    }
  }

  /// The smallest position in `from..<end` where one of the literals starts and ends at or
  /// before `end`, or nil.
  public func firstMatch(in p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int? {
    let t = table
    guard t.literalCount > 0, from < end else { return nil }
    var best = Int.max
    // Anchors at positions up to `limit` can still start a match before `best`.
    var limit = Int.max
    var i = from
    let zero = SIMD16<UInt8>(repeating: 0)
    /// Compares in full at each position of `base..<base+16` whose lane of `m` is 0xFF.
    @inline(__always) func confirm(_ m: SIMD16<UInt8>, at base: Int) {
      var bits = ByteScan.byteLanes(m)
      while bits != 0 {
        let q = base &+ bits.trailingZeroBitCount
        if let start = match(p, anchoredAt: q, from: from, end: end), start < best {
          best = start
          limit = start &+ t.maxAnchorAt
        }
        bits &= bits &- 1
      }
    }
    #if arch(x86_64)
      // x86-64: SSE2 through the compiler's intrinsics, which every x86-64 processor has. The
      // generic vectors below compile to the same comparisons, but have no byte mask: their
      // test and their lanes cost a normalisation and a multiply per block, and a test of
      // the anchor count per anchor and block. Here one loop per anchor count holds its
      // anchors in registers, and `pmovmskb` gives the positions.
      // Not for a short range (a line): setting up the wide registers costs more there than
      // the SSE2 loop's few blocks.
      if let triples = t.avx2Triples, end &- i >= 256 {
        // AVX2 (`avx2Available`): blocks of 64 positions in a function of its own module,
        // which returns at each block with a hit; the SSE2 loop below takes the last blocks.
        while i <= limit {
          let (start, mask) = avx2AnchorHits(
            p, from: i, end: end, anchors: UnsafePointer(triples), count: t.anchorCount,
            secondBits: t.secondBits[0])
          i = start
          guard mask != 0 else { break }
          confirm64(mask, at: start, p, from: from, end: end, &best, &limit)
          i &+= 64
        }
      }
      if t.allTriples, t.anchorCount <= 5 {
        let anchors = SSE2Anchors(t)
        switch t.anchorCount {
        case 1: scanBlocks(anchors, 1, p, from: from, end: end, &i, &best, &limit)
        case 2: scanBlocks(anchors, 2, p, from: from, end: end, &i, &best, &limit)
        case 3: scanBlocks(anchors, 3, p, from: from, end: end, &i, &best, &limit)
        case 4: scanBlocks(anchors, 4, p, from: from, end: end, &i, &best, &limit)
        default: scanBlocks(anchors, 5, p, from: from, end: end, &i, &best, &limit)
        }
      }
    #else
      // Up to five three-byte anchors are held in registers: straight-line code per block of 32
      // positions (two vectors OR-ed before the one test: the loop's fixed cost, the test and
      // the branch, is paid once per 32 bytes). Comparison results stay byte vectors; turning
      // them into `SIMDMask` values and back costs a normalisation per block.
      if t.allTriples, t.anchorCount <= 5 {
        let count = t.anchorCount
        let f0 = t.firsts[0]
        let s0 = t.seconds[0]
        let h0 = t.thirds[0]
        let k1 = min(1, count - 1)
        let k2 = min(2, count - 1)
        let k3 = min(3, count - 1)
        let k4 = min(4, count - 1)
        let f1 = t.firsts[k1]
        let s1 = t.seconds[k1]
        let h1 = t.thirds[k1]
        let f2 = t.firsts[k2]
        let s2 = t.seconds[k2]
        let h2 = t.thirds[k2]
        let f3 = t.firsts[k3]
        let s3 = t.seconds[k3]
        let h3 = t.thirds[k3]
        let f4 = t.firsts[k4]
        let s4 = t.seconds[k4]
        let h4 = t.thirds[k4]
        let bit = t.secondBits
        /// 0xFF at the positions of `q..<q+16` where an anchor starts.
        @inline(__always) func hits(_ q: UnsafePointer<UInt8>) -> SIMD16<UInt8> {
          let a = UnsafeRawPointer(q).loadUnaligned(as: SIMD16<UInt8>.self)
          let b = UnsafeRawPointer(q + 1).loadUnaligned(as: SIMD16<UInt8>.self) | bit
          let c = UnsafeRawPointer(q + 2).loadUnaligned(as: SIMD16<UInt8>.self)
          var m = ByteScan.bytes(a .== f0) & ByteScan.bytes(b .== s0) & ByteScan.bytes(c .== h0)
          if count > 1 { m |= ByteScan.bytes(a .== f1) & ByteScan.bytes(b .== s1) & ByteScan.bytes(c .== h1) }
          if count > 2 { m |= ByteScan.bytes(a .== f2) & ByteScan.bytes(b .== s2) & ByteScan.bytes(c .== h2) }
          if count > 3 { m |= ByteScan.bytes(a .== f3) & ByteScan.bytes(b .== s3) & ByteScan.bytes(c .== h3) }
          if count > 4 { m |= ByteScan.bytes(a .== f4) & ByteScan.bytes(b .== s4) & ByteScan.bytes(c .== h4) }
          return m
        }
        while i &+ 34 <= end, i <= limit {
          let m0 = hits(p + i)
          let m1 = hits(p + i + 16)
          if ByteScan.anyByte(m0 | m1) {
            if ByteScan.anyByte(m0) { confirm(m0, at: i) }
            if ByteScan.anyByte(m1) { confirm(m1, at: i &+ 16) }
          }
          i &+= 32
        }
        if i &+ 18 <= end, i <= limit {
          let m = hits(p + i)
          if ByteScan.anyByte(m) { confirm(m, at: i) }
          i &+= 16
        }
      }
    #endif
    // Blocks of 16 anchor positions read 18 bytes.
    while i &+ 18 <= end, i <= limit {
      let a = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self)
      let b = UnsafeRawPointer(p + i + 1).loadUnaligned(as: SIMD16<UInt8>.self) | t.secondBits
      let c = UnsafeRawPointer(p + i + 2).loadUnaligned(as: SIMD16<UInt8>.self)
      // Lanes are 0xFF where an anchor matches: integer ORs of the comparisons (OR-ing the
      // `SIMDMask` values themselves compiles to conversions).
      var m = SIMD16<UInt8>(repeating: 0)
      var k = 0
      if t.allTriples {
        while k < t.anchorCount {
          m |= ByteScan.bytes((a ^ t.firsts[k]) | (b ^ t.seconds[k]) | (c ^ t.thirds[k]) .== zero)
          k &+= 1
        }
      } else {
        while k < t.anchorCount {
          m |= ByteScan.bytes(
            (a ^ t.firsts[k]) | ((b ^ t.seconds[k]) & t.secondMasks[k])
              | ((c ^ t.thirds[k]) & t.thirdMasks[k])
              .== zero)
          k &+= 1
        }
      }
      if ByteScan.anyByte(m) { confirm(m, at: i) }
      i &+= 16
    }
    // The last positions of a range of 18 bytes or more: one block that ends at `end`, its
    // lanes before `i` (already tested) cleared, instead of a full comparison at each
    // position (up to 17 of them, the most of a search over one short line). With three-byte
    // anchors no literal can be anchored at the last two positions.
    if t.allTriples, i < end, i <= limit, end &- from >= 18, i &- (end &- 18) < 16 {
      let q = end &- 18
      let a = UnsafeRawPointer(p + q).loadUnaligned(as: SIMD16<UInt8>.self)
      let b = UnsafeRawPointer(p + q + 1).loadUnaligned(as: SIMD16<UInt8>.self) | t.secondBits
      let c = UnsafeRawPointer(p + q + 2).loadUnaligned(as: SIMD16<UInt8>.self)
      var m = SIMD16<UInt8>(repeating: 0)
      var k = 0
      while k < t.anchorCount {
        m |= ByteScan.bytes((a ^ t.firsts[k]) | (b ^ t.seconds[k]) | (c ^ t.thirds[k]) .== zero)
        k &+= 1
      }
      var bits = ByteScan.byteLanes(m) & ~((UInt32(1) << UInt32(i &- q)) &- 1)
      while bits != 0 {
        let r = q &+ bits.trailingZeroBitCount
        if r > limit { break }
        if let start = match(p, anchoredAt: r, from: from, end: end), start < best {
          best = start
          limit = start &+ t.maxAnchorAt
        }
        bits &= bits &- 1
      }
      i = end
    }
    while i < end, i <= limit {
      if let start = match(p, anchoredAt: i, from: from, end: end), start < best {
        best = start
        limit = start &+ t.maxAnchorAt
      }
      i &+= 1
    }
    return best == Int.max ? nil : best
  }

  #if arch(x86_64)
    /// Up to five three-byte anchors as SSE2 registers.
    private struct SSE2Anchors {
      let f0, s0, h0, f1, s1, h1, f2, s2, h2, f3, s3, h3, f4, s4, h4, bit: __m128i

      init(_ t: Table) {
        @inline(__always) func vector(_ v: SIMD16<UInt8>) -> __m128i { unsafeBitCast(v, to: __m128i.self) }
        let count = t.anchorCount
        let k1 = min(1, count - 1)
        let k2 = min(2, count - 1)
        let k3 = min(3, count - 1)
        let k4 = min(4, count - 1)
        (f0, s0, h0) = (vector(t.firsts[0]), vector(t.seconds[0]), vector(t.thirds[0]))
        (f1, s1, h1) = (vector(t.firsts[k1]), vector(t.seconds[k1]), vector(t.thirds[k1]))
        (f2, s2, h2) = (vector(t.firsts[k2]), vector(t.seconds[k2]), vector(t.thirds[k2]))
        (f3, s3, h3) = (vector(t.firsts[k3]), vector(t.seconds[k3]), vector(t.thirds[k3]))
        (f4, s4, h4) = (vector(t.firsts[k4]), vector(t.seconds[k4]), vector(t.thirds[k4]))
        bit = vector(t.secondBits)
      }

      @inline(__always) static func load(_ q: UnsafePointer<UInt8>) -> __m128i {
        _mm_loadu_si128(UnsafeRawPointer(q).assumingMemoryBound(to: __m128i_u.self))
      }

      /// Bit j set where one of the first `n` anchors starts at `q + j`, j < 16 (18 bytes read).
      @inline(__always) func hits(_ q: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        let a = SSE2Anchors.load(q)
        let b = _mm_or_si128(SSE2Anchors.load(q + 1), bit)
        let c = SSE2Anchors.load(q + 2)
        var m = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, f0), _mm_cmpeq_epi8(b, s0)), _mm_cmpeq_epi8(c, h0))
        if n > 1 {
          m = _mm_or_si128(
            m, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, f1), _mm_cmpeq_epi8(b, s1)), _mm_cmpeq_epi8(c, h1)))
        }
        if n > 2 {
          m = _mm_or_si128(
            m, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, f2), _mm_cmpeq_epi8(b, s2)), _mm_cmpeq_epi8(c, h2)))
        }
        if n > 3 {
          m = _mm_or_si128(
            m, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, f3), _mm_cmpeq_epi8(b, s3)), _mm_cmpeq_epi8(c, h3)))
        }
        if n > 4 {
          m = _mm_or_si128(
            m, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, f4), _mm_cmpeq_epi8(b, s4)), _mm_cmpeq_epi8(c, h4)))
        }
        return UInt32(truncatingIfNeeded: _mm_movemask_epi8(m))
      }
    }

    /// The block loop of `firstMatch` for `n` anchors (a constant at each call: the tests of it
    /// fold away): blocks of 32 positions, one test and one branch each, then one of 16.
    @inline(__always)
    private func scanBlocks(
      _ anchors: SSE2Anchors, _ n: Int, _ p: UnsafePointer<UInt8>, from: Int, end: Int,
      _ i: inout Int, _ best: inout Int, _ limit: inout Int
    ) {
      while i &+ 34 <= end, i <= limit {
        let m = anchors.hits(p + i, n) | anchors.hits(p + i + 16, n) << 16
        if m != 0 { confirm(m, at: i, p, from: from, end: end, &best, &limit) }
        i &+= 32
      }
      if i &+ 18 <= end, i <= limit {
        let m = anchors.hits(p + i, n)
        if m != 0 { confirm(m, at: i, p, from: from, end: end, &best, &limit) }
        i &+= 16
      }
    }

    /// `confirm` for 64 positions.
    @inline(__always)
    private func confirm64(
      _ bits: UInt64, at base: Int, _ p: UnsafePointer<UInt8>, from: Int, end: Int,
      _ best: inout Int, _ limit: inout Int
    ) {
      var bits = bits
      while bits != 0 {
        let q = base &+ bits.trailingZeroBitCount
        if let start = match(p, anchoredAt: q, from: from, end: end), start < best {
          best = start
          limit = start &+ table.maxAnchorAt
        }
        bits &= bits &- 1
      }
    }

    /// Compares in full at each position `base + j` whose bit j is set in `bits`.
    @inline(__always)
    private func confirm(
      _ bits: UInt32, at base: Int, _ p: UnsafePointer<UInt8>, from: Int, end: Int,
      _ best: inout Int, _ limit: inout Int
    ) {
      var bits = bits
      while bits != 0 {
        let q = base &+ bits.trailingZeroBitCount
        if let start = match(p, anchoredAt: q, from: from, end: end), start < best {
          best = start
          limit = start &+ table.maxAnchorAt
        }
        bits &= bits &- 1
      }
    }
  #endif

  /// The earliest start, at or after `from`, of a literal whose anchor is at `q` and that
  /// ends at or before `end`.
  @inline(__always) private func match(_ p: UnsafePointer<UInt8>, anchoredAt q: Int, from: Int, end: Int) -> Int? {
    let t = table
    var found = Int.max
    var k = 0
    while k < t.literalCount {
      let start = q &- t.anchorAt[k]
      let n = t.lengths[k]
      if start >= from, start < found, start &+ n <= end, p[q] == t.bytes[t.offsets[k] &+ t.anchorAt[k]],
        ByteScan.memcmpBytes(p + start, t.bytes + t.offsets[k], n)
      {
        found = start
      }
      k &+= 1
    }
    return found == Int.max ? nil : found
  }
}
