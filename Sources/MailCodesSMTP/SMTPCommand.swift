import MailCodesSupport

/// The SMTP step a reply answers (or, for a session, the step at which it ended).
///
/// `connect` is the greeting stage; `endOfData` is the final dot after the message content
/// (Postfix `END-OF-MESSAGE`). `unknown` is a command the server did not recognize.
public enum SMTPCommand: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
  case none = 0
  case connect, helo, ehlo, starttls, auth, mail, rcpt, data, bdat, endOfData, quit, rset, vrfy,
    etrn, noop, expn, help, unknown

  /// The name used in reports, JSON and filters (`END-OF-DATA` for the final dot).
  public var description: String {
    switch self {
    case .none: return ""
    case .connect: return "CONNECT"
    case .helo: return "HELO"
    case .ehlo: return "EHLO"
    case .starttls: return "STARTTLS"
    case .auth: return "AUTH"
    case .mail: return "MAIL"
    case .rcpt: return "RCPT"
    case .data: return "DATA"
    case .bdat: return "BDAT"
    case .endOfData: return "END-OF-DATA"
    case .quit: return "QUIT"
    case .rset: return "RSET"
    case .vrfy: return "VRFY"
    case .etrn: return "ETRN"
    case .noop: return "NOOP"
    case .expn: return "EXPN"
    case .help: return "HELP"
    case .unknown: return "UNKNOWN"
    }
  }

  /// Recognizes a command name as logs and transcripts write it: case-insensitive, and the
  /// Postfix spellings `END-OF-MESSAGE`, `MAIL FROM`, `RCPT TO`, `end of DATA`.
  public init?(name: ByteView) {
    guard let found = SMTPCommand.lookup(name) else { return nil }
    self = found
  }

  public init?(name: String) {
    guard let found = withByteView(name, { SMTPCommand.lookup($0) }) else { return nil }
    self = found
  }

  public static func lookup(_ n: ByteView) -> SMTPCommand? {
    switch n.count {
    case 4:
      // Four letters upper-cased into one integer: one comparison per candidate.
      let key =
        UInt32(ASCII.uppercased(n[0])) << 24 | UInt32(ASCII.uppercased(n[1])) << 16
        | UInt32(ASCII.uppercased(n[2])) << 8 | UInt32(ASCII.uppercased(n[3]))
      switch key {
      case 0x4845_4C4F: return .helo
      case 0x4548_4C4F: return .ehlo
      case 0x4155_5448: return .auth
      case 0x4D41_494C: return .mail
      case 0x5243_5054: return .rcpt
      case 0x4441_5441: return .data
      case 0x4244_4154: return .bdat
      case 0x5155_4954: return .quit
      case 0x5253_4554: return .rset
      case 0x5652_4659: return .vrfy
      case 0x4554_524E: return .etrn
      case 0x4E4F_4F50: return .noop
      case 0x4558_504E: return .expn
      case 0x4845_4C50: return .help
      case 0x4C48_4C4F: return .ehlo  // LHLO, LMTP's EHLO
      default: return nil
      }
    case 7:
      if n.matchesIgnoringCase("CONNECT", at: 0) { return .connect }
      if n.matchesIgnoringCase("RCPT TO", at: 0) { return .rcpt }
      if n.matchesIgnoringCase("UNKNOWN", at: 0) { return .unknown }
    case 8:
      if n.matchesIgnoringCase("STARTTLS", at: 0) { return .starttls }
    case 9:
      if n.matchesIgnoringCase("MAIL FROM", at: 0) { return .mail }
    case 11:
      if n.matchesIgnoringCase("END-OF-DATA", at: 0) { return .endOfData }
      if n.matchesIgnoringCase("end of DATA", at: 0) { return .endOfData }
    case 14:
      if n.matchesIgnoringCase("END-OF-MESSAGE", at: 0) { return .endOfData }
    default:
      break
    }
    return nil
  }

  /// Every case, as a stored array (`allCases` builds a new array at each use).
  public static let everyCase: [SMTPCommand] = allCases.map { $0 }

  /// All commands that can be named on the command line.
  public static var named: [SMTPCommand] { allCases.filter { $0 != .none } }

  public static func < (lhs: SMTPCommand, rhs: SMTPCommand) -> Bool { lhs.rawValue < rhs.rawValue }
}
