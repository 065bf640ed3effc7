import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The kinds of transcript mailcodes reads, and how each is recognized from one of its lines.
///
/// Detection looks at the text after an optional time stamp (`TimeStampPrefix`). Each dialect
/// has markers no ordinary log line starts with; the weakest one, a bare telnet paste, is only
/// recognized from its greeting (`220 ` / `220-`) or telnet's own notes.
enum TranscriptDialect: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  /// swaks output (`=== `, ` -> `, `<-  `, `<** `, ` ~> `, `<~  `, `*** `), and raw-socket
  /// clients that use the same markers.
  case swaks = 1
  /// RFC 5321 style `C: ` / `S: ` dialogues, and telnet pastes where a line starting with a
  /// reply code is the server's (also with `<` / `>` arrows).
  case dialogue
  /// Python smtplib debug output (`send: `, `reply: `, `connect: `).
  case smtplib
  /// Exim debug output (`SMTP<< ` / `SMTP>> `); the side depends on Exim's role.
  case eximDebug
  /// Exim test-suite client scripts (`<<< ` received, `>>> ` sent, `??? ` expectations).
  case eximScript
  /// Microsoft Exchange SMTP Receive / Send protocol logs (CSV).
  case exchange
  /// hMailServer logs (`"SMTPD"` / `"SMTPC"` rows with `SENT:` / `RECEIVED:`).
  case hMailServer

  public var description: String {
    switch self {
    case .swaks: return "swaks-style"
    case .dialogue: return "SMTP dialogue"
    case .smtplib: return "Python smtplib"
    case .eximDebug: return "Exim debug"
    case .eximScript: return "Exim test script"
    case .exchange: return "Exchange protocol log"
    case .hMailServer: return "hMailServer log"
    }
  }

  /// The side a transcript of this dialect is from until a line says otherwise.
  var defaultSide: TranscriptSide {
    switch self {
    case .swaks, .dialogue, .smtplib, .eximScript: return .client
    case .eximDebug, .exchange, .hMailServer: return .server
    }
  }

  /// Whether the side is fixed by the dialect (a client tool) or learned from the lines.
  var sideIsFixed: Bool {
    switch self {
    case .swaks, .dialogue, .smtplib, .eximScript: return true
    case .eximDebug, .exchange, .hMailServer: return false
    }
  }

  /// Whether the transcript shows the lines of the message (so its end is the final `.`).
  var logsMessageContent: Bool {
    switch self {
    case .swaks, .dialogue, .smtplib, .eximScript: return true
    case .eximDebug, .exchange, .hMailServer: return false
    }
  }

  /// Whether several sessions interleave, each row naming its session.
  var isKeyed: Bool { self == .exchange || self == .hMailServer }

  /// The dialect `text` (the line from `start`, after any time stamp) belongs to, if its
  /// markers say so.
  static func detect(_ line: ByteView, from start: Int) -> TranscriptDialect? {
    let n = line.count - start
    guard n >= 3 else { return nil }
    let v = line.suffix(from: start)
    switch v[0] {
    case ASCII.equals:
      if v.hasPrefix("=== ") { return .swaks }
    case ASCII.space:
      if v.hasPrefix(" -> ") || v.hasPrefix(" ~> ") || v.hasPrefix(" **> ") { return .swaks }
    case ASCII.lessThan:
      if v.hasPrefix("<-  ") || v.hasPrefix("<** ") || v.hasPrefix("<~  ") || v.hasPrefix("<~* ") { return .swaks }
      if v.hasPrefix("<<< ") { return .eximScript }
      if v.hasPrefix("< "), ReplyText.looksLikeReply(v, at: 2, end: v.count) { return .dialogue }
    case ASCII.asterisk:
      if v.hasPrefix("*** ") { return .swaks }
    case ASCII.greaterThan:
      if v.hasPrefix(">>> ") { return .eximScript }
    case 0x3F:  // ?
      if v.hasPrefix("??? ") { return .eximScript }
    case 0x43:  // C
      if v.hasPrefix("C: ") || v.hasPrefix("C:\t") { return .dialogue }
      if v.hasPrefix("Connecting to "), v.firstRange(of: " port ") != nil { return .eximScript }
    case 0x53:  // S
      if v.hasPrefix("S: ") || v.hasPrefix("S:\t") { return .dialogue }
    case 0x45:  // E
      if v.hasPrefix("Escape character is ") { return .dialogue }
    case 0x54:  // T
      if v.hasPrefix("Trying "), v.hasSuffix("...") { return .dialogue }
    case 0x73:  // s
      if v.hasPrefix("send: '") || v.hasPrefix("send: b'") || v.hasPrefix("send: \"") || v.hasPrefix("send: b\"") {
        return .smtplib
      }
    case 0x72:  // r
      if v.hasPrefix("reply: ") { return .smtplib }
    case 0x63:  // c
      if v.hasPrefix("connect: to ") || v.hasPrefix("connect: (") { return .smtplib }
    case ASCII.hash:
      if v.hasPrefix("#Software: Microsoft Exchange") || v.hasPrefix("#Fields: date-time,connector-id,session-id") {
        return .exchange
      }
    case ASCII.quote:
      if v.hasPrefix("\"SMTPD\"\t") || v.hasPrefix("\"SMTPC\"\t") { return .hMailServer }
    case 0x32:  // 2
      if v.hasPrefix("220 ") || v.hasPrefix("220-") { return .dialogue }
    default:
      break
    }
    if EximDebugReader.arrow(in: v) != nil { return .eximDebug }
    if v.count < 200,
      v.firstRange(of: "incoming connection from [") != nil
        || (v.firstRange(of: "Connecting to ") != nil && v.firstRange(of: "]:") != nil)
    {
      return .eximDebug
    }
    if ExchangeProtocolLogReader.looksLikeRow(v) { return .exchange }
    return nil
  }
}
