#if arch(x86_64)
  import _Builtin_intrinsics.intel

  /// The anchor test of `LiteralSet` (MailCodesSupport) with 32-byte AVX2 vectors: this module
  /// alone is compiled for AVX2 (Package.swift), and its one function is called only on
  /// processors that have it (`LiteralSet.avx2Available`).
  ///
  /// Kept to raw pointers and integers, without generics or arrays, so that no code of this
  /// module (compiled for AVX2) is shared with, or inlined into, the rest of the program.
  ///
  /// Scans blocks of 64 positions from `from` while a block's 66 bytes lie before `end`, and
  /// returns the first block with a hit: its start and a mask with bit j set where one of the
  /// `count` anchors (1 to 5) starts at `start + j`; the anchors are `count` triples of bytes at
  /// `anchors`, compared after `secondBits` is set in each second byte (as `LiteralSet` does).
  /// Returns the position where it stopped and 0 when no block has a hit.
  @inline(never)
  public func avx2AnchorHits(
    _ p: UnsafePointer<UInt8>, from: Int, end: Int, anchors: UnsafePointer<UInt8>,
    count: Int, secondBits: UInt8
  ) -> (start: Int, mask: UInt64) {
    @inline(__always) func splat(_ b: UInt8) -> __m256i { _mm256_set1_epi8(Int8(bitPattern: b)) }
    @inline(__always) func load(_ q: UnsafePointer<UInt8>) -> __m256i {
      _mm256_loadu_si256(UnsafeRawPointer(q).assumingMemoryBound(to: __m256i_u.self))
    }
    let k1 = min(1, count - 1)
    let k2 = min(2, count - 1)
    let k3 = min(3, count - 1)
    let k4 = min(4, count - 1)
    let f0 = splat(anchors[0])
    let s0 = splat(anchors[1])
    let h0 = splat(anchors[2])
    let f1 = splat(anchors[3 * k1])
    let s1 = splat(anchors[3 * k1 + 1])
    let h1 = splat(anchors[3 * k1 + 2])
    let f2 = splat(anchors[3 * k2])
    let s2 = splat(anchors[3 * k2 + 1])
    let h2 = splat(anchors[3 * k2 + 2])
    let f3 = splat(anchors[3 * k3])
    let s3 = splat(anchors[3 * k3 + 1])
    let h3 = splat(anchors[3 * k3 + 2])
    let f4 = splat(anchors[3 * k4])
    let s4 = splat(anchors[3 * k4 + 1])
    let h4 = splat(anchors[3 * k4 + 2])
    let bit = splat(secondBits)
    @inline(__always) func hits(_ q: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
      let a = load(q)
      let b = _mm256_or_si256(load(q + 1), bit)
      let c = load(q + 2)
      @inline(__always) func anchor(_ f: __m256i, _ s: __m256i, _ h: __m256i) -> __m256i {
        _mm256_and_si256(_mm256_and_si256(_mm256_cmpeq_epi8(a, f), _mm256_cmpeq_epi8(b, s)), _mm256_cmpeq_epi8(c, h))
      }
      var m = anchor(f0, s0, h0)
      if n > 1 { m = _mm256_or_si256(m, anchor(f1, s1, h1)) }
      if n > 2 { m = _mm256_or_si256(m, anchor(f2, s2, h2)) }
      if n > 3 { m = _mm256_or_si256(m, anchor(f3, s3, h3)) }
      if n > 4 { m = _mm256_or_si256(m, anchor(f4, s4, h4)) }
      return UInt32(bitPattern: _mm256_movemask_epi8(m))
    }
    @inline(__always) func scan(_ n: Int) -> (start: Int, mask: UInt64) {
      var i = from
      while i &+ 66 <= end {
        let mask = UInt64(hits(p + i, n)) | UInt64(hits(p + i + 32, n)) << 32
        if mask != 0 { return (i, mask) }
        i &+= 64
      }
      return (i, 0)
    }
    switch count {
    case 1: return scan(1)
    case 2: return scan(2)
    case 3: return scan(3)
    case 4: return scan(4)
    default: return scan(5)
    }
  }
#endif

