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

/// One fixture per transcript format (`Fixtures/transcript`, see its README): what each reply
/// answered, which side wrote it, and how each session ended.
@Suite("Transcript formats")
struct TranscriptFormatTests {
  @Test("swaks with ISO time stamps: pipelining, a multi-line 550, times, and a run that stops")
  func swaksTimestamped() {
    let events = TranscriptView.events("swaks-timestamped.txt")
    #expect(
      TranscriptView.replies(events) == [
        "CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 250", "RCPT 550", "DATA 354", "END-OF-DATA 250", "QUIT 221",
        "CONNECT 220", "EHLO 250",
      ])
    let reject = events.first { $0["code"] as? Int == 550 }!
    #expect(reject["line"] as? Int == 17 && reject["first_line"] as? Int == 15)
    #expect(reject["enhanced"] as? String == "5.1.1" && reject["kind"] as? String == "reject")
    #expect(reject["time"] as? String == "2026-11-29T09:15:02.151000+01:00")
    #expect(reject["remote_ip"] as? String == "192.0.2.25" && reject["direction"] as? String == "outbound")
    #expect(TranscriptView.outcomes(TranscriptView.sessions("swaks-timestamped.txt")) == ["quit@QUIT", "open@MAIL"])
  }

  @Test("RFC 5321 C:/S: dialogue (Appendix D.1)")
  func rfcDialogue() {
    let events = TranscriptView.events("rfc5321-dialogue.txt")
    #expect(
      TranscriptView.replies(events) == [
        "CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 250", "RCPT 550", "RCPT 250", "DATA 354", "END-OF-DATA 250",
        "QUIT 221",
      ])
    #expect(events.allSatisfy { $0["side"] as? String == "client" && $0["format"] as? String == "transcript" })
    #expect(TranscriptView.outcomes(TranscriptView.sessions("rfc5321-dialogue.txt")) == ["quit@QUIT"])
  }

  @Test("telnet paste: lines that start with a code are the server's, except inside the message")
  func telnetPaste() {
    let events = TranscriptView.events("telnet-paste.txt")
    #expect(
      TranscriptView.replies(events) == [
        "CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 250", "DATA 354", "END-OF-DATA 250", "QUIT 221",
      ])
    #expect(events.first?["remote_ip"] as? String == "192.0.2.10")
    #expect(TranscriptView.outcomes(TranscriptView.sessions("telnet-paste.txt")) == ["quit@QUIT"])
  }

  @Test("smtplib at debuglevel 2: reply lines count, the retcode summaries do not")
  func smtplib() {
    let events = TranscriptView.events("smtplib-debuglevel2.txt")
    #expect(TranscriptView.replies(events) == ["CONNECT 220", "EHLO 250", "AUTH 535", "MAIL 530", "QUIT 221"])
    #expect(events.map { $0["kind"] as! String } == ["other", "other", "auth-failure", "auth-required", "disconnect"])
    #expect(events[1]["first_line"] as? Int == 6 && events[1]["line"] as? Int == 9)
    // A time of day without a date is not turned into a time.
    #expect(events.allSatisfy { $0["time"] is NSNull })
    #expect(events.first?["remote_ip"] as? String == "192.0.2.40")
  }

  @Test("Exim debug as a server: SMTP>> replies are inbound; an unasked 421 is an idle timeout")
  func eximDebugServer() {
    let events = TranscriptView.events("exim-debug-server.txt")
    #expect(
      TranscriptView.replies(events) == [
        "CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 550", "RCPT 250", "DATA 354", "END-OF-DATA 250", "QUIT 221",
        "CONNECT 220", "EHLO 250", "EHLO 421",
      ])
    #expect(events.allSatisfy { $0["direction"] as? String == "inbound" && $0["side"] as? String == "server" })
    #expect(events.first?["client"] as? String == "203.0.113.77")
    #expect(
      TranscriptView.outcomes(TranscriptView.sessions("exim-debug-server.txt"))
        == ["quit@QUIT", "idle-timeout@EHLO no-quit"])
  }

  @Test("Exim debug as a client: pipelined MAIL, RCPT, DATA; a 221 to MAIL is a hang-up")
  func eximDebugClient() {
    let events = TranscriptView.events("exim-debug-client.txt")
    #expect(TranscriptView.replies(events) == ["CONNECT 220", "EHLO 250", "MAIL 221"])
    // The continuation line printed without an arrow belongs to the EHLO reply.
    #expect(events[1]["first_line"] as? Int == 4 && events[1]["line"] as? Int == 7)
    #expect(
      events.last?["kind"] as? String == "remote-hangup" && events.last?["remote_ip"] as? String == "198.51.100.61")
    #expect(TranscriptView.outcomes(TranscriptView.sessions("exim-debug-client.txt")) == ["rejected@MAIL no-quit"])
  }

  @Test("Exim test script: <<< received, >>> sent, ??? expectations are not replies")
  func eximScript() {
    let events = TranscriptView.events("exim-script.txt")
    #expect(
      TranscriptView.replies(events) == [
        "CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 250", "DATA 354", "END-OF-DATA 250", "QUIT 221",
      ])
    #expect(TranscriptView.outcomes(TranscriptView.sessions("exim-script.txt")) == ["quit@QUIT"])
  }

  @Test("Exchange Receive log: interleaved sessions by session-id, server side")
  func exchangeReceive() {
    let events = TranscriptView.events("exchange-receive.log")
    let bySession = Dictionary(grouping: events, by: { $0["session"] as! Int })
    #expect(bySession.count == 2)
    let first = bySession[events[0]["session"] as! Int]!
    #expect(TranscriptView.replies(first) == ["CONNECT 220", "EHLO 250", "AUTH 334", "AUTH 535", "MAIL 530"])
    #expect(first[1]["first_line"] as? Int == 12 && first[1]["line"] as? Int == 16)
    let second = bySession[events[1]["session"] as! Int]!
    #expect(
      TranscriptView.replies(second) == ["CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 250", "BDAT 250", "QUIT 221"])
    #expect(events.allSatisfy { $0["direction"] as? String == "inbound" && $0["side"] as? String == "server" })
    #expect(second[0]["client"] as? String == "203.0.113.145")
    #expect(second[0]["time"] as? String == "2026-11-29T00:37:33.521000Z")
    // The client left after the 530 (`-,,Remote(SocketError)`).
    #expect(
      TranscriptView.outcomes(TranscriptView.sessions("exchange-receive.log")) == [
        "quit@QUIT", "lost-connection@MAIL",
      ])
  }

  @Test("Exchange Send log: < is the remote server, outbound")
  func exchangeSend() {
    let events = TranscriptView.events("exchange-send.log")
    #expect(TranscriptView.replies(events) == ["CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 550", "QUIT 221"])
    #expect(events.allSatisfy { $0["direction"] as? String == "outbound" && $0["side"] as? String == "client" })
    #expect(events[3]["enhanced"] as? String == "5.1.10")
    #expect(TranscriptView.outcomes(TranscriptView.sessions("exchange-send.log")) == ["quit@QUIT"])
  }

  @Test("hMailServer: SMTPC is outbound, SMTPD inbound, [nl] joins a multi-line reply")
  func hMailServer() {
    let events = TranscriptView.events("hmailserver.log")
    let outbound = events.filter { $0["direction"] as? String == "outbound" }
    let inbound = events.filter { $0["direction"] as? String == "inbound" }
    #expect(
      TranscriptView.replies(outbound) == [
        "CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 250", "DATA 354", "END-OF-DATA 250", "QUIT 221",
      ])
    #expect(TranscriptView.replies(inbound) == ["CONNECT 220", "EHLO 250", "MAIL 250", "RCPT 530", "RCPT 421"])
    #expect(
      outbound[1]["text"] as? String
        == "250-mail.internal.lan[nl]250-SIZE 20971520[nl]250-8BITMIME[nl]250-PIPELINING[nl]250-CHUNKING[nl]250-SMTPUTF8[nl]250-ENHANCEDSTATUSCODES[nl]250-DSN[nl]250 HELP"
    )
    #expect(inbound.last?["kind"] as? String == "timeout" && inbound.last?["client"] as? String == "203.0.113.9")
    #expect(
      TranscriptView.outcomes(TranscriptView.sessions("hmailserver.log")) == [
        "idle-timeout@RCPT no-quit", "quit@QUIT",
      ])
  }

  @Test("the report and the summary say which side each transcript input is from")
  func inputSide() {
    let (summary, _) = Engine.summary([
      TranscriptView.fixture("swaks-timestamped.txt"), TranscriptView.fixture("exchange-receive.log"),
      TranscriptView.fixture("hmailserver.log"), TranscriptView.fixture("postfix-debug-peer.log"),
    ])
    #expect(
      summary.inputs.map(\.transcript) == [
        "swaks-style transcript, client side (outbound)",
        "Exchange protocol log transcript, server side (inbound)",
        "hMailServer log transcript, client and server sides",
        nil,
      ])
  }
}
