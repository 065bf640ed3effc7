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

@Suite("Reply codes, enhanced codes, commands, addresses")
struct SMTPTypesTests {
  func code(_ text: String, at offset: Int = 0) -> Int? {
    withByteView(text) { ReplyCode.parse($0, at: offset).map { Int($0.rawValue) } }
  }

  @Test func replyCodes() {
    #expect(code("550 5.1.1 x") == 550)
    #expect(code("250-PIPELINING") == 250)
    #expect(code("421") == 421)
    #expect(code("5500 x") == nil)  // four digits: not a code
    #expect(code("55 x") == nil)  // two digits
    #expect(code("199 x") == nil)
    #expect(code("600 x") == nil)
    #expect(code("570 x") == nil)  // second digit above 5
    #expect(code("550x") == nil)
    #expect(ReplyCode(530)?.replyClass == .permanentNegative)
    #expect(ReplyCode(221)?.replyClass == .positiveCompletion)
  }

  @Test func enhancedCodes() {
    #expect(EnhancedStatusCode("5.7.1")?.description == "5.7.1")
    #expect(EnhancedStatusCode("4.4.2")?.packed == 4_004_002)
    #expect(EnhancedStatusCode("2.0.0") != nil)
    #expect(EnhancedStatusCode("3.1.1") == nil)
    #expect(EnhancedStatusCode("5.7.1000") == nil)
    #expect(EnhancedStatusCode("5.7") == nil)
    #expect(EnhancedStatusCode("5.7.26")?.detail == 26)
    let parsed = withByteView("550 5.7.1; rest") { EnhancedStatusCode.parse($0, at: 4) }
    #expect(parsed?.code.description == "5.7.1" && parsed?.end == 9)
  }

  @Test func commands() {
    #expect(SMTPCommand(name: "RCPT") == .rcpt)
    #expect(SMTPCommand(name: "ehlo") == .ehlo)
    #expect(SMTPCommand(name: "END-OF-MESSAGE") == .endOfData)
    #expect(SMTPCommand(name: "MAIL FROM") == .mail)
    #expect(SMTPCommand(name: "end of DATA") == .endOfData)
    #expect(SMTPCommand(name: "LHLO") == .ehlo)
    #expect(SMTPCommand(name: "XYZZ") == nil)
    #expect(SMTPCommand.everyCase.count == SMTPCommand.allCases.count)
  }

  @Test func addresses() {
    #expect(IPAddress("192.0.2.1")?.description == "192.0.2.1")
    #expect(IPAddress("192.0.2.1")?.isIPv4 == true)
    #expect(IPAddress("::1")?.description == "::1")
    #expect(IPAddress("2001:db8::1")?.description == "2001:db8::1")
    #expect(IPAddress("2001:DB8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
    #expect(IPAddress("::ffff:192.0.2.1") == IPAddress("192.0.2.1"))
    #expect(IPAddress("IPv6:2001:db8::5")?.description == "2001:db8::5")
    for bad in ["256.1.1.1", "1.2.3", "1.2.3.4.5", "unknown", "", "1::2::3", "12345::", "::g", "1.2.3.04x"] {
      #expect(IPAddress(bad) == nil, "\(bad)")
    }
  }

  @Test func commandCounts() {
    var c = CommandCounts()
    c.add(.rcpt, 3)
    c.add(.unknown, 70_000)
    c[.quit] = 1
    #expect(c[.rcpt] == 3 && c[.quit] == 1 && c[.mail] == 0)
    #expect(c[.unknown] == 65535)
    #expect(c.total == 3 + 1 + 65535)
  }
}
