import Foundation
import Testing

@testable import MailCodesKit

/// Golden reports of the lab's real Postfix logs. Rewrite with `MAILCODES_RECORD_GOLDEN=1`
/// after a deliberate change, and read the diff like code.
@Suite("Golden reports: Postfix")
struct PostfixGoldenReportTests {
  static let files = PostfixGroundTruthTests.classicFiles

  /// Input names in reports are paths; keep only the file names so goldens do not depend on
  /// where the repository is.
  static func summary() -> Summary {
    var (summary, _) = Engine.summary(files)
    for i in summary.inputs.indices {
      summary.inputs[i].name = String(summary.inputs[i].name.split(separator: "/").last ?? "")
    }
    return summary
  }

  @Test func text() {
    Golden.check(TextRenderer().render(Report(summary: Self.summary())), "postfix-analyze.txt")
  }

  @Test func json() {
    Golden.check(SummaryJSON.render(Self.summary()), "postfix-analyze.json")
  }

  @Test("--by code,client --format csv")
  func codesByClientCSV() {
    Golden.check(TableRenderer.csv(Engine.table(Self.files, by: [.code, .client])), "postfix-by-code-client.csv")
  }

  @Test("--count sessions --by outcome,stage --format csv")
  func sessionsCSV() {
    Golden.check(TableRenderer.csv(Engine.table(Self.files, by: [.outcome, .stage], sessions: true)),
                 "postfix-sessions-by-outcome-stage.csv")
  }

  @Test("--by code,command,kind as text")
  func tableText() {
    Golden.check(TableRenderer.text(Engine.table(Self.files, by: [.code, .enhanced, .command, .kind])),
                 "postfix-by-code-command-kind.txt")
  }

  @Test("the JSON summary is valid JSON with the documented top-level keys")
  func jsonShape() throws {
    let text = SummaryJSON.render(Self.summary())
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "mailcodes.summary/1")
    for key in ["generator", "complete", "period", "totals", "inputs", "replies", "peers", "sessions", "session_peers",
                "deliveries", "hourly", "limits", "errors", "warnings"] {
      #expect(object[key] != nil, "\(key)")
    }
    let totals = try #require(object["totals"] as? [String: Any])
    #expect(totals["lines"] as? Int == 4165)
  }
}
