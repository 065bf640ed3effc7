import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// A message's identity: the syslog host and its queue id (Postfix) or message id (Exim), as
/// integers, so that the message table needs no string per line.
///
/// The id's bytes themselves (up to 24: Postfix short and long queue ids, Exim ids of both
/// lengths) in three words, with the length: exact, and read with three loads when the line
/// has room after the id. A longer id keeps its first 24 bytes.
public struct MessageKey: Hashable, Sendable, FastHashable {
  public var host: UInt32
  var length: UInt32
  var a: UInt64
  var b: UInt64
  var c: UInt64

  @inline(__always) public var fastHash: UInt64 {
    mix64(a &* 0x9E37_79B9_7F4A_7C15 ^ b &* 0xC2B2_AE3D_27D4_EB4F ^ c ^ UInt64(host) << 32 ^ UInt64(length))
  }

  /// The key of the id at `range` of `line` on `host`; nil for an empty id.
  @inline(__always)
  public init?(host: UInt32, line: ByteView, range: TextRange) {
    let n = Int(range.length)
    guard n > 0 else { return nil }
    self.host = host
    length = UInt32(min(n, 24))
    let start = Int(range.start)
    let p = line.base + start
    if start + 24 <= line.count {
      // Three loads; the bytes after the id are masked off.
      a = MessageKey.masked(ByteScan.load(p, 0), n)
      b = n > 8 ? MessageKey.masked(ByteScan.load(p, 8), n - 8) : 0
      c = n > 16 ? MessageKey.masked(ByteScan.load(p, 16), n - 16) : 0
    } else {
      var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
      for i in 0..<min(n, 24) {
        let v = UInt64(p[i]) << (UInt64(i & 7) * 8)
        switch i >> 3 {
        case 0: words.0 |= v
        case 1: words.1 |= v
        default: words.2 |= v
        }
      }
      (a, b, c) = words
    }
  }

  /// The first `n` bytes (little-endian lanes) of `word`, the rest zero.
  @inline(__always) static func masked(_ word: UInt64, _ n: Int) -> UInt64 {
    n >= 8 ? word : word & ((1 << (UInt64(n) * 8)) &- 1)
  }
}
