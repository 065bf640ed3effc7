import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesPipeline
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// Sessions still in the tracker when the input ends (`SessionTracker.closeAll`): one whose
/// end a line already decided is not open.
@Suite("Sessions at the end of input")
struct SessionEndOfInputTests {
  static let connect = "Nov 28 06:25:01 mx postfix/smtpd[812]: connect from unknown[192.0.2.7]\n"
  static let reject =
    "Nov 28 06:25:02 mx postfix/smtpd[812]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1"
    + " <bob@example.net>: Relay access denied; from=<a@example.org> to=<bob@example.net> proto=ESMTP helo=<x>\n"

  @Test("a log cut between `lost connection after RCPT` and `disconnect`: the session lost its connection")
  func decidedOutcomeIsKept() {
    let log =
      Self.connect + Self.reject
      + "Nov 28 06:25:03 mx postfix/smtpd[812]: lost connection after RCPT from unknown[192.0.2.7]\n"
    let sessions = Engine.sessions(of: log)
    #expect(sessions.map { "\($0.outcome)/\($0.stage)" } == ["lost-connection/RCPT"])
    let path = Fixtures.temporaryFile(log)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (summary, _) = Engine.summary([path])
    #expect(summary.sessions.counts.keys.map(\.outcome) == [.lostConnection])
  }

  @Test("a log cut inside a session whose end no line gave: the session is open")
  func undecidedSessionIsOpen() {
    let sessions = Engine.sessions(of: Self.connect + Self.reject)
    #expect(sessions.map { "\($0.outcome)/\($0.stage)" } == ["open/RCPT"])
  }

  @Test("a key opened again after a decided end whose closing line was lost ends the old one with its outcome")
  func reopenedKeyKeepsDecidedOutcome() {
    var tracker = SessionTracker()
    let key = SessionKey(host: 1, program: 1, pid: 812)
    let first = tracker.open(key: key, family: .postfix, direction: .inbound, client: nil, time: nil, line: 1)
    tracker[first].outcome = .idleTimeout
    tracker[first].stage = .data
    tracker.open(key: key, family: .postfix, direction: .inbound, client: nil, time: nil, line: 5)
    #expect(tracker.ended.map { "\($0.outcome)/\($0.stage)" } == ["idle-timeout/DATA"])
    #expect(tracker.unterminatedCount == 1)
    tracker.closeAll(line: 6)
    #expect(tracker.ended.map { "\($0.outcome)" } == ["idle-timeout", "open"])
  }
}
