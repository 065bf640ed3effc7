import MailCodesSMTP
import MailCodesSupport

extension LogTimestamp {
  /// Parses the ISO 8601 form `description` writes (`2026-11-28T06:25:01[.ffffff][Z|±hh:mm]`).
  public init?(iso text: String) {
    var parser = EnvelopeParser(yearInference: YearInference(explicitYear: 2000))
    let parsed = withByteView(text + " h p: m") { parser.parse($0) }
    guard parsed.style == .rfc3339, let time = parsed.time else { return nil }
    self = time
  }
}
