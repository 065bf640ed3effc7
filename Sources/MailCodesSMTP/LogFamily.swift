import MailCodesSupport

/// The format families mailcodes reads.
public enum LogFamily: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case postfix = 1
  case exim
  case transcript

  public var description: String {
    switch self {
    case .postfix: return "postfix"
    case .exim: return "exim"
    case .transcript: return "transcript"
    }
  }

  public init?(name: String) {
    guard let f = LogFamily.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
    self = f
  }
}
