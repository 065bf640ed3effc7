import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// Which reading a message event left for later (`ParseContext.defersMessageFields`): the
/// fields of a delivery line (`to=`, `relay=`, `delays=`, `status=`...) or of an Exim message
/// line (`<=`, `=>`, `==`, `**` with their ` NAME=value` fields). Reading them is a good part of
/// the message model's cost; left to the sink's thread, it runs beside the parsing.
public enum PendingMessageFields: UInt8, Sendable {
  case none
  case postfixDelivery
  case eximMessageLine
}

extension MessageEvent {
  /// The event with its pending fields read from `line` (whose syslog envelope is
  /// `envelope`), as the parser would have read them; nil when the line gives no message
  /// event after all. An event without pending fields is returned as it is. `scratch` is
  /// working space, reused from call to call.
  public func completed(line: ByteView, envelope: SyslogEnvelope, scratch: inout ParseOutput) -> MessageEvent? {
    guard pending != .none else { return self }
    if !scratch.messages.isEmpty { scratch.messages.removeLast() }
    let ctx = ParseContext(line: line, envelope: envelope, lineNumber: 0, hostID: 0, programID: 0, time: nil)
    switch pending {
    case .postfixDelivery:
      PostfixParser.readDelivery(ctx, queueStart: Int(id.start), colon: id.end, agent: agent, &scratch)
    case .eximMessageLine:
      EximParser.readMessageLine(ctx, Int(pendingAt), id, &scratch)
    case .none:
      break
    }
    return scratch.messages.first
  }
}
