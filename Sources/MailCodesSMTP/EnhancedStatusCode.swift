import MailCodesSupport

/// An enhanced mail system status code (RFC 3463), e.g. `5.7.1`.
///
/// Invariant: class is 2, 4 or 5; subject and detail are 0...999 (RFC 3463 allows up to three
/// digits each). Parsing follows Postfix `dsn_valid()`: class digit, dot, 1-3 digits, dot,
/// 1-3 digits, then the end or a non-digit, non-dot byte.
public struct EnhancedStatusCode: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let statusClass: UInt8
  public let subject: UInt16
  public let detail: UInt16

  public init?(statusClass: Int, subject: Int, detail: Int) {
    guard statusClass == 2 || statusClass == 4 || statusClass == 5,
      (0...999).contains(subject), (0...999).contains(detail)
    else { return nil }
    self.statusClass = UInt8(statusClass)
    self.subject = UInt16(subject)
    self.detail = UInt16(detail)
  }

  /// Parses `X.Y.Z` from text such as `"5.7.1"`.
  public init?(_ text: String) {
    guard let parsed = withByteView(text, { EnhancedStatusCode.parse($0, at: 0) }),
      parsed.end == text.utf8.count
    else { return nil }
    self = parsed.code
  }

  /// Parses an enhanced code at `offset`; returns it and the index after it.
  @inline(__always)
  public static func parse(_ bytes: ByteView, at offset: Int) -> (code: EnhancedStatusCode, end: Int)? {
    let n = bytes.count
    guard offset >= 0, offset + 5 <= n else { return nil }
    let p = bytes.base
    let c = p[offset]
    guard c == 0x32 || c == 0x34 || c == 0x35, p[offset + 1] == ASCII.dot else { return nil }
    // Subject and detail: one to three digits each.
    @inline(__always) func number(_ at: Int) -> (value: UInt16, end: Int)? {
      var i = at
      var value: UInt16 = 0
      while i < n, i - at < 3 {
        let d = p[i] &- ASCII.zero
        guard d <= 9 else { break }
        value = value &* 10 &+ UInt16(d)
        i += 1
      }
      return i > at ? (value, i) : nil
    }
    guard let subject = number(offset + 2), subject.end < n, p[subject.end] == ASCII.dot,
      let detail = number(subject.end + 1)
    else { return nil }
    if detail.end < n {
      let next = p[detail.end]
      if ASCII.isDigit(next) || next == ASCII.dot { return nil }
    }
    return (EnhancedStatusCode(unchecked: c &- ASCII.zero, subject: subject.value, detail: detail.value), detail.end)
  }

  /// A code whose parts are known to be valid (class 2, 4 or 5; parts of at most three digits).
  @inline(__always) init(unchecked statusClass: UInt8, subject: UInt16, detail: UInt16) {
    self.statusClass = statusClass
    self.subject = subject
    self.detail = detail
  }

  /// A compact key: class * 1_000_000 + subject * 1000 + detail.
  public var packed: UInt32 { UInt32(statusClass) * 1_000_000 + UInt32(subject) * 1000 + UInt32(detail) }

  public init?(packed: UInt32) {
    self.init(statusClass: Int(packed / 1_000_000), subject: Int(packed / 1000 % 1000), detail: Int(packed % 1000))
  }

  /// `5.7.1`, written straight into a small string (no allocation).
  public var description: String {
    String(unsafeUninitializedCapacity: 9) { buffer in
      var i = 0
      ASCII.writeDecimal(Int(statusClass), buffer, &i)
      buffer[i] = ASCII.dot
      i += 1
      ASCII.writeDecimal(Int(subject), buffer, &i)
      buffer[i] = ASCII.dot
      i += 1
      ASCII.writeDecimal(Int(detail), buffer, &i)
      return i
    }
  }

  public static func < (lhs: EnhancedStatusCode, rhs: EnhancedStatusCode) -> Bool { lhs.packed < rhs.packed }
}
