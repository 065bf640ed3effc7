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

/// Arrivals and deliveries (`Fixtures/exim/deliveries.mainlog`): remote replies with command,
/// remote host and IP, remote hang-ups, expiries; both message id formats.
@Suite("Exim delivery lines")
struct EximDeliveryTests {
  nonisolated(unsafe) static let events = EximFixture.events("deliveries.mainlog")
  static var outbound: [[String: Any]] { events.with("direction", "outbound") }

  @Test("each recipient line gives the remote's reply, the command and the delivery status")
  func recipientLines() {
    let lines = Self.outbound.map { e -> String in
      let code = (e["code"] as? Int).map(String.init) ?? "-"
      return "\(e["recipient"] as? String ?? "?") \(code) \(e["command"] as? String ?? "-") \(e["kind"] as! String)"
        + " \(e["delivery"] as? String ?? "-") \(e["remote_ip"] as? String ?? "-")"
    }
    #expect(
      lines == [
        "u@example.net 250 END-OF-DATA delivered sent 198.51.100.25",
        "v@example.net 250 END-OF-DATA delivered sent 198.51.100.25",
        "x@example.com 451 RCPT deferred deferred 198.51.100.26",
        // A 421 in answer to MAIL: the remote closed the session without QUIT.
        "x@example.com 421 MAIL remote-hangup deferred 198.51.100.27",
        "x@example.com - RCPT remote-hangup deferred 198.51.100.26",
        // No H= after a connect failure: the remote's address is on the per-host line before it.
        "x@example.com - CONNECT deferred deferred 198.51.100.26",
        "y@example.com 550 RCPT bounced bounced 198.51.100.26",
        "z@example.com 554 END-OF-DATA bounced bounced 198.51.100.26",
        "x@example.com - - expired expired -",
        "q@example.com - - expired expired -",
        // `C="221 ..."` taken as the answer to the final dot: a hang-up, not a clean delivery.
        "p@example.com 221 END-OF-DATA remote-hangup sent 198.51.100.26",
        "r@example.com - - bounced bounced -",
        // `(EHLO response was: 421 ...)` inside a `defer (-18)`.
        "s@example.com 421 EHLO remote-hangup deferred 198.51.100.28",
      ])
    let first = Self.outbound[0]
    #expect(first["enhanced"] as? String == "2.0.0" && first["remote"] as? String == "mx.example.net")
    #expect(first["queue_id"] as? String == "1tAbCh-000AbcDEfGh-Ab12" && first["inferred"] as? Bool == false)
    #expect(Self.outbound[6]["enhanced"] as? String == "5.1.1")
    #expect(Self.outbound[2]["queue_id"] as? String == "1tAbCi-0005vi-Xy")
  }

  @Test("an arrival belongs to its inbound session; notices, retry skips and housekeeping have no event")
  func arrivalsAndNotices() {
    let inbound = Self.events.with("direction", "inbound")
    #expect(inbound.replies == ["221/QUIT/disconnect*"])
    let sessions = Engine.sessions([EximFixture.path("deliveries.mainlog")])
    #expect(sessions.count == 1 && sessions[0].outcome == .quit)
    let (summary, _) = Engine.summary([EximFixture.path("deliveries.mainlog")])
    #expect(summary.inputs[0].unrecognized == 0 && summary.inputs[0].ignored == 0)
  }

  @Test("old (6-6-2) and new (6-11-4) message ids, and what is not one")
  func messageIDs() {
    func length(_ text: String) -> Int { withByteView(text) { EximMessageID.length(in: $0, at: 0) } }
    #expect(length("1tAbCd-0005vi-Xy <= a") == 16)
    #expect(length("1tAbCd-000Abc4DeFg-Xy12 => b") == 23)
    #expect(length("1tAbCd-000Abc4DeFg-Xy12") == 23)
    #expect(length("1tAbCd-0005vi-Xyz x") == 0)
    #expect(length("1tAbCd-0005v!-Xy x") == 0)
    #expect(length("SMTP connection from") == 0)
  }
}
