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

  static func lookup(_ n: ByteView) -> SMTPCommand? {
    switch n.count {
    case 3:
      if n.matchesIgnoringCase("RCPT", at: 0) { return .rcpt }
    case 4:
      if n.matchesIgnoringCase("HELO", at: 0) { return .helo }
      if n.matchesIgnoringCase("EHLO", at: 0) { return .ehlo }
      if n.matchesIgnoringCase("AUTH", at: 0) { return .auth }
      if n.matchesIgnoringCase("MAIL", at: 0) { return .mail }
      if n.matchesIgnoringCase("RCPT", at: 0) { return .rcpt }
      if n.matchesIgnoringCase("DATA", at: 0) { return .data }
      if n.matchesIgnoringCase("BDAT", at: 0) { return .bdat }
      if n.matchesIgnoringCase("QUIT", at: 0) { return .quit }
      if n.matchesIgnoringCase("RSET", at: 0) { return .rset }
      if n.matchesIgnoringCase("VRFY", at: 0) { return .vrfy }
      if n.matchesIgnoringCase("ETRN", at: 0) { return .etrn }
      if n.matchesIgnoringCase("NOOP", at: 0) { return .noop }
      if n.matchesIgnoringCase("EXPN", at: 0) { return .expn }
      if n.matchesIgnoringCase("HELP", at: 0) { return .help }
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

  /// All commands that can be named on the command line.
  public static var named: [SMTPCommand] { allCases.filter { $0 != .none } }

  public static func < (lhs: SMTPCommand, rhs: SMTPCommand) -> Bool { lhs.rawValue < rhs.rawValue }
}
