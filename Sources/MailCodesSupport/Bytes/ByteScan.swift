#if arch(x86_64)
  import _Builtin_intrinsics.intel
#endif

/// Word-at-a-time byte searches for the short scans of the hot path.
///
/// Performance: `memchr` is the fastest way through long runs, but its call costs about as
/// much as a byte loop over 20 bytes, and most scans of a log line are shorter than that
/// (a host, a syslog tag, a pid). These helpers test eight bytes per step with the classic
/// "has a zero byte" trick (SWAR) on unaligned 64-bit loads that never leave the view, and
/// fall back to single bytes for the tail. Little-endian byte order is assumed for the
/// position of the first match (every platform Swift supports here).
public enum ByteScan {
  public static let ones: UInt64 = 0x0101_0101_0101_0101
  public static let highs: UInt64 = 0x8080_8080_8080_8080

  /// The byte `b` in all eight lanes.
  @inlinable @inline(__always) public static func splat(_ b: UInt8) -> UInt64 { UInt64(b) &* ones }

  /// A mask with the high bit set in the lowest lane of `word` equal to the byte of `lanes`
  /// (`splat(b)`); lanes above the lowest match may be set spuriously, lanes below never are.
  @inlinable @inline(__always) public static func matches(_ word: UInt64, _ lanes: UInt64) -> UInt64 {
    let t = word ^ lanes
    return (t &- ones) & ~t & highs
  }

  /// The index of the lowest matching lane of a non-zero `matches` mask.
  @inlinable @inline(__always) public static func firstLane(_ mask: UInt64) -> Int { mask.trailingZeroBitCount >> 3 }

  @inlinable @inline(__always) public static func load(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
  }

  /// The first index in `from..<end` of `p` holding `a` or `b`, or `end`.
  @inlinable @inline(__always)
  public static func first(_ a: UInt8, or b: UInt8, in p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
    var i = from
    let la = splat(a)
    let lb = splat(b)
    while i + 8 <= end {
      let w = load(p, i)
      let m = matches(w, la) | matches(w, lb)
      if m != 0 { return i + firstLane(m) }
      i += 8
    }
    while i < end {
      let c = p[i]
      if c == a || c == b { return i }
      i += 1
    }
    return end
  }

  /// The first index in `from..<end` of `p` holding `a`, or `end`.
  @inlinable @inline(__always)
  public static func first(_ a: UInt8, in p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
    var i = from
    let la = splat(a)
    while i + 8 <= end {
      let m = matches(load(p, i), la)
      if m != 0 { return i + firstLane(m) }
      i += 8
    }
    while i < end {
      if p[i] == a { return i }
      i += 1
    }
    return end
  }

  /// The last index in `from..<end` of `p` holding `a`, or `from - 1`.
  ///
  /// Eight bytes per step from the end, with an exact zero-byte test (no spurious lanes, so
  /// the highest set lane is the last match).
  public static func last(_ a: UInt8, in p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
    var i = end
    let la = splat(a)
    let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    while i - 8 >= from {
      let t = load(p, i - 8) ^ la
      let zero = ~(((t & lows) &+ lows) | t | lows)
      if zero != 0 { return i - 8 + (63 - zero.leadingZeroBitCount) >> 3 }
      i -= 8
    }
    while i > from {
      i -= 1
      if p[i] == a { return i }
    }
    return from - 1
  }

