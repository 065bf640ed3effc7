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

/// Golden reports of `mailcodes analyze --year 2026` on the lab's Exim mainlog, rendered as the
/// CLI renders them (`Report` + `TextRenderer`, `SummaryJSON`). Record with
/// `MAILCODES_RECORD_GOLDEN=1`, then read the diff: these are what a postmaster sees.
@Suite("Exim golden reports")
struct EximGoldenTests {
  /// The summary with the input named as in the repository, not by this machine's path.
  static func summary(_ paths: [String]) -> Summary {
    var (summary, _) = Engine.summary(paths)
    for i in summary.inputs.indices {
      summary.inputs[i].name =
        "Tests/MailCodesKitTests/Fixtures/lab/"
        + (summary.inputs[i].name as NSString).lastPathComponent
    }
    return summary
  }

  @Test("analyze: text report of the lab mainlog")
  func text() {
    let summary = Self.summary([Fixtures.lab("exim-mainlog")])
    Golden.check(TextRenderer(width: 80).render(Report(summary: summary, top: 10)), "exim-mainlog-analyze.txt")
  }

  @Test("analyze: JSON summary of the lab mainlog")
  func json() {
    let summary = Self.summary([Fixtures.lab("exim-mainlog")])
    Golden.check(SummaryJSON.render(summary.withoutFileIdentity), "exim-mainlog-analyze.json")
  }

  @Test("analyze: text report of the mainlog and rejectlog together equals the mainlog's alone")
  func withRejectlog() {
    var both = Self.summary([Fixtures.lab("exim-mainlog"), Fixtures.lab("exim-rejectlog")])
    let main = Self.summary([Fixtures.lab("exim-mainlog")])
    both.inputs = main.inputs
    let render = { (s: Summary) in TextRenderer(width: 80).render(Report(summary: s, top: 10)) }
    #expect(render(both) == render(main))
  }
}
