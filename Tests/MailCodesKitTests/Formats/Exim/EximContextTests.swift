import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesFormats
@testable import MailCodesKit
@testable import MailCodesPipeline
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// Exim lines whose meaning depends on another line or on the log's selectors
/// (`Fixtures/exim/inferred.mainlog`, `Fixtures/exim/portless.mainlog`).
@Suite("Exim lines read in their context")
struct EximContextTests {
  nonisolated(unsafe) static let events = EximFixture.events("inferred.mainlog")

  static func replies(_ client: String) -> [String] { events.with("client", client).replies }

  @Test("the 500 of `too many unrecognized commands` counts once, with or without its syntax error line")
  func unrecognizedCommands() {
    // The last command's syntax error line gave its 500: the drop adds none.
    #expect(Self.replies("192.0.2.7") == ["500/UNKNOWN/reject*", "500/UNKNOWN/reject*", "-/UNKNOWN/disconnect"])
    // Without +smtp_syntax_error the drop is the only line of that 500.
    #expect(Self.replies("192.0.2.8") == ["500/UNKNOWN/reject*"])
  }

  @Test("codes certain from the source of the rarer lines")
  func rarerLines() {
    #expect(Self.replies("192.0.2.9") == ["554/NOOP/reject*"])
    #expect(Self.replies("192.0.2.10") == ["552/END-OF-DATA/reject*", "221/QUIT/disconnect*"])
    #expect(Self.replies("192.0.2.12") == ["550/END-OF-DATA/reject*"])
    #expect(Self.replies("192.0.2.13") == ["421/DATA/disconnect*"])
    // local_scan() timed out: the line names no client.
    let localScan = Self.events.filter { $0["queue_id"] as? String == "1tAbCe-000Abc4DeFg-Xy12" }
    #expect(localScan.replies == ["421/END-OF-DATA/reject*"])
  }

  @Test("`no MAIL` after its session's end line adds nothing; a callout's reply is the remote's")
  func noMailAndCallout() {
    // With +smtp_connection the QUIT's 221 is on `closed by QUIT`, not again on `no MAIL`.
    #expect(Self.replies("192.0.2.14") == ["221/QUIT/disconnect*"])
    let callout = Self.events.with("direction", "outbound")
    #expect(callout.count == 1)
    #expect(callout.first?["remote"] as? String == "mx.example.com")
    #expect(callout.first?["remote_ip"] as? String == "198.51.100.4")
    #expect(callout.replies == ["550/MAIL/reject"])
    #expect(Self.replies("192.0.2.15") == ["550/RCPT/reject*"])
  }

  @Test("a callout's reply in the mainlog and its rejectlog copy counts once")
  func calloutInBothLogs() {
    let events = EximFixture.events("callout.mainlog", "callout.rejectlog")
    #expect(events.with("direction", "outbound").replies == ["550/RCPT/reject"])
    #expect(events.with("direction", "inbound").replies == ["550/RCPT/reject*"])
  }

  @Test("without +incoming_port, overlapping connections of one address each end once")
  func portlessConnections() {
    let outcomes = EximFixture.outcomes("portless.mainlog")
    // The daemon's refusal is a session of its own; each end line ends the oldest open one.
    #expect(outcomes["192.0.2.7"] == ["rejected/CONNECT", "quit/QUIT", "idle-timeout/EHLO", "idle-timeout/CONNECT"])
  }
}
