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

/// Exim's refusals (`Fixtures/exim/rejections.mainlog`): ACL failures at every stage, codes
/// the message carries, protocol and syntax errors, size limits, local_scan, authentication.
@Suite("Exim rejection lines")
struct EximRejectionTests {
  nonisolated(unsafe) static let events = EximFixture.events("rejections.mainlog")

  static func replies(_ client: String) -> [String] { events.with("client", client).replies }

  @Test("ACL rejections: the stage's default code, 451 when temporary, the message's own code")
  func aclRejections() {
    #expect(Self.replies("192.0.2.30") == ["550/RCPT/reject*", "451/RCPT/reject*"])
    // DNSBL text holds a host field of its own: the line's field is the first one.
    #expect(Self.replies("192.0.2.31") == ["550/RCPT/reject*"])
    // `message = 530 5.7.0 ...` and `554 5.7.1 ...`: printed, so observed.
    #expect(Self.replies("192.0.2.32") == ["530/MAIL/auth-required", "554/RCPT/reject"])
    let relay = Self.events.with("client", "192.0.2.32")[1]
    #expect(relay["enhanced"] as? String == "5.7.1" && relay["recipient"] as? String == "v@example.org")
    #expect(relay["sender"] as? String == "u@example.net")
    // HELO ACL (550; a HELO name with a space) and the syntax check (501).
    #expect(Self.replies("192.0.2.33") == ["550/EHLO/reject*", "501/EHLO/reject*"])
    #expect(Self.events.with("client", "192.0.2.33").first?["helo"] as? String == "bad name")
    // AUTH ACL (503), DATA ACL (550, 451), local_scan (550, 451).
    #expect(
      Self.replies("192.0.2.34") == [
        "503/AUTH/reject*", "550/END-OF-DATA/reject*", "451/END-OF-DATA/reject*", "550/END-OF-DATA/reject*",
        "451/END-OF-DATA/reject*",
      ])
    let content = Self.events.with("client", "192.0.2.34")[1]
    #expect(content["queue_id"] as? String == "1tAbCe-000AbcDEfGh-Zz34")
    let localScan = Self.events.with("client", "192.0.2.34")[3]
    #expect(localScan["queue_id"] as? String == "1tAbCf-0005vi-Xy" && localScan["sender"] as? String == "a@example.org")
  }

  @Test("size limits, recipient limits and authentication failures")
  func limitsAndAuth() {
    #expect(Self.replies("192.0.2.35") == ["552/MAIL/reject*", "552/END-OF-DATA/reject*"])
    #expect(Self.events.with("client", "192.0.2.35").first?["sender"] as? String == "big@example.org")
    #expect(Self.replies("192.0.2.36") == ["452/RCPT/reject*"])
    #expect(Self.events.with("client", "192.0.2.36").first?["hint"] as? String == "too-many-recipients")
    // Printed by Exim: observed, not inferred.
    #expect(Self.replies("192.0.2.37") == ["535/AUTH/auth-failure", "435/AUTH/auth-failure"])
  }

  @Test("syntax and protocol errors get the code synprot_error sends, or none")
  func syntaxAndProtocolErrors() {
    #expect(
      Self.replies("192.0.2.38") == [
        "501/MAIL/reject*", "500/UNKNOWN/reject*", "503/RCPT/reject*", "504/AUTH/reject*", "-/BDAT/reject",
        "-/BDAT/disconnect",
      ])
    let unknownMessage = Self.events.with("client", "192.0.2.38")[4]
    #expect(unknownMessage["hint"] as? String == "bad-sequence")
  }

  @Test("unqualified addresses, VRFY, sender verification, warnings, and an unknown stage")
  func others() {
    #expect(Self.replies("192.0.2.39") == ["501/MAIL/reject*", "550/VRFY/reject*", "550/RCPT/reject*"])
    let (summary, _) = Engine.summary([EximFixture.path("rejections.mainlog")])
    // `rejected XYZZY <u>` carries a rejection that is not understood: unrecognized.
    #expect(summary.inputs[0].unrecognized == 1)
    #expect(summary.inputs[0].ignored == 0)
  }
}
