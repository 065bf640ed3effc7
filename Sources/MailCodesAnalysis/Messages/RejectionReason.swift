import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// Why the server refused something, as a class that several reply texts share: one reply code
/// covers causes that a postmaster handles differently (`554 5.7.1` is a relay refusal, a
/// client on a DNSBL or a policy decision), and one cause comes with texts that differ per
/// client (addresses, list URLs).
///
/// Read from the reply's text (Postfix's and Exim's own texts, the usual policy services and
/// lists), then from its code and command when the text names nothing known.
public enum RejectionReason: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case other = 0
  case relayDenied
  case unknownRecipient
  case mailboxUnavailable
  /// The client is on a DNS block list (the list's name goes with it).
  case dnsbl
  /// The client host itself (access lists, no reverse DNS, too many bad connections).
  case clientHost
  case helo
  /// The sender address or its domain.
  case sender
  case greylisting
  case policyService
  /// Spam, viruses, header and body checks.
  case content
  case size
  case rateLimit
  case tooManyRecipients
  /// Authentication or TLS required, or refused.
  case authentication
  /// Protocol, syntax and sequence errors, pipelining before the greeting.
  case protocolError

  public var description: String {
    switch self {
    case .other: return "other"
    case .relayDenied: return "relay denied"
    case .unknownRecipient: return "unknown recipient"
    case .mailboxUnavailable: return "mailbox unavailable"
    case .dnsbl: return "DNSBL"
    case .clientHost: return "client host"
    case .helo: return "HELO/EHLO"
    case .sender: return "sender address"
    case .greylisting: return "greylisting"
    case .policyService: return "policy service"
    case .content: return "content"
    case .size: return "message size"
    case .rateLimit: return "rate limit"
    case .tooManyRecipients: return "too many recipients"
    case .authentication: return "authentication"
    case .protocolError: return "protocol"
    }
  }

  /// The `--by reason` and JSON name (`relay-denied`).
  public var name: String {
    String(description.lowercased().map { $0 == " " || $0 == "/" ? "-" : $0 })
  }

  public init?(name: String) {
    guard let r = RejectionReason.allCases.first(where: { $0.name == name }) else { return nil }
    self = r
  }

  /// The reason of a refusal whose normalized text (`normalize`) is `text`, and the list's
  /// name of a DNSBL refusal (a range of `text`).
  public static func classify(
    _ text: ByteView, code: UInt16, enhanced: EnhancedStatusCode?, command: SMTPCommand,
    kind: EventKind
  ) -> (reason: RejectionReason, detail: Range<Int>?) {
    func has(_ literal: StaticString) -> Int? { text.firstRange(of: literal) }
    if let using = has("blocked using ") {
      return (.dnsbl, token(text, from: using + 14))
    }
    if let list = has("black list at ") ?? has("blacklisted at ") ?? has("is listed in ") ?? has("listed at ") {
      let start =
        list
        + (text.matches("black list at ", at: list)
          ? 14
          : text.matches("blacklisted at ", at: list)
            ? 15
            : text.matches("is listed in ", at: list) ? 13 : 10)
      return (.dnsbl, token(text, from: start))
    }
    if has("Relay access denied") != nil || has("relay not permitted") != nil || has("Relaying denied") != nil
      || has("relaying denied") != nil || has("Relay not permitted") != nil
    {
      return (.relayDenied, nil)
    }
    if has("reylist") != nil || has("raylist") != nil { return (.greylisting, nil) }
    if has("Too many recipients") != nil || has("too many recipients") != nil { return (.tooManyRecipients, nil) }
    if has("rate limit") != nil || has("Too many connections") != nil || has("too many connections") != nil
      || has("Too many bad connections") != nil || has("concurrency limit") != nil
    {
      return (.rateLimit, nil)
    }
    if has("User unknown") != nil || has("Unrouteable address") != nil || has("unknown user") != nil
      || has("No such user") != nil || has("no such user") != nil || has("does not exist") != nil
      || has("Recipient address rejected: undeliverable") != nil || has("user unknown") != nil
    {
      return (.unknownRecipient, nil)
    }
    if has("does not accept mail") != nil || has("Mailbox full") != nil || has("mailbox full") != nil
      || has("over quota") != nil || has("Mailbox unavailable") != nil || has("mailbox unavailable") != nil
    {
      return (.mailboxUnavailable, nil)
    }
    if has("ize exceeds") != nil || has("too big") != nil || has("too large") != nil || has("too long") != nil
      || code == 552 && enhanced?.subject == 3
    {
      return (.size, nil)
    }
    if has("Authentication required") != nil || has("authentication required") != nil || has("not logged in") != nil
      || has("STARTTLS") != nil || has("not owned by user") != nil || kind == .authRequired || kind == .authFailure
      || has("AUTH command") != nil
    {
      return (.authentication, nil)
    }
    if has("Helo command rejected") != nil || command == .helo || command == .ehlo { return (.helo, nil) }
    if has("Sender address rejected") != nil || has("Sender rejected") != nil || has("sender verify") != nil
      || has("Sender verify") != nil || has("need fully-qualified address") != nil
    {
      return (.sender, nil)
    }
    if has("Client host rejected") != nil || has("reverse hostname") != nil || has("your hostname") != nil
      || has("your address is blocked") != nil || has("Access denied") != nil
    {
      return (.clientHost, nil)
    }
    if has("spam") != nil || has("Spam") != nil || has("virus") != nil || has("Virus") != nil
      || has("content rejected") != nil || has("header ") == 0 || has("body ") == 0 || command == .endOfData
    {
      return (.content, nil)
    }
    if has("olicy") != nil { return (.policyService, nil) }
    if has("Protocol error") != nil || has("protocol error") != nil || has("pipelining") != nil
      || has("synchronization") != nil || has("yntax") != nil || has("without waiting for greeting") != nil
      || has("unrecognized command") != nil || has("must precede") != nil || has("not yet given") != nil
      || has("already given") != nil || has("expected after") != nil || code == 500 || code == 501 || code == 502
      || code == 503
    {
      return (.protocolError, nil)
    }
    return (.other, nil)
  }

  /// The token at `start` (a list's name), up to a space, `;`, `,` or the end.
  private static func token(_ text: ByteView, from start: Int) -> Range<Int>? {
    var end = start
    while end < text.count, text[end] != ASCII.space, text[end] != ASCII.semicolon, text[end] != ASCII.comma,
      text[end] != ASCII.quote
    {
      end += 1
    }
    if end > start, text[end - 1] == ASCII.dot { end -= 1 }
    return end > start ? start..<end : nil
  }

  /// Writes the reply text `text` (from its code on) to `out` without what varies per client:
  /// the code and enhanced code, a leading `<address>: `, addresses in `<...>` and `[...]`
  /// (kept as `<>`, `[]`), numbers (`#`, dotted ones included: `192.0.2.1` -> `#`), at most
  /// `limit` bytes (`out` has room for them). Returns the length and a hash of what it wrote.
  public static func normalize(_ text: ByteView, into out: UnsafeMutablePointer<UInt8>, limit: Int)
    -> (length: Int, hash: UInt64)
  {
    var i = bodyStart(text)
    let n = text.count
    let p = text.base
    var o = 0
    while i < n, o + 2 <= limit {
      let c = p[i]
      if c == ASCII.lessThan || c == ASCII.openBracket {
        let closing = c == ASCII.lessThan ? ASCII.greaterThan : ASCII.closeBracket
        let close = ByteScan.first(closing, in: p, from: i + 1, end: Swift.min(n, i + 257))
        if close < Swift.min(n, i + 257) {
          out[o] = c
          out[o + 1] = closing
          o += 2
          i = close + 1
          continue
        }
      }
      if ASCII.isDigit(c) {
        out[o] = ASCII.hash
        o += 1
        i += 1
        while i < n, ASCII.isDigit(p[i]) || p[i] == ASCII.dot && i + 1 < n && ASCII.isDigit(p[i + 1]) { i += 1 }
        continue
      }
      // Control characters are kept out of report keys (the renderers escape them anyway).
      out[o] = c < 0x20 ? ASCII.space : c
      o += 1
      i += 1
    }
    while o > 0, out[o - 1] == ASCII.space || out[o - 1] == ASCII.semicolon { o -= 1 }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var k = 0
    while k + 8 <= o {
      hash = (hash ^ ByteScan.load(UnsafePointer(out), k)) &* 0x100_0000_01b3
      hash ^= hash >> 29
      k += 8
    }
    while k < o {
      hash = (hash ^ UInt64(out[k])) &* 0x100_0000_01b3
      k += 1
    }
    return (o, mix64(hash ^ UInt64(o)))
  }

  /// Where a reply text's own words start: after the code, the enhanced code and a leading
  /// `<address>: ` (Postfix's refusals name the refused address first).
  @inline(__always) public static func bodyStart(_ text: ByteView) -> Int {
    var i = 0
    let n = text.count
    let p = text.base
    if n > 3, ReplyCode.parse(text, at: 0) != nil, p[3] == ASCII.space || p[3] == ASCII.minus { i = 4 }
    if let (_, end) = EnhancedStatusCode.parse(text, at: i), end < n, p[end] == ASCII.space { i = end + 1 }
    if i < n, p[i] == ASCII.lessThan {
      let close = ByteScan.first(ASCII.greaterThan, in: p, from: i + 1, end: n)
      if close + 2 < n, p[close + 1] == ASCII.colon, p[close + 2] == ASCII.space { i = close + 3 }
    }
    return i
  }

  /// `normalize` into an array (tests, rare callers).
  public static func normalized(_ text: ByteView, limit: Int = 100) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: limit + 2)
    let length = out.withUnsafeMutableBufferPointer { normalize(text, into: $0.baseAddress!, limit: limit).length }
    return Array(out[0..<length])
  }
}
