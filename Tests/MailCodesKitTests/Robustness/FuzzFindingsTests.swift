import Testing

@testable import MailCodesAnalysis
@testable import MailCodesExplain
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesKnowledge
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// What the fuzz targets (`Fuzz/`) found, each reduced to its point and kept as a test.
@Suite("Fuzz findings")
struct FuzzFindingsTests {
  func envelope(_ text: String) -> SyslogEnvelope {
    var parser = EnvelopeParser(yearInference: YearInference(explicitYear: 2026))
    return withByteView(text) { parser.parse($0) }
  }

  /// envelope target: `-29:99` was read as a zone offset of -30 h 39 min.
  @Test("a zone offset is RFC 3339's: hours 00-23, minutes 00-59")
  func zoneOffsetRange() {
    let latest = envelope("2026-11-28T06:25:01+23:59 mx1 postfix/smtpd[1]: x").time?.utcOffsetMinutes
    let india = envelope("2026-11-28T06:25:01-05:30 mx1 postfix/smtpd[1]: x").time?.utcOffsetMinutes
    #expect(latest.map(Int.init) == 1439)
    #expect(india.map(Int.init) == -330)
    for bad in ["-29:99", "+24:00", "-29:00", "+05:60", "+2959"] {
      let env = envelope("2026-11-28T06:25:01\(bad) mx1 postfix/smtpd[1]: x")
      if let offset = env.time?.utcOffsetMinutes {
        Issue.record("\(bad) read as an offset of \(offset) minutes")
      }
    }
  }

  /// sanitizer target: a quote or a comma followed by a combining mark is one `Character`;
  /// compared as Characters, the quote was not doubled and the comma did not quote the cell.
  @Test("CSV quoting works on bytes: a combining mark after a quote or a comma changes nothing")
  func csvCombiningMark() {
    #expect(Sanitizer.csvField("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
    #expect(Sanitizer.csvField("evil.example,\u{301}=cmd") == "\"evil.example,\u{301}=cmd\"")
    #expect(Sanitizer.csvField(" \u{301}lead") == "\" \u{301}lead\"")
    #expect(Sanitizer.csvField("=\u{301}1+1") == "'=\u{301}1+1")
  }

  /// The same in HTML: `"` + U+0301 must not close an attribute value.
  @Test("HTML escaping works on bytes: a combining mark does not hide a quote or a bracket")
  func htmlCombiningMark() {
    #expect(Sanitizer.html("x\"\u{301} onmouseover=alert(1)") == "x&quot;\u{301} onmouseover=alert(1)")
    #expect(Sanitizer.html("<\u{301}script>'&") == "&lt;\u{301}script&gt;&#39;&amp;")
  }
}
