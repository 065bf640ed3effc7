import MailCodesSupport

/// A three-digit SMTP reply code (RFC 5321 §4.2), e.g. `550`.
///
/// Invariant: the first digit is 2 to 5, the second 0 to 5, the third 0 to 9: the values a
/// server can send. Parsing accepts exactly three ASCII digits followed by a space, a dash,
/// the end of the text or a separator the caller names (Postfix `smtp_chat_resp` rule: a
/// fourth digit means it is not a code).
public struct ReplyCode: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let rawValue: UInt16

  /// Wraps a known-valid value; returns nil when `rawValue` is not a plausible reply code.
  public init?(_ rawValue: Int) {
    guard ReplyCode.isPlausible(rawValue) else { return nil }
    self.rawValue = UInt16(rawValue)
  }

  @inline(__always) init(unchecked rawValue: UInt16) { self.rawValue = rawValue }

  /// Whether `value` has the shape of a reply code a server can send (2yz-5yz, y <= 5).
  @inline(__always) public static func isPlausible(_ value: Int) -> Bool {
    value >= 200 && value <= 599 && (value / 10) % 10 <= 5
  }

  /// Parses three digits at `offset` of `bytes`; the byte after them must be a space, a dash,
  /// the end of the bytes, or one of `extraTerminators`.
  @inline(__always)
  public static func parse(_ bytes: ByteView, at offset: Int, allowing extraTerminator: UInt8 = 0) -> ReplyCode? {
    guard offset >= 0, offset + 3 <= bytes.count else { return nil }
    let a = bytes[offset] &- ASCII.zero
    let b = bytes[offset + 1] &- ASCII.zero
    let c = bytes[offset + 2] &- ASCII.zero
    guard a <= 9, b <= 9, c <= 9 else { return nil }
    if offset + 3 < bytes.count {
      let next = bytes[offset + 3]
      guard
        next == ASCII.space || next == ASCII.minus || next == ASCII.tab
          || (extraTerminator != 0 && next == extraTerminator)
      else { return nil }
    }
    let value = Int(a) * 100 + Int(b) * 10 + Int(c)
    guard isPlausible(value) else { return nil }
    return ReplyCode(unchecked: UInt16(value))
  }

  /// The reply class given by the first digit.
  public var replyClass: ReplyClass { ReplyClass(rawValue: UInt8(rawValue / 100)) ?? .permanentNegative }

  public var description: String { String(rawValue) }

  public static func < (lhs: ReplyCode, rhs: ReplyCode) -> Bool { lhs.rawValue < rhs.rawValue }

  public static let serviceReady = ReplyCode(unchecked: 220)
  public static let closing = ReplyCode(unchecked: 221)
  public static let serviceNotAvailable = ReplyCode(unchecked: 421)
  public static let authenticationFailed = ReplyCode(unchecked: 535)
}

/// The class of a reply, from its first digit (RFC 5321 §4.2.1).
public enum ReplyClass: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
  case positiveCompletion = 2
  case positiveIntermediate = 3
  case transientNegative = 4
  case permanentNegative = 5

  /// `2xx` ... `5xx`.
  public var description: String { "\(rawValue)xx" }

  public init?(label: String) {
    guard label.count == 3, label.hasSuffix("xx"), let d = UInt8(label.prefix(1)) else { return nil }
    self.init(rawValue: d)
  }

  public static func < (lhs: ReplyClass, rhs: ReplyClass) -> Bool { lhs.rawValue < rhs.rawValue }
}
