import Foundation
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

/// Cut-off Exim lines (a log truncated mid-line, a line over the length limit) never trap, and
/// every one is classified.
@Suite("Exim robustness")
struct EximRobustnessTests {
  @Test("every prefix of every fixture line is parsed without a fault")
  func prefixes() throws {
    var lines: [Substring] = []
    for name in ["sessions.mainlog", "rejections.mainlog", "deliveries.mainlog", "syslog-mixed.log"] {
      let text = try String(contentsOfFile: EximFixture.path(name), encoding: .utf8)
      lines += text.split(separator: "\n")
    }
    var out = ""
    for line in lines {
      let bytes = Array(line.utf8)
      for cut in 1...bytes.count { out += String(decoding: bytes[0..<cut], as: UTF8.self) + "\n" }
    }
    let path = Fixtures.temporaryFile(out)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (summary, totals) = Engine.summary([path])
    #expect(totals.errors.isEmpty)
    let input = summary.inputs[0]
    #expect(input.lines > 10_000)
    #expect(input.recognized + input.ignored + input.unrecognized == input.lines)
    // Forced: lines without any header go to the Exim parser too.
    let (forced, _) = Engine.summary([path], options: Engine.options(family: .exim))
    #expect(forced.inputs[0].lines == input.lines)
  }
}
