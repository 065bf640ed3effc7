import MailCodesSupport
import MailCodesSMTP
import MailCodesInput
import MailCodesFormats

/// A message's identity: the syslog host and its queue id (Postfix) or message id (Exim),
/// packed into integers so that the message table needs no string per line.
///
/// The id's letters and digits take 6 bits each (dashes of Exim ids are skipped), so ids of
/// up to 21 such characters are exact: Postfix short and long queue ids, Exim ids of both
/// lengths (14 and 21 characters without dashes). A longer id keeps its first 21 characters.
public struct MessageKey: Hashable, Sendable, FastHashable {
  public var host: UInt32
  var high: UInt64
  var low: UInt64

  @inline(__always) public var fastHash: UInt64 { mix64(high ^ mix64(low ^ UInt64(host) << 40)) }

  /// The key of `id` on `host`; nil for an empty id.
  @inline(__always)
  public init?(host: UInt32, id: ByteView) {
    guard id.count > 0 else { return nil }
    var high: UInt64 = 0
    var low: UInt64 = 0
    var taken = 0
    for i in 0..<id.count where taken < 21 {
      let c = id[i]
      let v: UInt64
      if ASCII.isDigit(c) {
        v = UInt64(c &- 0x30) &+ 1
      } else if c >= 0x41, c <= 0x5A {
        v = UInt64(c &- 0x41) &+ 11
      } else if c >= 0x61, c <= 0x7A {
        v = UInt64(c &- 0x61) &+ 37
      } else {
        continue
      }
      high = high << 6 | low >> 58
      low = low << 6 | v
      taken += 1
    }
    guard taken > 0 else { return nil }
    self.host = host
    self.high = high
    self.low = low
  }
}
