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

/// What `Redactor` finds in a line without context: credentials go, look-alikes stay.
@Suite("Redactor")
struct RedactorTests {
  static func redact(_ text: String) -> String {
    withByteView(text) { String(decoding: Redactor.redacted($0), as: UTF8.self) }
  }

  @Test(
    "AUTH commands with an initial response, in every dialect's spelling",
    arguments: [
      (" ~> AUTH PLAIN AGFsaWNlAHMzY3JldC1QYTU1", " ~> AUTH PLAIN <redacted>"),
      ("send: 'AUTH PLAIN AGFsaWNlAHMzY3JldC1QYTU1\\r\\n'", "send: 'AUTH PLAIN <redacted>\\r\\n'"),
      ("C: auth login YWxpY2U=", "C: auth login <redacted>"),
      (
        "SMTP protocol error in \"AUTH PLAIN AGxhYnVzZXIAbGFicGFzcw==\" H=(x) [127.0.2.5]:54411",
        "SMTP protocol error in \"AUTH PLAIN <redacted>\" H=(x) [127.0.2.5]:54411"
      ),
      ("C: AUTH XOAUTH2 dXNlcj1hbGljZQFhdXRoPUJlYXJlciB5YTI5", "C: AUTH XOAUTH2 <redacted>"),
      ("C: AUTH CRAM-MD5 YWxpY2UgNDBkMjVhNmU2NjVkNjc2ZjQ3", "C: AUTH CRAM-MD5 <redacted>"),
      (" 8641 auth input decode: '' 'alice' 's3cret-Pa55'", " 8641 auth input decode: <redacted>"),
      (
        "$ swaks --server x --auth-password s3cret-Pa55 --to a@b",
        "$ swaks --server x --auth-password <redacted> --to a@b"
      ),
      ("$ swaks -ap 's3cret Pa55' -au alice", "$ swaks -ap <redacted> -au alice"),
      (
        "last command was \"AUTH LOGIN YWxpY2U=\", C=EHLO,AUTH",
        "last command was \"AUTH LOGIN <redacted>\", C=EHLO,AUTH"
      ),
      // Found by the fuzzer: the first AUTH takes the mechanism for its payload; the real
      // payload after it is found all the same.
      ("\"AUTH AUTH Plain AGxhYnVzZXIAbGFicGFzcw==", "\"AUTH AUTH <redacted> <redacted>"),
      ("$ swaks -ap AUTH PLAIN AGxhYnVzZXIAbGFicGFzcw==", "$ swaks -ap <redacted> PLAIN <redacted>"),
    ])
  func redacted(line: String, expected: String) {
    #expect(Self.redact(line) == expected)
  }

  @Test(
    "Look-alikes are not touched",
    arguments: [
      "<~  250-AUTH PLAIN LOGIN",
      "250-AUTH PLAIN LOGIN XOAUTH2 CRAM-MD5 DIGEST-MD5",
      "250-AUTH=PLAIN LOGIN",
      "S: 250 AUTH GSSAPI NTLM",
      "C: AUTH PLAIN",
      "C: AUTH PLAIN =",
      "Nov 29 mx postfix/smtpd[1]: NOQUEUE: reject: AUTH from unknown[192.0.2.1]: 503 5.5.1 Error: already authenticated",
      "Nov 29 mx postfix/smtpd[1]: lost connection after AUTH from unknown[192.0.2.1]",
      "Nov 29 mx postfix/smtpd[1]: warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
      "Nov 29 mx postfix/smtpd[1]: disconnect from unknown[192.0.2.1] ehlo=1 auth=0/1 quit=1 commands=2/3",
      "2026-11-29 H=x [192.0.2.1] A=plain:alice authenticator failed: 535 Incorrect authentication data (set_id=alice)",
      "<-  334 VXNlcm5hbWU6",
      "OAUTH token=abc MAIL FROM:<a@b>",
      "--auth-password-file /etc/secret -apple",
      " 8641 auth input decode: <redacted>",
      "$ swaks --auth-password <redacted> -ap <redacted>",
      " ~> AUTH PLAIN <redacted>",
    ])
  func untouched(line: String) {
    #expect(Self.redact(line) == line)
    #expect(!withByteView(line) { Redactor.needsRedaction($0, secret: .none) })
  }

  @Test("The parser's range and the line's own are both replaced, overlaps once")
  func ranges() {
    let line = "C: YWxpY2U= then AUTH PLAIN AGFsaWNl"
    let out = withByteView(line) {
      String(decoding: Redactor.redacted($0, secret: TextRange(start: 3, end: 11)), as: UTF8.self)
    }
    #expect(out == "C: <redacted> then AUTH PLAIN <redacted>")
    let overlap = withByteView(line) {
      String(decoding: Redactor.redacted($0, secret: TextRange(start: 21, end: line.utf8.count)), as: UTF8.self)
    }
    #expect(overlap == "C: YWxpY2U= then AUTH<redacted>")
  }
}
