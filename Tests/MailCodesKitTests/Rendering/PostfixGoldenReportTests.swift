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
    Golden.check(SummaryJSON.render(Self.summary().withoutFileIdentity), "postfix-analyze.json")
  }

  @Test("--by code,client --format csv")
  func codesByClientCSV() {
    Golden.check(TableRenderer.csv(Engine.table(Self.files, by: [.code, .client])), "postfix-by-code-client.csv")
  }

  @Test("--count sessions --by outcome,stage --format csv")
  func sessionsCSV() {
    Golden.check(
      TableRenderer.csv(Engine.table(Self.files, by: [.outcome, .stage], sessions: true)),
      "postfix-sessions-by-outcome-stage.csv")
  }

  @Test("--by code,command,kind as text")
  func tableText() {
    Golden.check(
      TableRenderer.text(Engine.table(Self.files, by: [.code, .enhanced, .command, .kind])),
      "postfix-by-code-command-kind.txt")
  }

  @Test("the JSON summary is valid JSON with the documented top-level keys")
  func jsonShape() throws {
    let text = SummaryJSON.render(Self.summary())
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "mailcodes.summary/1")
    for key in [
      "generator", "complete", "period", "totals", "inputs", "replies", "peers", "sessions", "session_peers",
      "deliveries", "hourly", "limits", "errors", "warnings",
    ] {
      #expect(object[key] != nil, "\(key)")
    }
    let totals = try #require(object["totals"] as? [String: Any])
    #expect(totals["lines"] as? Int == 4165)
  }
}

@Suite("Golden reports: HTML and OpenMetrics")
struct ReportFormatGoldenTests {
  @Test func html() {
    let summary = PostfixGoldenReportTests.summary()
    Golden.check(HTMLRenderer().render(Report(summary: summary)), "postfix-analyze.html")
  }

  @Test func openMetrics() throws {
    let text = OpenMetricsRenderer.render(PostfixGoldenReportTests.summary())
    Golden.check(text, "postfix-analyze.prom")
    // Exposition syntax: families, samples `name{labels} value`, and the final `# EOF`.
    let lines = text.split(separator: "\n")
    #expect(lines.last == "# EOF")
    for line in lines where !line.hasPrefix("#") {
      let sample = try #require(line.split(separator: " ").last.flatMap { Int($0) }, "\(line)")
      #expect(sample >= 0)
      #expect(line.hasPrefix("mailcodes_"))
      #expect(!line.contains("client=") && !line.contains("remote="))
    }
  }

  @Test("events (JSON Lines) of the postlogd file")
  func events() {
    let lines = Engine.eventLines([Fixtures.lab("postfix-maillog_file.log")])
      .map { $0.replacingOccurrences(of: Fixtures.lab(""), with: "") }
    Golden.check(lines.joined(separator: "\n") + "\n", "postfix-maillog-events.jsonl")
  }

  @Test("--by client as OpenMetrics has the client label, only when asked")
  func openMetricsTable() {
    let table = Engine.table(PostfixGroundTruthTests.classicFiles, by: [.code, .client])
    let text = OpenMetricsRenderer.render(table: table)
    #expect(text.contains("mailcodes_replies_total{code=\"535\",client=\"127.0.1.7\"} 6"))
  }

  @Test("every value from the log is escaped in HTML")
  func htmlEscaping() {
    let log = """
      Nov 28 06:25:01 mx1 postfix/smtpd[100]: connect from evil<script>alert(1)</script>[192.0.2.10]
      Nov 28 06:25:02 mx1 postfix/smtpd[100]: NOQUEUE: reject: RCPT from evil<script>alert(1)</script>[192.0.2.10]: 550 5.1.1 <"><img src=x onerror=alert(2)>@x>: Recipient address rejected: <b>bold</b> & more; from=<a@b> to=<x@y> proto=ESMTP helo=<\u{1B}[2J<i>>
      """
    let path = Fixtures.temporaryFile(log)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let html = HTMLRenderer().render(Report(summary: Engine.summary([path]).0))
    #expect(!html.contains("<script>alert"))
    #expect(!html.contains("<img src=x"))
    #expect(!html.contains("<b>bold"))
    #expect(!html.contains("\u{1B}"))
    #expect(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; more"))
    #expect(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"))
    #expect(!html.contains("<script"))
  }
}
