import MailCodesSupport

/// An IPv4 or IPv6 address in 16 bytes, without allocation.
///
/// IPv4 addresses are stored IPv4-mapped (`::ffff:a.b.c.d`) so that one type and one hash
/// serve both families; `description` prints them in dotted form again. Parsing is strict:
/// text that is not an address yields `nil` (a hostile log can put anything between brackets).
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var high: UInt64
  public var low: UInt64

  @inlinable @inline(__always) public init(high: UInt64, low: UInt64) {
    self.high = high
    self.low = low
  }

  /// An IPv4 address from its 32-bit value.
  @inlinable @inline(__always) public init(ipv4 value: UInt32) {
    high = 0
    low = 0x0000_FFFF_0000_0000 | UInt64(value)
  }

  @inlinable @inline(__always) public var isIPv4: Bool { high == 0 && (low >> 32) == 0x0000_FFFF }

  /// Parses the whole of `text` as an address.
  public init?(_ text: String) {
    guard let ip = withByteView(text, { IPAddress.parse($0) }) else { return nil }
    self = ip
  }

  /// Parses all of `bytes` as an IPv4 or IPv6 address (an `IPv6:` prefix is accepted).
  @inlinable @inline(__always) public static func parse(_ bytes: ByteView) -> IPAddress? {
    if let v4 = parseIPv4(bytes) { return IPAddress(ipv4: v4) }
    var v = bytes
    if v.matchesIgnoringCase("ipv6:", at: 0) { v = v.suffix(from: 5) }
    return parseIPv6(v)
  }

  /// Parses a dotted quad covering all of `bytes`: four octets of one to three digits, each
  /// at most 255, joined by single dots (digits unrolled: an address on most lines).
  @inlinable @inline(__always) public static func parseIPv4(_ b: ByteView) -> UInt32? {
    let n = b.count
    guard n >= 7, n <= 15 else { return nil }
    let p = b.base
    var value: UInt32 = 0
    var i = 0
    for octetIndex in 0..<4 {
      guard i < n else { return nil }
      var octet = UInt32(p[i] &- ASCII.zero)
      guard octet <= 9 else { return nil }
      i += 1
      if i < n {
        let d1 = UInt32(p[i] &- ASCII.zero)
        if d1 <= 9 {
          octet = octet &* 10 &+ d1
          i += 1
          if i < n {
            let d2 = UInt32(p[i] &- ASCII.zero)
            if d2 <= 9 {
              octet = octet &* 10 &+ d2
              i += 1
            }
          }
        }
      }
      guard octet <= 255 else { return nil }
      value = value << 8 | octet
      if octetIndex < 3 {
        guard i < n, p[i] == ASCII.dot else { return nil }
        i += 1
      }
    }
    return i == n ? value : nil
  }

  /// Parses an IPv6 address (with `::` compression and an optional dotted IPv4 tail).
  ///
  /// Groups are collected in a fixed-size tuple (no array, no allocation per address).
  public static func parseIPv6(_ b: ByteView) -> IPAddress? {
    guard b.count >= 2, b.count <= 45 else { return nil }
    var groups: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0)
    func set(_ k: Int, _ v: UInt16) {
      withUnsafeMutableBytes(of: &groups) { $0.storeBytes(of: v, toByteOffset: k * 2, as: UInt16.self) }
    }
    func get(_ k: Int) -> UInt16 {
      withUnsafeBytes(of: groups) { $0.load(fromByteOffset: k * 2, as: UInt16.self) }
    }
    var count = 0
    var gap = -1
    var i = 0
    if b[0] == ASCII.colon {
      guard b.byte(at: 1) == ASCII.colon else { return nil }
      gap = 0
      i = 2
      if i == b.count { return IPAddress(high: 0, low: 0) }
    }
    while i < b.count {
      guard count < 8 else { return nil }
      // An embedded IPv4 tail takes the last two groups.
      var j = i
      var hexDigits = 0
      var value: UInt32 = 0
      while j < b.count, ASCII.isHexDigit(b[j]), hexDigits < 5 {
        let c = b[j]
        value = value << 4 | UInt32(ASCII.isDigit(c) ? c &- ASCII.zero : (c | 0x20) &- ASCII.lowerA &+ 10)
        hexDigits += 1
        j += 1
      }
      if j < b.count, b[j] == ASCII.dot {
        guard count <= 6, let v4 = parseIPv4(b.slice(i, b.count)) else { return nil }
        set(count, UInt16(v4 >> 16))
        set(count + 1, UInt16(v4 & 0xFFFF))
        count += 2
        i = b.count
        break
      }
      guard hexDigits >= 1, hexDigits <= 4 else { return nil }
      set(count, UInt16(value))
      count += 1
      i = j
      if i == b.count { break }
      guard b[i] == ASCII.colon else { return nil }
      i += 1
      if i < b.count, b[i] == ASCII.colon {
        guard gap < 0 else { return nil }
        gap = count
        i += 1
        if i == b.count { break }
      } else if i == b.count {
        return nil
      }
    }
    var high: UInt64 = 0
    var low: UInt64 = 0
    if gap >= 0 {
      guard count < 8 else { return nil }
      // Groups before the gap stay in front; the others move to the end.
      let tail = count - gap
      for k in 0..<8 {
        let v: UInt16 = k < gap ? get(k) : (k >= 8 - tail ? get(gap + k - (8 - tail)) : 0)
        if k < 4 { high = high << 16 | UInt64(v) } else { low = low << 16 | UInt64(v) }
      }
    } else {
      guard count == 8 else { return nil }
      for k in 0..<4 { high = high << 16 | UInt64(get(k)) }
      for k in 4..<8 { low = low << 16 | UInt64(get(k)) }
    }
    return IPAddress(high: high, low: low)
  }

  /// Dotted quad for IPv4, RFC 5952 text (lower case, longest zero run compressed) for IPv6.
  ///
  /// Written straight into the string's storage (an IPv4 address fits a small string: no
  /// allocation): reports convert tens of thousands of distinct addresses at the end of a run.
  public var description: String {
    if isIPv4 {
      let v = UInt32(truncatingIfNeeded: low)
      return String(unsafeUninitializedCapacity: 15) { buffer in
        var i = 0
        @inline(__always) func octet(_ o: UInt32, dot: Bool) {
          ASCII.writeDecimal(Int(o & 0xFF), buffer, &i)
          if dot {
            buffer[i] = ASCII.dot
            i += 1
          }
        }
        octet(v >> 24, dot: true)
        octet(v >> 16, dot: true)
        octet(v >> 8, dot: true)
        octet(v, dot: false)
        return i
      }
    }
    @inline(__always) func group(_ k: Int) -> UInt16 {
      UInt16(truncatingIfNeeded: (k < 4 ? high : low) >> (48 - 16 * (k & 3)))
    }
    // The longest run of two or more zero groups (the first one on a tie) is compressed.
    var bestStart = -1
    var bestLength = 0
    var k = 0
    while k < 8 {
      if group(k) == 0 {
        var e = k
        while e < 8, group(e) == 0 { e += 1 }
        if e - k > bestLength, e - k >= 2 {
          bestStart = k
          bestLength = e - k
        }
        k = e
      } else {
        k += 1
      }
    }
    return String(unsafeUninitializedCapacity: 41) { buffer in
      var i = 0
      func hex(_ g: UInt16) {
        var started = false
        for shift in stride(from: 12, through: 0, by: -4) {
          let d = UInt8(truncatingIfNeeded: g >> UInt16(shift)) & 0xF
          if d != 0 || started || shift == 0 {
            buffer[i] = d < 10 ? 0x30 + d : 0x57 + d
            i += 1
            started = true
          }
        }
      }
      var k = 0
      while k < 8 {
        if k == bestStart {
          buffer[i] = ASCII.colon
          buffer[i + 1] = ASCII.colon
          i += 2
          k += bestLength
          continue
        }
        if k > 0, k != bestStart + bestLength || bestStart < 0 {
          buffer[i] = ASCII.colon
          i += 1
        }
        hex(group(k))
        k += 1
      }
      return i
    }
  }

  public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
    lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
  }
}

extension IPAddress: FastHashable {
  @inlinable @inline(__always) public var fastHash: UInt64 { mix64(high &* 0x9E37_79B9_7F4A_7C15 ^ low) }
}
