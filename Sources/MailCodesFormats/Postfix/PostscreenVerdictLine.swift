import MailCodesSMTP
import MailCodesSupport

/// What postscreen decided about a connection, from one of its lines (postscreen.c,
/// postscreen_early.c, postscreen_smtpd.c, postscreen_misc.c), and the lists dnsblog found a
/// client on (dnsblog.c).
///
/// Both spellings of the permanent lists are read as one verdict: `WHITELISTED`, `BLACKLISTED`
/// and `WHITELIST VETO` before Postfix 3.6, `ALLOWLISTED`, `DENYLISTED` and `ALLOWLIST VETO`
/// since (`respectful_logging`).
public enum PostscreenVerdict: UInt8, CaseIterable, Sendable {
  case connect = 1
  case passNew, passOld
  case pregreet, hangup, bareNewline, commandPipelining, nonSMTPCommand
  case commandTimeLimit, commandCountLimit, commandLengthLimit
  case dnsblRank
  case allowlisted, denylisted, allowlistVeto

  /// The verdict as current Postfix versions log it (`DNSBL rank` without its number).
  public var name: String {
    switch self {
    case .connect: "CONNECT"
    case .passNew: "PASS NEW"
    case .passOld: "PASS OLD"
    case .pregreet: "PREGREET"
    case .hangup: "HANGUP"
    case .bareNewline: "BARE NEWLINE"
    case .commandPipelining: "COMMAND PIPELINING"
    case .nonSMTPCommand: "NON-SMTP COMMAND"
    case .commandTimeLimit: "COMMAND TIME LIMIT"
    case .commandCountLimit: "COMMAND COUNT LIMIT"
    case .commandLengthLimit: "COMMAND LENGTH LIMIT"
    case .dnsblRank: "DNSBL rank"
    case .allowlisted: "ALLOWLISTED"
    case .denylisted: "DENYLISTED"
    case .allowlistVeto: "ALLOWLIST VETO"
    }
  }

  public init?(name: String) {
    guard let v = PostscreenVerdict.allCases.first(where: { $0.name == name }) else { return nil }
    self = v
  }

  /// The verdict of the postscreen message at `at`, with the rank of `DNSBL rank N` (0 for
  /// the others); nil for another line.
  public static func parse(_ line: ByteView, at i: Int) -> (verdict: PostscreenVerdict, rank: Int)? {
    switch line.byte(at: i) {
    case 0x43:  // C
      if line.matches("CONNECT from [", at: i) { return (.connect, 0) }
      if line.matches("COMMAND PIPELINING from ", at: i) { return (.commandPipelining, 0) }
      if line.matches("COMMAND TIME LIMIT from ", at: i) { return (.commandTimeLimit, 0) }
      if line.matches("COMMAND COUNT LIMIT from ", at: i) { return (.commandCountLimit, 0) }
      if line.matches("COMMAND LENGTH LIMIT from ", at: i) { return (.commandLengthLimit, 0) }
    case 0x50:  // P
      if line.matches("PASS NEW [", at: i) { return (.passNew, 0) }
      if line.matches("PASS OLD [", at: i) { return (.passOld, 0) }
      if line.matches("PREGREET ", at: i) { return (.pregreet, 0) }
    case 0x48:  // H
      if line.matches("HANGUP after ", at: i) { return (.hangup, 0) }
    case 0x42:  // B
      if line.matches("BARE NEWLINE from ", at: i) { return (.bareNewline, 0) }
      if line.matches("BLACKLISTED [", at: i) { return (.denylisted, 0) }
    case 0x4E:  // N
      if line.matches("NON-SMTP COMMAND from ", at: i) { return (.nonSMTPCommand, 0) }
    case 0x44:  // D
      if line.matches("DNSBL rank ", at: i), let (rank, end) = line.decimal(at: i + 11, maxDigits: 6),
        line.matches(" for [", at: end)
      {
        return (.dnsblRank, rank)
      }
      if line.matches("DENYLISTED [", at: i) { return (.denylisted, 0) }
    case 0x41:  // A
      if line.matches("ALLOWLISTED [", at: i) { return (.allowlisted, 0) }
      if line.matches("ALLOWLIST VETO [", at: i) { return (.allowlistVeto, 0) }
    case 0x57:  // W
      if line.matches("WHITELISTED [", at: i) { return (.allowlisted, 0) }
      if line.matches("WHITELIST VETO [", at: i) { return (.allowlistVeto, 0) }
    default:
      break
    }
    return nil
  }
}

/// `addr ADDR listed by domain LIST as REPLY` (dnsblog.c): a DNS list that has the client
/// postscreen asked about, and the address it answered with (`127.0.0.2`).
public struct DNSBLogLine {
  public var list: TextRange
  public var reply: TextRange

  /// Reads the dnsblog message at `at`; nil for another line.
  public static func parse(_ line: ByteView, at i: Int) -> DNSBLogLine? {
    // `addr A not listed by domain L` comes with a `name: ` in front: never read here.
    guard line.matches("addr ", at: i), let by = line.firstRange(of: " listed by domain ", from: i + 5) else {
      return nil
    }
    let listStart = by + 18
    guard let space = line.firstIndex(of: ASCII.space, from: listStart), space > listStart,
      line.matches(" as ", at: space)
    else { return nil }
    return DNSBLogLine(list: line.range(listStart, space), reply: line.range(space + 4, line.count))
  }
}