#if arch(x86_64)
  /// `avx2AnchorHits` for a whole range: instead of returning at the first block with a hit,
  /// writes every such block to `out` (its start, then its mask: two words per block) until
  /// `capacity` blocks are written or no block of 66 bytes is left before `end`. Returns where
  /// it stopped (scan on from there while `found == capacity`) and the number of blocks
  /// written. One call per range, not one per hit: the anchors are loaded into registers once.
  @inline(never)
  public func avx2AnchorHitBlocks(
    _ p: UnsafePointer<UInt8>, from: Int, end: Int, anchors: UnsafePointer<UInt8>,
    count: Int, secondBits: UInt8, out: UnsafeMutablePointer<UInt64>, capacity: Int
  ) -> (stop: Int, found: Int) {
    @inline(__always) func splat(_ b: UInt8) -> __m256i { _mm256_set1_epi8(Int8(bitPattern: b)) }
    @inline(__always) func load(_ q: UnsafePointer<UInt8>) -> __m256i {
      _mm256_loadu_si256(UnsafeRawPointer(q).assumingMemoryBound(to: __m256i_u.self))
    }
    let k1 = min(1, count - 1)
    let k2 = min(2, count - 1)
    let k3 = min(3, count - 1)
    let k4 = min(4, count - 1)
    let f0 = splat(anchors[0])
    let s0 = splat(anchors[1])
    let h0 = splat(anchors[2])
    let f1 = splat(anchors[3 * k1])
    let s1 = splat(anchors[3 * k1 + 1])
    let h1 = splat(anchors[3 * k1 + 2])
    let f2 = splat(anchors[3 * k2])
    let s2 = splat(anchors[3 * k2 + 1])
    let h2 = splat(anchors[3 * k2 + 2])
    let f3 = splat(anchors[3 * k3])
    let s3 = splat(anchors[3 * k3 + 1])
    let h3 = splat(anchors[3 * k3 + 2])
    let f4 = splat(anchors[3 * k4])
    let s4 = splat(anchors[3 * k4 + 1])
    let h4 = splat(anchors[3 * k4 + 2])
    let bit = splat(secondBits)
    @inline(__always) func hits(_ q: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
      let a = load(q)
      let b = _mm256_or_si256(load(q + 1), bit)
      let c = load(q + 2)
      @inline(__always) func anchor(_ f: __m256i, _ s: __m256i, _ h: __m256i) -> __m256i {
        _mm256_and_si256(_mm256_and_si256(_mm256_cmpeq_epi8(a, f), _mm256_cmpeq_epi8(b, s)), _mm256_cmpeq_epi8(c, h))
      }
      var m = anchor(f0, s0, h0)
      if n > 1 { m = _mm256_or_si256(m, anchor(f1, s1, h1)) }
      if n > 2 { m = _mm256_or_si256(m, anchor(f2, s2, h2)) }
      if n > 3 { m = _mm256_or_si256(m, anchor(f3, s3, h3)) }
      if n > 4 { m = _mm256_or_si256(m, anchor(f4, s4, h4)) }
      return UInt32(bitPattern: _mm256_movemask_epi8(m))
    }
    @inline(__always) func scan(_ n: Int) -> (stop: Int, found: Int) {
      var i = from
      var found = 0
      while i &+ 66 <= end, found < capacity {
        let mask = UInt64(hits(p + i, n)) | UInt64(hits(p + i + 32, n)) << 32
        if mask != 0 {
          out[2 &* found] = UInt64(i)
          out[2 &* found &+ 1] = mask
          found &+= 1
        }
        i &+= 64
      }
      return (i, found)
    }
    switch count {
    case 1: return scan(1)
    case 2: return scan(2)
    case 3: return scan(3)
    case 4: return scan(4)
    default: return scan(5)
    }
  }
#endif

#if arch(x86_64)
  /// `avx2AnchorHitBlocks` for any number of anchors in one pass, by nibble tables (the
  /// "Teddy" method): each anchor is given one of eight buckets (a bit), and `tables` holds six
  /// tables of 16 bytes: for anchor byte k (0, 1, 2), the buckets whose byte k has a given low
  /// nibble, then those whose byte k has a given high nibble. A position is a candidate where
  /// some bucket is in all six lookups of its three bytes (the middle one with `secondBits`
  /// set): every anchor occurrence is one, and so are a few other runs (the caller compares
  /// candidates in full). Output as `avx2AnchorHitBlocks`.
  @inline(never)
  public func avx2NibbleHitBlocks(
    _ p: UnsafePointer<UInt8>, from: Int, end: Int, tables: UnsafePointer<UInt8>, secondBits: UInt8,
    out: UnsafeMutablePointer<UInt64>, capacity: Int
  ) -> (stop: Int, found: Int) {
    @inline(__always) func load(_ q: UnsafePointer<UInt8>) -> __m256i {
      _mm256_loadu_si256(UnsafeRawPointer(q).assumingMemoryBound(to: __m256i_u.self))
    }
    @inline(__always) func table(_ k: Int) -> __m256i {
      // The same 16 bytes in both 128-bit lanes (`vpshufb` looks up within a lane).
      let t = _mm_loadu_si128(UnsafeRawPointer(tables + 16 * k).assumingMemoryBound(to: __m128i_u.self))
      return _mm256_broadcastsi128_si256(t)
    }
    let low0 = table(0)
    let high0 = table(1)
    let low1 = table(2)
    let high1 = table(3)
    let low2 = table(4)
    let high2 = table(5)
    let nibble = _mm256_set1_epi8(0x0F)
    let bit = _mm256_set1_epi8(Int8(bitPattern: secondBits))
    let zero = _mm256_setzero_si256()
    @inline(__always) func buckets(_ x: __m256i, _ low: __m256i, _ high: __m256i) -> __m256i {
      let l = _mm256_shuffle_epi8(low, _mm256_and_si256(x, nibble))
      let h = _mm256_shuffle_epi8(high, _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble))
      return _mm256_and_si256(l, h)
    }
    @inline(__always) func hits(_ q: UnsafePointer<UInt8>) -> UInt32 {
      let m = _mm256_and_si256(
        _mm256_and_si256(buckets(load(q), low0, high0), buckets(_mm256_or_si256(load(q + 1), bit), low1, high1)),
        buckets(load(q + 2), low2, high2))
      return ~UInt32(bitPattern: _mm256_movemask_epi8(_mm256_cmpeq_epi8(m, zero)))
    }
    var i = from
    var found = 0
    while i &+ 66 <= end, found < capacity {
      let mask = UInt64(hits(p + i)) | UInt64(hits(p + i + 32)) << 32
      if mask != 0 {
        out[2 &* found] = UInt64(i)
        out[2 &* found &+ 1] = mask
        found &+= 1
      }
      i &+= 64
    }
    return (i, found)
  }
#endif
