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

/// `journalctl -o json` lines: the fields, their escapes and byte arrays, into a syslog line.
@Suite("Envelope: journalctl -o json entries")
struct JournalEntryParserTests {
  struct Parsed: Equatable {
    var hasHeader: Bool
    var utcSeconds: Int64?
    var microseconds: Int32?
    var host: [UInt8]
    var program: [UInt8]
    var pid: Int32
    var message: [UInt8]
    /// The whole line the parsers get, after its time (which depends on the local zone).
    var afterTime: [UInt8]
  }

  func parse(_ line: String) -> Parsed { parse(Array(line.utf8)) }

  func parse(_ bytes: [UInt8]) -> Parsed {
    let parser = JournalEntryParser()
    var env = SyslogEnvelope()
    return withByteView(bytes) { view in
      let out = parser.parse(view, into: &env)
      let all = Array(UnsafeBufferPointer(start: out.base, count: out.count))
      return Parsed(
        hasHeader: env.hasHeader, utcSeconds: env.time?.utcSeconds, microseconds: env.time?.microseconds,
        host: Array(all[Int(env.host.start)..<env.host.end]),
        program: Array(all[Int(env.program.start)..<env.program.end]), pid: env.pid,
        message: Array(all[env.message...]),
        afterTime: env.time == nil ? all : Array(all.dropFirst(33)))
    }
  }

  static let reject =
    #"{"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1795911123467221","_HOSTNAME":"mx","#
    + #""SYSLOG_IDENTIFIER":"postfix/smtpd","SYSLOG_PID":"4242","_PID":"17168","_COMM":"smtpd","#
    + #""MESSAGE":"NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <a@example.test>: Relay access denied"}"#

