/// Reads SMTP transcripts (swaks, C:/S: dialogues, smtplib debug output, Exim debug, Exchange
/// protocol logs, hMailServer) into events and sessions.
///
/// Placeholder: transcripts are not read yet.
public struct TranscriptParser {
  public init() {}

  /// Called at the start of each input.
  public mutating func beginInput() {}

  /// Whether this input has been identified as a transcript (or `--format transcript`).
  public var isActive: Bool { false }

  /// Offered every line that no syslog family claimed; returns false to leave it ignored.
  public mutating func parse(_ ctx: ParseContext, forced: Bool, tracker: inout SessionTracker,
                             into out: inout ParseOutput) -> Bool {
    false
  }

  public mutating func finish(tracker: inout SessionTracker, line: Int) {}
}
