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

/// The peers' reports on the lab's reference logs (`Fixtures/peers`, made by `Lab/peers.sh`
/// with pflogsumm 1.1.5 and eximstats 1.61; CI never runs them): the numbers that
/// `Fixtures/peers/SECTIONS.md` marks as equal must stay equal, so that a change of the engine
/// that moves one of them shows here with the peer's number beside it.
@Suite("Peer reports (pflogsumm, eximstats) against the engine on the lab logs")
struct PeerReportFixtureTests {
  static let postfixLog = [Fixtures.lab("postfix-syslog.log")]
  static let eximLog = [Fixtures.lab("exim-mainlog")]

  /// The first number of the first line of peer report `name` that matches `pattern` (the
  /// number is the pattern's first capture group).
  static func number(in name: String, _ pattern: String) throws -> Int {
    let text = try Fixtures.text("peers/" + name)
    let regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
    let range = NSRange(text.startIndex..., in: text)
    guard let match = regex.firstMatch(in: text, range: range),
      let captured = Range(match.range(at: 1), in: text), let value = Int(text[captured])
    else {
      Issue.record("no line matching \(pattern) in peers/\(name)")
      return -1
    }
    return value
  }

  /// The report's outbound results (`results: bounced 6, deferred 111, sent 15`) by status.
  static func deliveryTotals(_ paths: [String]) -> [String: Int] {
    let report = Report(summary: Engine.summary(paths).0)
    return Dictionary(uniqueKeysWithValues: report.deliveryTotals.map { ($0.status, $0.count) })
  }

  /// Rows of `--by fields` as `values joined by "|": count`.
  static func counts(_ paths: [String], _ fields: [GroupField]) -> [String: Int] {
    Engine.table(paths, by: fields).counts
  }

  @Test("pflogsumm: bounced messages and deferrals equal the report's outbound results")
  func pflogsummDeliveries() throws {
    let bounced = try Self.number(in: "pflogsumm-lab-detail.txt", #"^\s+(\d+)\s+bounced$"#)
    let deferrals = try Self.number(in: "pflogsumm-lab-detail.txt", #"^\s+\d+\s+deferred\s+\((\d+)\s+deferrals\)"#)
    #expect(bounced == 6 && deferrals == 111)
    let totals = Self.deliveryTotals(Self.postfixLog)
    #expect(totals["bounced"] == bounced, "\(totals)")
    // The outbound results count one per `status=deferred` line, as pflogsumm's deferrals do.
    #expect(totals["deferred"] == deferrals, "\(totals)")
  }

  @Test("pflogsumm: rejected equals the 4xx and 5xx replies the Postfix log prints")
  func pflogsummRejected() throws {
    let rejected = try Self.number(in: "pflogsumm-lab-detail.txt", #"^\s+(\d+)\s+rejected \("#)
    #expect(rejected == 106)
    let printed = Self.counts(Self.postfixLog, [.direction, .class, .inferred])
    let ours = (printed["inbound|4xx|false"] ?? 0) + (printed["inbound|5xx|false"] ?? 0)
    // Equal in total, not line by line: pflogsumm skips the 2 `reject: CONNECT` lines and
    // counts the 2 header_checks rejects, whose 550 the engine marks inferred.
    #expect(ours == rejected)
  }

  @Test("eximstats: temporary rejects and the rejected RCPTs equal the engine's")
  func eximstatsRejects() throws {
    let temporary = try Self.number(in: "eximstats-lab.txt", #"^\s+Temp Rejects\s+(\d+)"#)
    #expect(temporary == 3)
    let byCode = Self.counts(Self.eximLog, [.direction, .code, .command])
    #expect(byCode["inbound|451|RCPT"] == temporary)
    // eximstats's RCPT reasons (relay not permitted, Unrouteable address, Sender rejected,
    // This mailbox does not accept mail) are the engine's one row 550 RCPT.
    var rcptReasons = 0
    for reason in [
      "relay not permitted", "Unrouteable address", "Sender rejected", "This mailbox does not accept mail",
    ] {
      rcptReasons += try Self.number(in: "eximstats-lab.txt", #"^\s+(\d+)\s+Rejected RCPT: "# + reason)
    }
    #expect(rcptReasons == 50)
    #expect(byCode["inbound|550|RCPT"] == rcptReasons)
  }

  @Test("eximstats: failed addresses equal the engine's bounced and expired deliveries")
  func eximstatsErrors() throws {
    let errors = try Self.number(in: "eximstats-lab.txt", #"^Errors encountered: (\d+)"#)
    #expect(errors == 18)
    let totals = Self.deliveryTotals(Self.eximLog)
    #expect((totals["bounced"] ?? 0) + (totals["expired"] ?? 0) == errors, "\(totals)")
  }
}