  @Test("a Postfix entry becomes its syslog line; _PID wins over SYSLOG_PID, as in journalctl's own output")
  func typical() {
    let p = parse(Self.reject)
    #expect(p.hasHeader)
    #expect(p.utcSeconds == 1_795_911_123 && p.microseconds == 467_221)
    #expect(p.host == Array("mx".utf8) && p.program == Array("postfix/smtpd".utf8) && p.pid == 17168)
    #expect(
      p.message
        == Array("NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <a@example.test>: Relay access denied".utf8))
    #expect(String(decoding: p.afterTime, as: UTF8.self).hasPrefix("mx postfix/smtpd[17168]: NOQUEUE: reject:"))
  }

  @Test("the time is written in RFC 3339 with microseconds and the local zone")
  func timeText() {
    let parser = JournalEntryParser()
    var env = SyslogEnvelope()
    let text = withByteView(Self.reject) {
      String(decoding: UnsafeBufferPointer(start: parser.parse($0, into: &env).base, count: 32), as: UTF8.self)
    }
    let time = try! #require(env.time)
    #expect(text.hasPrefix(String(time.description.prefix(19)) + ".467221"))
    #expect(time.utcSeconds == 1_795_911_123)
    // The text parses back to the same instant.
    var reparsed = EnvelopeParser(yearInference: YearInference(explicitYear: 2026))
    let back = withByteView(text + " h p: m") { reparsed.parse($0) }
    #expect(back.time?.utcSeconds == 1_795_911_123 && back.time?.microseconds == 467_221)
  }

  @Test("fields in any order, as journald writes them")
  func anyOrder() {
    let p = parse(
      #"{"MESSAGE":"connect from unknown[192.0.2.7]","_PID":"17126","SYSLOG_IDENTIFIER":"postfix/smtpd","#
        + #""__REALTIME_TIMESTAMP":"1796419627922519","_HOSTNAME":"vm","__CURSOR":"s=5c;i=15d"}"#)
    #expect(p.program == Array("postfix/smtpd".utf8) && p.pid == 17126 && p.host == Array("vm".utf8))
    #expect(p.message == Array("connect from unknown[192.0.2.7]".utf8))
  }

  @Test("a message that is not UTF-8 comes as a byte array and keeps every byte")
  func byteArray() {
    let p = parse(
      #"{"__REALTIME_TIMESTAMP":"1796419628179570","SYSLOG_IDENTIFIER":"postfix/smtpd","_PID":"7","#
        + #""MESSAGE":[60,98,255,97,100,62, 32 ,0,10]}"#)
    #expect(p.message == [60, 98, 255, 97, 100, 62, 32, 0, 10])
  }

  @Test("escapes: quotes, backslashes, control characters, \\u with surrogate pairs; a lone surrogate is U+FFFD")
  func escapes() {
    let p = parse(
      #"{"__REALTIME_TIMESTAMP":"1","SYSLOG_IDENTIFIER":"exim","MESSAGE":"#
        + #""a\"b\\c\/d\te\nf caf\u00e9 \ud83d\ude00 \ud800x \u001b end"}"#)
    #expect(p.message == Array("a\"b\\c/d\te\nf café 😀 \u{FFFD}x \u{1B} end".utf8))
    #expect(p.program == Array("exim".utf8) && p.pid == -1)
  }

  @Test("fallbacks: _COMM without SYSLOG_IDENTIFIER, SYSLOG_PID without _PID; null and repeated fields")
  func fallbacks() {
    let p = parse(#"{"__REALTIME_TIMESTAMP":"1","_COMM":"smtpd","SYSLOG_PID":"99","MESSAGE":null}"#)
    #expect(p.program == Array("smtpd".utf8) && p.pid == 99 && p.message.isEmpty && p.host.isEmpty)
    #expect(p.afterTime == Array("smtpd[99]: ".utf8))
    let repeated = parse(
      #"{"__REALTIME_TIMESTAMP":"1","SYSLOG_IDENTIFIER":["postfix/qmgr","other"],"MESSAGE":["multi","valued"]}"#)
    #expect(repeated.program == Array("postfix/qmgr".utf8) && repeated.message == Array("multi".utf8))
    let arrays = parse(#"{"__REALTIME_TIMESTAMP":"1","MESSAGE":[[104,105],[33]]}"#)
    #expect(arrays.message == Array("hi".utf8))
  }

  @Test("damaged byte arrays found by the fuzzer: a number of 30 digits, brackets nested 100,000 deep")
  func damagedArrays() {
    let long = parse(#"{"__REALTIME_TIMESTAMP":"1","MESSAGE":[65,123456789012345678901234567890,66,256,67]}"#)
    #expect(long.message == Array("ABC".utf8))
    let deep = parse(
      #"{"__REALTIME_TIMESTAMP":"1","MESSAGE":"# + String(repeating: "[", count: 100_000) + "72,73"
        + String(repeating: "]", count: 100_000) + "}")
    #expect(deep.message == Array("HI".utf8))
  }

  @Test("a line that is not a JSON object passes as it is, without header; a cut line keeps what it had")
  func notAnEntry() {
    let p = parse("-- No entries --")
    #expect(!p.hasHeader && p.message == Array("-- No entries --".utf8))
    let cut = parse(
      #"{"__REALTIME_TIMESTAMP":"1795911123467221","SYSLOG_IDENTIFIER":"postfix/smtpd","MESSAGE":"NOQUEUE: rej"#)
    #expect(cut.hasHeader && cut.program == Array("postfix/smtpd".utf8) && cut.message.isEmpty)
  }

  @Test("an input is journal JSON when its first line is an entry, in any field order")
  func detection() {
    func looks(_ text: String) -> Bool { withByteView(text) { JournalEntryParser.looksLikeEntry($0) } }
    #expect(looks(Self.reject))
    #expect(looks(#"{"MESSAGE":"x","__REALTIME_TIMESTAMP":"1"}"#))
    #expect(!looks(#"{"message":"x"}"#))
    #expect(!looks("Nov 28 06:25:01 mx postfix/smtpd[1]: {\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":\"x\"}"))
  }

  @Test("a real capture (journald of systemd 252, syslog transport) is read as an input")
  func capture() throws {
    let opened = try InputOpener.open(InputFile(path: Fixtures.path("journal/captured.json")))
    #expect(opened.isJournalJSON && !opened.isCompressed)
    let plain = try InputOpener.open(InputFile(path: Fixtures.path("input/plain.log")))
    #expect(!plain.isJournalJSON)
  }
}
