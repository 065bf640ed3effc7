import Foundation
import MailCodesKit
import Testing

@testable import MailCodesCLI

/// AUTH credentials never reach an output unless `--show-secrets` asks for them: grep lines
/// and sessions, `events`, `analyze --format jsonl` and `--unparsed`, on real swaks and smtplib
/// runs (captured against a loopback server, `Fixtures/transcript/auth-capture.py`), the lab's
/// transcripts and Exim mainlog, and hand-written Postfix `debug_peer_list`, Exim debug and
/// `C:`/`S:` dialogues.
@Suite("Redaction of credentials")
struct RedactionTests {
  /// Every credential in the fixtures below, as base64 and in clear.
  static let secrets = [
    "YWxpY2U=", "czNjcmV0LVBhNTU=", "AGFsaWNlAHMzY3JldC1QYTU1", "d3JvbmctcGFzc3dvcmQ=", "s3cret-Pa55",
    "bXgxQGV4YW1wbGUub3Jn", "cmVsYXktUGFzcw==", "dXNlcj1hbGljZQFhdXRoPUJlYXJlciB5YTI5LnNlY3JldC10b2tlbgEB",
    "AGxhYnVzZXIAd3JvbmctcGFzc3dvcmQ=", "AGxhYnVzZXIAbGFicGFzcw==", "wrong-password",
  ]

  static let fixtures = [
    "transcript/swaks-auth.txt", "transcript/smtplib-auth.txt", "transcript/postfix-debug-peer-auth.log",
    "transcript/exim-debug-auth.txt", "transcript/dialogue-auth.txt", "lab/swaks-transcripts.txt",
    "lab/python-raw-transcripts.txt", "lab/exim-mainlog", "lab/exim-syslog.log",
  ]

  static func leaks(_ text: String) -> [String] { secrets.filter { text.contains($0) } }

  /// What each fixture holds: the credentials a full print of it must hide.
  static func secretsIn(_ fixture: String) throws -> [String] {
    let text = try String(contentsOfFile: Paths.fixture(fixture), encoding: .utf8)
    return secrets.filter { text.contains($0) }
  }

  @Test("grep: lines, inverted, whole sessions and JSON events hide every credential", arguments: fixtures)
  func grep(fixture: String) throws {
    let path = Paths.fixture(fixture)
    let present = try Self.secretsIn(fixture)
    #expect(!present.isEmpty, "the fixture has credentials to hide")
    for flags in [
      ["-v", "259"], ["-s", "2xx"], ["-s", "5xx"], ["-s", "-v", "259"], ["-s", "--format", "jsonl", "2xx"],
      ["-n", "-H", "5xx"], ["--color=always", "-v", "259"],
    ] {
      let r = run(["grep", "--year", "2026"] + flags + [path])
      #expect(r.status != 2, "\(flags): \(r.stderr)")
      #expect(Self.leaks(r.stdout).isEmpty, "\(fixture) \(flags): \(Self.leaks(r.stdout))")
    }
    // Everything printed (-v of an impossible code): the credentials became `<redacted>`.
    let all = run(["grep", "--year", "2026", "-v", "259", path])
    #expect(all.stdout.contains("<redacted>"))
    // --show-secrets prints them as the log has them.
    let shown = run(["grep", "--year", "2026", "--show-secrets", "-v", "259", path])
    #expect(Set(Self.leaks(shown.stdout)) == Set(present), "\(fixture)")
    #expect(!shown.stdout.contains("<redacted>"))
  }

