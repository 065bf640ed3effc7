/// Turns Exim log lines (mainlog, rejectlog, syslog-wrapped) into SMTP events and sessions.
///
/// Placeholder: the Exim family is not read yet; every Exim line is counted as unrecognized.
public struct EximParser {
  public init() {}

  /// Whether the line belongs to Exim: an `exim` syslog tag, or Exim's own timestamp prefix.
  public func accepts(_ ctx: ParseContext) -> Bool {
    if ctx.envelope.style == .eximNative { return true }
    guard ctx.programID != 0 else { return false }
    return ctx.line.slice(ctx.envelope.program).hasPrefix("exim")
  }

  public mutating func parse(_ ctx: ParseContext, tracker: inout SessionTracker, into out: inout ParseOutput) {
    out.family = .exim
    out.lineClass = .unrecognized
  }

  public mutating func finish(tracker: inout SessionTracker, line: Int) {}
}
