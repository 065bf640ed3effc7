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

/// Connection-level Exim lines (`Fixtures/exim/sessions.mainlog`): how sessions begin and end.
@Suite("Exim session lines")
struct EximSessionLineTests {
  @Test("each way a session ends gives its outcome and stage")
  func outcomes() {
    let outcomes = EximFixture.outcomes("sessions.mainlog")
    #expect(outcomes["192.0.2.10"] == ["quit/QUIT"])
    #expect(outcomes["192.0.2.11"] == ["lost-connection/CONNECT"])
    #expect(outcomes["192.0.2.12"] == ["idle-timeout/EHLO"])
    #expect(outcomes["192.0.2.13"] == ["idle-timeout/CONNECT"])
    #expect(outcomes["192.0.2.14"] == ["idle-timeout/DATA"])
    // `unexpected disconnection` is written only inside a mail transaction.
    #expect(outcomes["192.0.2.15"] == ["lost-connection/MAIL"])
    #expect(outcomes["192.0.2.16"] == ["lost-connection/DATA"])
    #expect(outcomes["192.0.2.17"] == ["rejected/CONNECT"])
    #expect(outcomes["192.0.2.18"] == ["rejected/MAIL"])
    #expect(outcomes["192.0.2.19"] == ["rejected/NOOP"])
    #expect(outcomes["192.0.2.20"] == ["rejected/CONNECT"])
    #expect(outcomes["192.0.2.21"] == ["rejected/CONNECT"])
    #expect(outcomes["192.0.2.22"] == ["lost-connection/STARTTLS"])
    #expect(outcomes["192.0.2.23"] == ["rejected/RCPT"])
    #expect(outcomes["192.0.2.24"] == ["rejected/EHLO"])
    #expect(outcomes["192.0.2.25"] == ["rejected/CONNECT"])
    #expect(outcomes["2001:db8::26"] == ["open/CONNECT"])
    #expect(outcomes.values.map(\.count).reduce(0, +) == 17)
  }

  @Test("replies Exim sent but did not print are inferred")
  func inferredReplies() {
    let events = EximFixture.events("sessions.mainlog")
    func replies(_ client: String) -> [String] { events.with("client", client).replies }
    #expect(replies("192.0.2.10") == ["221/QUIT/disconnect*"])
    #expect(replies("192.0.2.11") == ["-/CONNECT/lost-connection"])
    #expect(replies("192.0.2.12") == ["421/EHLO/timeout*"])
    #expect(replies("192.0.2.13") == ["421/CONNECT/timeout*"])
    #expect(replies("192.0.2.14") == ["421/DATA/timeout*"])
    #expect(replies("192.0.2.15") == ["-/MAIL/lost-connection"])
    #expect(replies("192.0.2.16") == ["-/DATA/lost-connection"])
    #expect(replies("192.0.2.17") == ["554/CONNECT/reject*"])
    #expect(replies("192.0.2.18") == ["554/MAIL/reject*"])
    // `554 Too many nonmail commands` (smtp_notquit_exit), never 421.
    #expect(replies("192.0.2.19") == ["554/NOOP/reject*"])
    #expect(replies("192.0.2.20") == ["421/CONNECT/reject*"])
    #expect(replies("192.0.2.21") == ["550/CONNECT/reject*"])
    #expect(replies("192.0.2.22") == ["-/STARTTLS/lost-connection"])
    #expect(replies("192.0.2.23") == ["550/RCPT/reject*", "-/RCPT/disconnect"])
    #expect(replies("192.0.2.24") == ["421/EHLO/disconnect*"])
    #expect(replies("192.0.2.25") == ["554/CONNECT/reject*"])
    let dataTimeout = events.with("client", "192.0.2.14").first { $0["kind"] as? String == "timeout" }
    #expect(dataTimeout?["queue_id"] as? String == "1tAbCd-000Abc4DeFg-Xy12")
    #expect(dataTimeout?["sender"] as? String == "a@example.org")
    #expect(dataTimeout?["outcome"] as? String == "idle-timeout")
  }

  @Test("every line of a session carries its session; housekeeping is ignored")
  func lineSessions() {
    let (summary, _) = Engine.summary([EximFixture.path("sessions.mainlog")])
    let input = summary.inputs[0]
    #expect(input.unrecognized == 0)
    #expect(input.ignored == 1)  // the daemon start line
    let events = EximFixture.events("sessions.mainlog")
    // The connect event and the end event of 192.0.2.11 share one session.
    let sessions = Set(events.with("client", "192.0.2.11").compactMap { $0["session"] as? Int })
    #expect(sessions.count == 1)
    #expect(events.with("client", "192.0.2.20").first?["session"] as? Int != nil)
  }
}