  /// How many bytes of `p[from..<end]` equal `a`.
  ///
  /// Sixteen bytes per step: 0 for a match and 1 otherwise, summed per
  /// lane (at most 255 steps before the lanes are folded), so the loop has no branch but its
  /// own and no mask conversions.
  public static func count(_ a: UInt8, in p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
    #if arch(x86_64)
      // SSE2: a comparison is -1 per matching byte; subtracting it counts matches per lane,
      // and `psadbw` folds the lanes (three instructions per 16 bytes where the generic vectors
      // take seven).
      var i = from
      var n = 0
      let target = _mm_set1_epi8(Int8(bitPattern: a))
      let zero = _mm_setzero_si128()
      @inline(__always) func matches(_ k: Int) -> __m128i {
        _mm_cmpeq_epi8(_mm_loadu_si128(UnsafeRawPointer(p + k).assumingMemoryBound(to: __m128i_u.self)), target)
      }
      while i + 16 <= end {
        var sums = zero
        var steps = 0
        // 64 bytes per step (at most 4 per lane and step, 252 before the fold), then 16.
        while steps < 63, i + 64 <= end {
          sums = _mm_sub_epi8(_mm_sub_epi8(sums, matches(i)), matches(i + 16))
          sums = _mm_sub_epi8(_mm_sub_epi8(sums, matches(i + 32)), matches(i + 48))
          i += 64
          steps += 1
        }
        while steps < 252, i + 16 <= end, i + 64 > end {
          sums = _mm_sub_epi8(sums, matches(i))
          i += 16
          steps += 1
        }
        let folded = unsafeBitCast(_mm_sad_epu8(sums, zero), to: SIMD2<UInt64>.self)
        n += Int(truncatingIfNeeded: folded[0] &+ folded[1])
      }
      while i < end {
        if p[i] == a { n += 1 }
        i += 1
      }
      return n
    #else
      var i = from
      var others = 0
      let target = SIMD16<UInt8>(repeating: a)
      let zero = SIMD16<UInt8>(repeating: 0)
      while i + 16 <= end {
        var sums = SIMD16<UInt8>(repeating: 0)
        var steps = 0
        while steps < 255, i + 16 <= end {
          let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self)
          // 1 where the byte differs from `a`: the high bit of x | -x (`pointwiseMin` is a
          // generic call here).
          let x = v ^ target
          sums &+= (x | (zero &- x)) &>> 7
          i += 16
          steps += 1
        }
        // Lanes folded into four 16-bit sums (each at most 4 * 255), added by one multiply.
        let w = unsafeBitCast(sums, to: SIMD2<UInt64>.self)
        let pairs =
          (w[0] & 0x00FF_00FF_00FF_00FF) &+ ((w[0] >> 8) & 0x00FF_00FF_00FF_00FF)
          &+ (w[1] & 0x00FF_00FF_00FF_00FF) &+ ((w[1] >> 8) & 0x00FF_00FF_00FF_00FF)
        others += Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
      }
      var n = (i - from) - others
      while i < end {
        if p[i] == a { n += 1 }
        i += 1
      }
      return n
    #endif
  }

  /// The first index at or after `from` where the `n` bytes of `literal` start, or nil.
  ///
  /// Candidates are positions whose first two bytes match (one 16-byte SIMD comparison per
  /// step), confirmed with `memcmp`: unlike `memchr` on the first byte, a literal that starts
  /// with a space does not stop at every word of the line.
  @inlinable @inline(__always)
  public static func find(_ literal: UnsafePointer<UInt8>, _ n: Int, in p: UnsafePointer<UInt8>, count: Int, from: Int)
    -> Int?
  {
    guard n > 0 else { return from <= count ? from : nil }
    let last = count - n
    var i = max(0, from)
    guard i <= last else { return nil }
    if n == 1 {
      let hit = first(literal[0], in: p, from: i, end: count)
      return hit < count ? hit : nil
    }
    let c0 = literal[0]
    let c1 = literal[1]
    let v0 = SIMD16<UInt8>(repeating: c0)
    let v1 = SIMD16<UInt8>(repeating: c1)
    @inline(__always) func pairs(at k: Int) -> SIMDMask<SIMD16<Int8>> {
      let a = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD16<UInt8>.self)
      let b = UnsafeRawPointer(p + k + 1).loadUnaligned(as: SIMD16<UInt8>.self)
      return a .== v0 .& b .== v1
    }
    /// The first confirmed candidate among `bits` (lanes from `base`), if any.
    @inline(__always) func confirm(_ bits: UInt32, base: Int) -> Int? {
      var bits = bits
      while bits != 0 {
        let k = base + bits.trailingZeroBitCount
        if k > last { return nil }
        if n == 2 || memcmpBytes(p + k + 2, literal + 2, n - 2) { return k }
        bits &= bits &- 1
      }
      return nil
    }
    // Blocks of 16 candidate positions need 17 readable bytes. `any` is one mask test; the
    // lanes are gathered only for a block with a candidate.
    while i + 17 <= count {
      let eq = pairs(at: i)
      if anyLane(eq), let k = confirm(lanes(eq), base: i) { return k }
      i += 16
    }
    guard i <= last else { return nil }
    if count >= 17 {
      // The tail as one block that ends at the view's end, lanes before `i` masked out.
      let start = count - 17
      let eq = pairs(at: start)
      guard anyLane(eq) else { return nil }
      return confirm(lanes(eq) & ~((1 << UInt32(i - start)) &- 1), base: start)
    }
    while i <= last {
      if p[i] == c0, p[i + 1] == c1, n == 2 || memcmpBytes(p + i + 2, literal + 2, n - 2) { return i }
      i += 1
    }
    return nil
  }

  /// Whether any lane of a SIMD comparison result is set. (The standard `any(_:)` compiles to
  /// a generic reduction call here; two 64-bit halves OR-ed are a few instructions.)
  @inlinable @inline(__always) public static func anyLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
    let v = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
    return v[0] | v[1] != 0
  }

  /// Whether any byte of `v` is non-zero.
  @inlinable @inline(__always) public static func anyByte(_ v: SIMD16<UInt8>) -> Bool {
    let w = unsafeBitCast(v, to: SIMD2<UInt64>.self)
    return w[0] | w[1] != 0
  }

  /// One bit per byte of `v`, whose bytes are 0xFF or 0 (comparison results as bytes).
  @inlinable @inline(__always) public static func byteLanes(_ v: SIMD16<UInt8>) -> UInt32 {
    let w = unsafeBitCast(v, to: SIMD2<UInt64>.self)
    let lo = ((w[0] & highs) &* 0x0002_0408_1020_4081) >> 56
    let hi = ((w[1] & highs) &* 0x0002_0408_1020_4081) >> 56
    return UInt32(truncatingIfNeeded: lo | hi << 8)
  }

  /// A SIMD comparison result as bytes: 0xFF where set, 0 elsewhere.
  @inlinable @inline(__always) public static func bytes(_ mask: SIMDMask<SIMD16<Int8>>) -> SIMD16<UInt8> {
    unsafeBitCast(mask, to: SIMD16<UInt8>.self)
  }

  /// One bit per lane of a SIMD comparison result.
  @inlinable @inline(__always) public static func lanes(_ mask: SIMDMask<SIMD16<Int8>>) -> UInt32 {
    // Lanes are 0 or -1: the sign bits, gathered eight at a time with a multiply.
    let v = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
    let lo = ((v[0] & highs) &* 0x0002_0408_1020_4081) >> 56
    let hi = ((v[1] & highs) &* 0x0002_0408_1020_4081) >> 56
    return UInt32(truncatingIfNeeded: lo | hi << 8)
  }

  /// Whether `n` bytes at `a` and `b` are equal (short inline loop; no call for tiny `n`).
  ///
  /// Lengths of 4 or more are compared with (possibly overlapping) 8- or 4-byte loads.
  @inlinable @inline(__always) public static func memcmpBytes(
    _ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int
  ) -> Bool {
    if n >= 8 {
      var i = 0
      while i + 8 <= n {
        if load(a, i) != load(b, i) { return false }
        i += 8
      }
      return i == n || load(a, n - 8) == load(b, n - 8)
    }
    if n >= 4 {
      return load32(a, 0) == load32(b, 0) && load32(a, n - 4) == load32(b, n - 4)
    }
    var i = 0
    while i < n {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }

  @inlinable @inline(__always) public static func load32(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt32 {
    UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self)
  }
}
