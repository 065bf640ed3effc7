import MailCodesSupport

/// A session's number within one run: 1, 2, 3 ... in the order sessions were opened.
public struct SessionID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var rawValue: UInt64
  public init(_ rawValue: UInt64) { self.rawValue = rawValue }
  public static let none = SessionID(0)
  public var isNone: Bool { rawValue == 0 }
  public var description: String { String(rawValue) }
  public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.rawValue < rhs.rawValue }
}
