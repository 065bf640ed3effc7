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

/// Postfix `debug_peer_list` lines (`Fixtures/transcript/postfix-debug-peer.log`): every reply
/// of the dialogue counted once, next to the ordinary lines of the same session.
@Suite("Postfix debug_peer_list lines")
struct PostfixVerboseTranscriptTests {
  static let path = TranscriptView.fixture("postfix-debug-peer.log")

  static func replies(client: String) -> [String] {
    TranscriptView.replies(Engine.events([path]).filter { $0["client"] as? String == client })
  }

  @Test("an unlogged 530 comes from the dialogue, once, and not again from the counters")
  func unloggedRefusal() {
    #expect(Self.replies(client: "192.0.2.7") == ["CONNECT 220", "EHLO 250", "MAIL 530", "QUIT 221"])
    let events = Engine.events([Self.path]).filter { $0["client"] as? String == "192.0.2.7" }
    #expect(!events.contains { $0["code"] is NSNull && $0["kind"] as? String == "auth-required" })
    let quit = events.first { $0["code"] as? Int == 221 }!
    #expect(quit["inferred"] as? Bool == true && quit["side"] == nil)
    let refusal = events.first { $0["code"] as? Int == 530 }!
    #expect(refusal["side"] as? String == "server" && refusal["kind"] as? String == "auth-required")
    #expect(refusal["client_name"] as? String == "client.example")
  }

  @Test("a logged reject, the 421 of `timeout after` and the 221 of `quit=1` are not counted twice")
  func loggedRepliesOnce() {
    #expect(
      Self.replies(client: "198.51.100.9") == [
        "CONNECT 220", "EHLO 250", "RCPT 503", "MAIL 250", "RCPT 554", "RCPT 421",
      ])
    let events = Engine.events([Self.path]).filter { $0["client"] as? String == "198.51.100.9" }
    // The 554 and the 421 are the ordinary lines' events (no side); rcpt=0/2 needs no code-less one.
    #expect(events.filter { $0["code"] as? Int == 554 }.map { $0["side"] == nil } == [true])
    #expect(events.filter { $0["code"] as? Int == 421 }.map { $0["inferred"] as? Bool } == [true])
    #expect(!events.contains { $0["code"] is NSNull && $0["kind"] as? String == "reject" })
    let sessions = Engine.sessions([Self.path]).filter { $0.client?.description == "198.51.100.9" }
    #expect(TranscriptView.outcomes(sessions) == ["idle-timeout@RCPT no-quit"])
  }

  @Test("the smtp client's dialogue is an outbound session; status= lines keep the refusals and final replies")
  func clientSide() {
    let events = Engine.events([Self.path]).filter { $0["direction"] as? String == "outbound" }
    #expect(
      TranscriptView.replies(events) == [
        "CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 250", "DATA 354", "END-OF-DATA 221",
        "CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 550", "QUIT 221",
      ])
    // The 221 to the final dot and the 550 are the status= lines' events (no session, no side).
    let fromStatus = events.filter { $0["delivery"] != nil }
    #expect(fromStatus.map { $0["kind"] as! String } == ["remote-hangup", "bounced"])
    #expect(fromStatus.allSatisfy { $0["side"] == nil && $0["session"] is NSNull })
    #expect(events.filter { $0["side"] as? String == "client" }.allSatisfy { $0["remote"] != nil })
    let sessions = Engine.sessions([Self.path]).filter { $0.direction == .outbound }
    #expect(TranscriptView.outcomes(sessions) == ["idle-timeout@END-OF-DATA no-quit", "quit@QUIT"])
    #expect(sessions.allSatisfy { $0.family == .postfix })
  }

  @Test("restriction traces that start with > stay ignored; no line is unrecognized")
  func otherDebugLines() {
    let (summary, _) = Engine.summary([Self.path])
    let input = summary.inputs[0]
    #expect(input.unrecognized == 0)
    #expect(input.ignored == 4)  // match_list_match, generic_checks and the two >>> traces
    #expect(input.transcript == nil)
  }
}
