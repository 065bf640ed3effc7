import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads Microsoft Exchange SMTP protocol logs (Receive and Send connectors, CSV).
///
/// Header lines: `#Log-type: SMTP Receive Protocol Log` (or `Send`) and `#Fields:
/// date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,
/// data,context` (columns are taken from it; the standard order is assumed without it). Rows
/// of many sessions interleave; `session-id` groups them. `event` is `+` connect, `-`
/// disconnect (its `context` says who closed: `Local` or `Remote(...)`), `>` sent, `<`
/// received, `*` information. In a Receive log `<` is the client's
/// command and `>` our reply (server side, inbound); in a Send log `>` is our command and `<`
/// the remote server's reply (client side, outbound). Without a `#Log-type` line the first
/// reply tells: a reply we sent makes it a Receive log. Each line of a multi-line reply is a
/// row of its own; message content is not logged.
struct ExchangeProtocolLogReader: Sendable {
  private var dateColumn = 0
  private var sessionColumn = 2
  private var remoteColumn = 5
  private var eventColumn = 6
  private var dataColumn = 7
  private var contextColumn = 8
  /// Known from `#Log-type`, or learned from the first reply.
  private(set) var side: TranscriptSide?

  init() {}

  /// Whether `v` looks like a data row: an ISO time, a comma, and the other columns.
  static func looksLikeRow(_ v: ByteView) -> Bool {
    guard let (_, end) = TimeStampPrefix.parseISO(v, at: 0), v.byte(at: end) == ASCII.comma else { return false }
    var commas = 0
    var i = end
    while let c = v.firstIndex(of: ASCII.comma, from: i) {
      commas += 1
      i = c + 1
    }
    return commas >= 7
  }

  mutating func read(_ line: ByteView, _ start: Int) -> TranscriptLine {
    if line.byte(at: start) == ASCII.hash { return header(line, start) }
    var columns = (
      date: TextRange.none, session: TextRange.none, remote: TextRange.none, event: TextRange.none,
      data: TextRange.none, context: TextRange.none
    )
    var column = 0
    var i = start
    let n = line.count
    while i <= n {
      // One CSV field: quoted (`""` inside is a quote) or plain.
      var fieldStart = i
      var fieldEnd: Int
      var next: Int
      if i < n, line[i] == ASCII.quote {
        var k = i + 1
        while k < n {
          if line[k] == ASCII.quote {
            if k + 1 < n, line[k + 1] == ASCII.quote {
              k += 2
              continue
            }
            break
          }
          k += 1
        }
        fieldStart = i + 1
        fieldEnd = min(k, n)
        next = line.firstIndex(of: ASCII.comma, from: min(k + 1, n)).map { $0 + 1 } ?? n + 1
      } else {
        let comma = line.firstIndex(of: ASCII.comma, from: i) ?? n
        fieldEnd = comma
        next = comma + 1
      }
      let range = TextRange(start: fieldStart, end: fieldEnd)
      switch column {
      case dateColumn: columns.date = range
      case sessionColumn: columns.session = range
      case remoteColumn: columns.remote = range
      case eventColumn: columns.event = range
      case dataColumn: columns.data = range
      case contextColumn: columns.context = range
      default: break
      }
      column += 1
      i = next
    }
    guard columns.event.length == 1, !columns.session.isEmpty else { return TranscriptLine() }
    var t: TranscriptLine
    switch line[Int(columns.event.start)] {
    case ASCII.plus:
      t = TranscriptLine(.sessionStart)
    case ASCII.minus:
      // `Local`: this server closed; `Remote(...)`: the peer did.
      let context = Int(columns.context.start)
      if let side, line.matches("Local", at: context) || line.matches("Remote", at: context) {
        let local = line.matches("Local", at: context)
        t = TranscriptLine(local == (side == .server) ? .serverClosed : .clientClosed)
      } else {
        t = TranscriptLine(.sessionEnd)
      }
    case ASCII.asterisk:
      t = TranscriptLine(.info)
    case ASCII.greaterThan, ASCII.lessThan:
      let sent = line[Int(columns.event.start)] == ASCII.greaterThan
      let dataStart = Int(columns.data.start)
      let isReply: Bool
      if let side {
        isReply = (side == .server) == sent
      } else {
        isReply = ReplyText.looksLikeReply(line, at: dataStart, end: columns.data.end)
        side = isReply == sent ? .server : .client
      }
      t = TranscriptLine(isReply ? .reply : .command)
      t.text = columns.data
    default:
      return TranscriptLine()
    }
    t.side = side
    t.stream = ExchangeProtocolLogReader.sessionNumber(line.slice(columns.session))
    t.time = TimeStampPrefix.parseISO(line, at: Int(columns.date.start))?.0
    t.peer = ExchangeProtocolLogReader.address(line.slice(columns.remote))
    return t
  }

  private mutating func header(_ line: ByteView, _ start: Int) -> TranscriptLine {
    if line.matches("#Log-type: ", at: start) {
      if line.firstRange(of: "Receive", from: start) != nil { side = .server }
      if line.firstRange(of: "Send", from: start) != nil { side = .client }
    } else if line.matches("#Fields: ", at: start) {
      var column = 0
      var i = start + 9
      let n = line.count
      while i <= n {
        let comma = line.firstIndex(of: ASCII.comma, from: i) ?? n
        let name = line.slice(i, comma)
        if name.elementsEqualLiteral("date-time") { dateColumn = column }
        if name.elementsEqualLiteral("session-id") { sessionColumn = column }
        if name.elementsEqualLiteral("remote-endpoint") { remoteColumn = column }
        if name.elementsEqualLiteral("event") { eventColumn = column }
        if name.elementsEqualLiteral("data") { dataColumn = column }
        if name.elementsEqualLiteral("context") { contextColumn = column }
        column += 1
        i = comma + 1
      }
    }
    return TranscriptLine(.info)
  }

  /// The session id (16 hex digits) as a number; other ids are hashed (FNV-1a).
  static func sessionNumber(_ id: ByteView) -> UInt64 {
    var value: UInt64 = 0
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var hex = id.count <= 16
    for i in 0..<id.count {
      let c = id[i]
      hash = (hash ^ UInt64(c)) &* 0x100_0000_01b3
      if ASCII.isHexDigit(c) {
        value = value << 4 | UInt64(ASCII.isDigit(c) ? c &- ASCII.zero : (c | 0x20) &- ASCII.lowerA &+ 10)
      } else {
        hex = false
      }
    }
    return hex ? value : hash
  }

  /// `192.0.2.1:25`, `[2001:db8::1]:25` or `2001:db8::1:25`: the address without the port.
  static func address(_ endpoint: ByteView) -> IPAddress? {
    if endpoint.byte(at: 0) == ASCII.openBracket, let close = endpoint.firstIndex(of: ASCII.closeBracket) {
      return IPAddress.parse(endpoint.slice(1, close))
    }
    guard let colon = endpoint.lastIndex(of: ASCII.colon) else { return IPAddress.parse(endpoint) }
    return IPAddress.parse(endpoint.slice(0, colon)) ?? IPAddress.parse(endpoint)
  }
}

extension ByteView {
  /// Whether the view is exactly `literal`.
  @inline(__always) func elementsEqualLiteral(_ literal: StaticString) -> Bool {
    count == literal.utf8CodeUnitCount && matches(literal, at: 0)
  }
}
