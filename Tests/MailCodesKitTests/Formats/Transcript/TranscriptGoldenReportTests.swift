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

/// Golden reports of the transcript samples in `SampleLogs/transcripts` (real runs of the lab's
/// swaks, smtplib and raw-socket clients). Rewrite with `MAILCODES_RECORD_GOLDEN=1` after a
/// deliberate change, and read the diff like code.
@Suite("Golden reports: transcripts")
struct TranscriptGoldenReportTests {
  static let files = ["raw-socket-lab.txt", "smtplib-lab.txt", "swaks-lab.txt"].map {
    Fixtures.testsDirectory + "/../../SampleLogs/transcripts/" + $0
  }

  /// Input names are paths; only the file names go into goldens.
  static func summary() -> Summary {
    var (summary, _) = Engine.summary(files)
    for i in summary.inputs.indices {
      summary.inputs[i].name = String(summary.inputs[i].name.split(separator: "/").last ?? "")
    }
    return summary
  }

  @Test func text() {
    Golden.check(TextRenderer().render(Report(summary: Self.summary())), "transcript-analyze.txt")
  }

  @Test func json() {
    Golden.check(SummaryJSON.render(Self.summary().withoutFileIdentity), "transcript-analyze.json")
  }

  @Test("--by code,outcome")
  func byCodeAndOutcome() {
    Golden.check(TableRenderer.text(Engine.table(Self.files, by: [.code, .outcome])), "transcript-by-code-outcome.txt")
  }

  @Test("--by code,outcome,stage,remote --format csv: the closing replies per remote and stage")
  func closingRepliesCSV() {
    Golden.check(
      TableRenderer.csv(Engine.table(Self.files, by: [.code, .outcome, .stage, .remote])),
      "transcript-by-code-outcome-stage-remote.csv")
  }

  @Test("events of the srv221 swaks runs")
  func events() {
    let lines = Engine.eventLines([Self.files[2]]).map {
      $0.replacingOccurrences(of: Self.files[2], with: "swaks-lab.txt")
    }
    Golden.check(lines.joined(separator: "\n") + "\n", "transcript-events-swaks.jsonl")
  }
}
