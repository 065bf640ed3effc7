import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Writes one event as a JSON object (the `mailcodes events` line, `grep --format jsonl`).
///
/// Contract (documented in README, "Event contract"): keys in this order, always present:
/// `file`, `line`, `time` (ISO 8601 or null), `format`, `session` (number or null),
/// `direction`, `client` (the client's address for inbound events, else null), `command` (or null), `code` (number or null),
/// `enhanced` (or null), `inferred`, `kind`. Present only when known: `first_line`, `side`
/// (`client` or `server`: which end wrote the transcript the event was read from),
/// `client_name`, `outcome`, `hint`, `delivery`, `dsn`, `remote`, `remote_ip`, `sender`,
/// `recipient`, `helo`, `queue_id`, `host`, `service`, `text`. Every string from the log goes
/// through `Sanitizer.appendJSONString`; with `redact`, credentials in `text` become
/// `<redacted>` (`Redactor`).
public enum EventJSON {
  public static func append(
    _ event: SMTPEvent, line: ByteView, context: LineContext, fileName: String, names: NameTable,
    redact: Bool = true, to out: inout [UInt8]
  ) {
    func key(_ name: StaticString) {
      out.append(ASCII.comma)
      out.append(ASCII.quote)
      out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
      out.append(ASCII.quote)
      out.append(ASCII.colon)
    }
    func raw(_ text: String) { out.append(contentsOf: Array(text.utf8)) }
    func string(_ text: String) { Sanitizer.appendJSONString(text, to: &out) }
    func range(_ name: StaticString, _ r: TextRange) {
      guard !r.isEmpty else { return }
      key(name)
      Sanitizer.appendJSONString(line.slice(r), to: &out)
    }
    out.append(contentsOf: Array("{\"file\":".utf8))
    string(fileName)
    key("line")
    raw(String(context.info.number))
    if event.firstLine > 0, event.firstLine != context.info.number {
      key("first_line")
      raw(String(event.firstLine))
    }
    key("time")
    if let t = event.time { string(t.description) } else { raw("null") }
    key("format")
    if let f = context.family { string(f.description) } else { raw("null") }
    key("session")
    raw(event.session.isNone ? "null" : String(event.session.rawValue))
    key("direction")
    string(event.direction.description)
    key("client")
    if event.direction == .outbound {
      raw("null")
    } else if let c = event.client {
      string(c.description)
    } else if !event.clientText.isEmpty {
      Sanitizer.appendJSONString(line.slice(event.clientText), to: &out)
    } else {
      raw("null")
    }
    key("command")
    if event.command != .none { string(event.command.description) } else { raw("null") }
    key("code")
    raw(event.code.map { String($0.rawValue) } ?? "null")
    key("enhanced")
    if let e = event.enhanced { string(e.description) } else { raw("null") }
    key("inferred")
    raw(event.inferred ? "true" : "false")
    key("kind")
    string(event.kind.description)
    if let side = event.side {
      key("side")
      string(side.description)
    }
    range("client_name", event.clientName)
    if let outcome = event.outcome {
      key("outcome")
      string(outcome.description)
    }
    if event.hint != .none {
      key("hint")
      string(event.hint.name)
    }
    if let delivery = event.delivery {
      key("delivery")
      string(delivery.description)
    }
    if let dsn = event.dsn {
      key("dsn")
      string(dsn.description)
    }
    range("remote", event.remoteHost)
    if event.direction == .outbound {
      if let c = event.client {
        key("remote_ip")
        string(c.description)
      } else if !event.clientText.isEmpty {
        key("remote_ip")
        Sanitizer.appendJSONString(line.slice(event.clientText), to: &out)
      }
    }
    range("sender", event.sender)
    range("recipient", event.recipient)
    range("helo", event.helo)
    range("queue_id", event.queueID)
    if context.hostID != 0 {
      key("host")
      string(names.host(context.hostID))
    }
    if context.programID != 0 {
      key("service")
      string(names.program(context.programID))
    }
    if redact, !event.text.isEmpty, Redactor.needsRedaction(line.slice(event.text), secret: .none) {
      key("text")
      withByteView(Redactor.redacted(line.slice(event.text))) { Sanitizer.appendJSONString($0, to: &out) }
    } else {
      range("text", event.text)
    }
    out.append(contentsOf: Array("}\n".utf8))
  }
}

/// `mailcodes events`: one JSON object per event (JSON Lines).
public struct EventLinesWriter: AnalysisSink {
  public let output: ByteOutput
  public let names: NameTable
  /// Only events accepted by this predicate are written (grep filters).
  public var accept: (SMTPEvent, ByteView, LineContext) -> Bool
  /// Print credentials in reply texts as they are (`--show-secrets`); redacted by default.
  public var showSecrets = false
  private var fileName = ""
  private var scratch: [UInt8] = []
  public private(set) var written = 0

  public init(
    output: ByteOutput, names: NameTable,
    accept: @escaping (SMTPEvent, ByteView, LineContext) -> Bool = { _, _, _ in true }
  ) {
    self.output = output
    self.names = names
    self.accept = accept
    scratch.reserveCapacity(1024)
  }

  public mutating func beginInput(_ input: InputFile, index: Int) {
    fileName = input.displayName
  }

  public mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    guard accept(event, line, context) else { return }
    scratch.removeAll(keepingCapacity: true)
    EventJSON.append(
      event, line: line, context: context, fileName: fileName, names: names, redact: !showSecrets,
      to: &scratch)
    output.write(scratch)
    written += 1
  }

  public mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
    self.output.isOpen ? .proceed : .stop
  }
}