  @Test("The mechanism and the rest of the line stay; only the credential goes")
  func whatStays() {
    let swaks = run(["grep", "-v", "259", Paths.fixture("transcript/swaks-auth.txt")]).stdout
    #expect(swaks.contains(" -> AUTH PLAIN <redacted>\n"))
    #expect(swaks.contains(" -> AUTH LOGIN\n"))
    #expect(swaks.contains("<-  334 VXNlcm5hbWU6\n"), "a server's challenge is no secret")
    #expect(swaks.contains(" -> <redacted>\n"))
    #expect(swaks.contains("<-  250-AUTH PLAIN LOGIN\n"), "the capability list is no secret")
    let smtplib = run(["grep", "-v", "259", Paths.fixture("transcript/smtplib-auth.txt")]).stdout
    #expect(smtplib.contains("send: '<redacted>\\r\\n'\n"))
    #expect(smtplib.contains("send: 'AUTH PLAIN <redacted>\\r\\n'\n"))
    let exim = run(["grep", "-v", "259", Paths.fixture("lab/exim-mainlog")]).stdout
    #expect(exim.contains("SMTP protocol error in \"AUTH PLAIN <redacted>\" H=(mua5.client.example)"))
    let debug = run(["grep", "-v", "259", Paths.fixture("transcript/exim-debug-auth.txt")]).stdout
    #expect(debug.contains(" 8641 auth input decode: <redacted>\n"))
    let postfix = run(["grep", "--year", "2026", "-v", "259", Paths.fixture("transcript/postfix-debug-peer-auth.log")])
      .stdout
    #expect(
      postfix.contains("postfix/smtp[4202]: > relay.example[192.0.2.25]:587: <redacted>\n"),
      "our own relay password, sent by Postfix's smtp client")
    #expect(postfix.contains("SASL LOGIN authentication failed: UGFzc3dvcmQ6"), "the server's last challenge stays")
  }

  @Test("Redaction changes no count: the AUTH replies are the same with and without it")
  func countsUnchanged() {
    let path = Paths.fixture("transcript/swaks-auth.txt")
    #expect(run(["grep", "-c", "334", path]).stdout == run(["grep", "-c", "--show-secrets", "334", path]).stdout)
    #expect(run(["grep", "-c", "334", path]).stdout == "4\n")
    #expect(run(["grep", "-c", "-s", "535", path]).stdout == "1\n")
  }

  @Test("events, analyze --format jsonl and --unparsed hide credentials too")
  func otherOutputs() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    // An unrecognized line: an AUTH command in a line no parser understands.
    let log = dir.file(
      "mixed.log",
      "Nov 29 10:00:00 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.1]: "
        + "5500 AUTH PLAIN AGFsaWNlAHMzY3JldC1QYTU1; from=<a@example.org> to=<b@example.org>\n")
    let unparsed = dir.path + "/unparsed.txt"
    let analyze = run(["analyze", "--year", "2026", "--unparsed", unparsed, log])
    #expect(analyze.status == 0)
    let written = try String(contentsOfFile: unparsed, encoding: .utf8)
    #expect(written.contains("AUTH PLAIN <redacted>"), "\(written)")
    #expect(Self.leaks(written).isEmpty)
    _ = run(["analyze", "--year", "2026", "--show-secrets", "--unparsed", unparsed, log])
    #expect(try String(contentsOfFile: unparsed, encoding: .utf8).contains("AGFsaWNlAHMzY3JldC1QYTU1"))
    for fixture in Self.fixtures {
      for command in [["events"], ["analyze", "--format", "jsonl"], ["analyze"], ["analyze", "--format", "json"]] {
        let r = run(command + ["--year", "2026", Paths.fixture(fixture)])
        #expect(Self.leaks(r.stdout).isEmpty, "\(command) \(fixture): \(Self.leaks(r.stdout))")
      }
    }
  }

  @Test("A reply text that echoes a credential is redacted in events and report samples")
  func echoedInReply() {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = dir.file(
      "echo.txt",
      "S: 220 mx ready\nC: AUTH PLAIN AGFsaWNlAHMzY3JldC1QYTU1\n"
        + "S: 501 5.5.2 Cannot decode AUTH PLAIN AGFsaWNlAHMzY3JldC1QYTU1\nC: QUIT\nS: 221 Bye\n")
    let events = run(["events", path]).stdout
    #expect(events.contains("\"text\":\"501 5.5.2 Cannot decode AUTH PLAIN <redacted>\""), "\(events)")
    #expect(run(["events", "--show-secrets", path]).stdout.contains("AGFsaWNlAHMzY3JldC1QYTU1"))
    let report = run(["analyze", "--format", "json", path]).stdout
    #expect(report.contains("\"sample\":\"Cannot decode AUTH PLAIN <redacted>\""), "\(report)")
    #expect(Self.leaks(report).isEmpty)
  }
}
