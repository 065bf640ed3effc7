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

/// Exim's host fields in every form it writes, the fake-`H=` trap, and raw bytes.
@Suite("Exim host fields")
struct EximHostFieldTests {
  /// `name|helo|address|port|rest` of the field parsed at the start of `text`.
  static func parse(_ text: String) -> String {
    withByteView(text) { line in
      guard let f = EximHostField.parse(line, at: 0) else { return "nil" }
      return [
        line.slice(f.name).string, line.slice(f.helo).string, f.address?.description ?? "-",
        f.port < 0 ? "-" : String(f.port), line.suffix(from: f.end).string,
      ].joined(separator: "|")
    }
  }

  @Test("every form of host_and_ident() and d_hostlog()")
  func forms() {
    #expect(Self.parse("[192.0.2.1]:25 rest") == "||192.0.2.1|25| rest")
    #expect(Self.parse("(helo.example) [192.0.2.1] rest") == "|helo.example|192.0.2.1|-| rest")
    #expect(Self.parse("mx.example [192.0.2.1]: rest") == "mx.example||192.0.2.1|-|: rest")
    #expect(
      Self.parse("mx.example (helo.example) [192.0.2.1]:4711 F=<a>") == "mx.example|helo.example|192.0.2.1|4711| F=<a>")
    #expect(Self.parse("[192.0.2.1]:4711 I=[198.51.100.1]:25 closed") == "||192.0.2.1|4711| closed")
    #expect(Self.parse("(h) [192.0.2.1]:4711 I=[198.51.100.1]:25 U=ident rest") == "|h|192.0.2.1|4711| rest")
    #expect(Self.parse("[2001:db8::1]:25 lost") == "||2001:db8::1|25| lost")
    #expect(Self.parse("mx.example (h) [2001:db8::25] x") == "mx.example|h|2001:db8::25|-| x")
    // A delivery host that is its own address, DNSSEC-marked, on a continued connection.
    #expect(Self.parse("192.0.2.9 [192.0.2.9] C=\"250 ok\"") == "192.0.2.9||192.0.2.9|-| C=\"250 ok\"")
    #expect(Self.parse("mx.example DS [192.0.2.9]:25* X=TLS") == "mx.example||192.0.2.9|25| X=TLS")
    // A HELO name with spaces and parentheses in it.
    #expect(Self.parse("(my (odd) helo) [192.0.2.1]:25 x") == "|my (odd) helo|192.0.2.1|25| x")
  }

  @Test("missing brackets and broken fields do not crash and keep what they can")
  func damaged() {
    #expect(Self.parse("mx.example 192.0.2.1 rest") == "mx.example||192.0.2.1|-| rest")
    #expect(Self.parse("192.0.2.1:25 rest") == "||192.0.2.1|25| rest")
    #expect(Self.parse("(helo) 192.0.2.1 rest") == "|helo|192.0.2.1|-| rest")
    #expect(Self.parse("[192.0.2.1 rest") == "nil")
    #expect(Self.parse("localhost R=x") == "localhost||-|-| R=x")
    #expect(Self.parse("(unclosed [192.0.2.1]") == "nil")
    #expect(Self.parse("") == "nil")
  }

  @Test("a fake H= inside a quoted command is not the client: the real field is")
  func fakeHostTrap() {
    let log = """
      2026-11-28 09:00:00 SMTP connection from [192.0.2.50]:42000 (TCP/IP connection count = 1)
      2026-11-28 09:00:01 SMTP protocol error in "MAIL FROM:<a" H=(fake.example) [10.9.9.9]:1 x>" H=(real.example) [192.0.2.50]:42000 sender already given
      2026-11-28 09:00:02 SMTP syntax error in "RCPT TO:<" H=[10.8.8.8]:2 >" H=(real.example) [192.0.2.50]:42000 malformed address: " H=[10.7.7.7]:3 may not follow <
      2026-11-28 09:00:03 SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected "MAIL FROM:<" H=[10.6.6.6]:4>" H=(real.example) [192.0.2.50]:42000 next input="RCPT TO:<b>\\r\\n"
      2026-11-28 09:00:04 SMTP protocol error in "HELP \\" H=(fake.example) [10.5.5.5]:5" H=(nosession.example) [192.0.2.51]:42001 sender already given

      """
    let events = Engine.events(of: log).filter { $0["kind"] as? String != "connect" }
    #expect(events.map { $0["client"] as? String } == ["192.0.2.50", "192.0.2.50", "192.0.2.50", "192.0.2.51"])
    #expect(
      events.map { $0["helo"] as? String } == ["real.example", "real.example", "real.example", "nosession.example"])
    #expect(events.map { $0["code"] as? Int } == [503, 501, 554, 503])
    #expect(Set(events.prefix(3).compactMap { $0["session"] as? Int }).count == 1)
    #expect(events.allSatisfy { ($0["client"] as? String)?.hasPrefix("10.") == false })
  }

  @Test("raw non-UTF-8 bytes in a line are read, and the events stay valid JSON")
  func rawBytes() throws {
    var bytes = Array("2026-11-28 11:00:00 H=(caf".utf8) + [0xE9] + Array(".example) [192.0.2.80]:44000 F=<".utf8)
    bytes += [0xFF, 0xFE] + Array("@example.org> rejected RCPT <u@example.net>: bad ".utf8) + [0xC3, 0x28, 0x0A]
    bytes +=
      Array("2026-11-28 11:00:01 SMTP connection from (caf".utf8) + [0xE9]
      + Array(".example) [192.0.2.80]:44000 closed by QUIT\n".utf8)
    let path = Fixtures.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let lines = Engine.eventLines([path])
    #expect(lines.count == 2)
    let events = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    #expect(events.count == 2)
    #expect(events.first?["client"] as? String == "192.0.2.80" && events.first?["code"] as? Int == 550)
    #expect((events.first?["helo"] as? String)?.hasPrefix("caf") == true)
    #expect(events.last?["code"] as? Int == 221)
  }
}
