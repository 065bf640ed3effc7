import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A set of the replies `PostfixParser` infers from the counters of smtpd's `disconnect from`
/// line (`CounterInference`): what a line prefilter that holds smtpd sessions back asks of a
/// `disconnect` line before it parses the session (`InferredReply.counterReplies`).
public struct CounterReplies: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// `503 5.7.0` to every command after a reject at CONNECT.
  public static let afterConnectReject = CounterReplies(rawValue: 1)
  /// `500 5.5.2` to unknown commands.
  public static let unknownCommand = CounterReplies(rawValue: 2)
  /// `554 5.5.1` to DATA without an accepted recipient.
  public static let noValidRecipients = CounterReplies(rawValue: 4)
  /// `503 5.5.1` to RCPT and DATA outside a mail transaction.
  public static let outsideTransaction = CounterReplies(rawValue: 8)
  /// `554 5.5.0` to the command named by `improper command pipelining after CMD`.
  public static let improperPipelining = CounterReplies(rawValue: 16)

  /// Whether the smtpd `disconnect from` line `line`, whose client field starts at `clientAt`,
  /// can get one of these replies from `PostfixParser` whatever the session's earlier lines
  /// say, except whether one of them was an `improper command pipelining` line.
  ///
  /// Never false where the parser could infer one of them (a superset of `closeSMTPD`'s
  /// conditions, from the counters alone): every such reply needs a failed command in the
  /// counters, and each needs its own kind of failure.
  ///
  /// `improperPipelining` is asked only when the counters leave it open (a lookup of the held
  /// session that most disconnect lines do without).
  public func mayBeInferred(
    atDisconnect line: ByteView, clientAt start: Int, improperPipelining: @autoclosure () -> Bool
  ) -> Bool {
    guard !isEmpty else { return false }
    // The counters follow the client field (`NAME[IP]`, maybe `:PORT`): read from its `]` on
    // (a port is a token without `=`, which the counters' reader skips).
    let bracket = ByteScan.first(ASCII.closeBracket, in: line.base, from: start, end: line.count)
    // A failed command prints as `name=good/total`: without a `/` after the client no counter
    // failed (most sessions), and the parse below would find none.
    let countersAt = bracket < line.count ? bracket + 1 : start
    guard ByteScan.first(ASCII.slash, in: line.base, from: countersAt, end: line.count) < line.count else {
      return false
    }
    let counters = DisconnectCounters.parse(line, from: countersAt)
    guard counters.hasCounters, counters.anyFailed else { return false }
    let failed = counters.failed
    // After a CONNECT reject every failed command but QUIT gets 503 5.7.0.
    if contains(.afterConnectReject) { return true }
    if contains(.unknownCommand), failed[.unknown] > 0 { return true }
    if contains(.noValidRecipients), failed[.data] > 0 { return true }
    if contains(.outsideTransaction), failed[.rcpt] > 0 || failed[.data] > 0 { return true }
    if contains(.improperPipelining), counters.sent[.quit] == 0, improperPipelining() { return true }
    return false
  }
}
