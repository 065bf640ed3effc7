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

@Suite("Envelope: syslog headers and timestamps")
struct EnvelopeParserTests {
  struct Parsed: Equatable {
    var style: SyslogEnvelope.Style
    var time: String?
    var host: String
    var program: String
    var pid: Int32
    var message: String
  }

  func parse(_ line: String, year: YearInference = YearInference(explicitYear: 2026)) -> Parsed {
    var parser = EnvelopeParser(yearInference: year)
    return withByteView(line) { view in
      let e = parser.parse(view)
      return Parsed(
        style: e.style, time: e.time?.description, host: view.slice(e.host).string,
        program: view.slice(e.program).string, pid: e.pid, message: view.suffix(from: e.message).string)
    }
  }

  @Test func classicSyslog() {
    #expect(
      parse("Nov 28 06:25:01 mx1 postfix/smtpd[12345]: connect from x[192.0.2.1]")
        == Parsed(
          style: .rfc3164, time: "2026-11-28T06:25:01", host: "mx1", program: "postfix/smtpd", pid: 12345,
          message: "connect from x[192.0.2.1]"))
  }

  @Test func spacePaddedAndZeroPaddedDays() {
    #expect(parse("Mar  3 10:00:01 mx1 postfix/qmgr[900]: x").time == "2026-03-03T10:00:01")
    #expect(parse("Mar 03 10:00:01 mx1 postfix/qmgr[900]: x").time == "2026-03-03T10:00:01")
  }

  @Test func rfc3339WithFractionAndZone() {
    let p = parse("2026-11-28T06:25:01.123456+01:00 mx1 postfix/submission/smtpd[7]: hello")
    #expect(
      p
        == Parsed(
          style: .rfc3339, time: "2026-11-28T06:25:01.123456+01:00", host: "mx1",
          program: "postfix/submission/smtpd", pid: 7, message: "hello"))
  }

  @Test func rfc3339Variants() {
    #expect(parse("2026-11-28T06:25:01Z h p: m").time == "2026-11-28T06:25:01Z")
    #expect(parse("2026-11-28T06:25:01 h p: m").time == "2026-11-28T06:25:01")
    #expect(parse("2026-11-28T06:25:01.5-05:00 h p[1]: m").time == "2026-11-28T06:25:01.500000-05:00")
  }

  @Test("journalctl -o short-iso (zone without colon)")
  func journald() {
    let p = parse("2026-11-28T06:25:01+0100 mx1 postfix/smtpd[5]: disconnect from x[1.2.3.4]")
    #expect(p.time == "2026-11-28T06:25:01+01:00")
    #expect(p.program == "postfix/smtpd" && p.pid == 5)
  }

  @Test("<PRI> before a classic or RFC 3339 header, and RFC 5424")
  func priority() {
    #expect(parse("<22>Nov 28 06:25:01 mx1 postfix/smtpd[1]: m").program == "postfix/smtpd")
    #expect(parse("<22>2026-11-28T06:25:01Z mx1 postfix/smtpd[1]: m").time == "2026-11-28T06:25:01Z")
    let p = parse("<22>1 2026-11-28T06:25:01.003Z mx1 postfix/smtpd 4242 - - connect from x[192.0.2.1]")
    #expect(
      p
        == Parsed(
          style: .rfc5424, time: "2026-11-28T06:25:01.003000Z", host: "mx1", program: "postfix/smtpd",
          pid: 4242, message: "connect from x[192.0.2.1]"))
  }

  @Test("docker logs put an RFC 3339 stamp in front of a classic line")
  func dockerPrefix() {
    let p = parse("2024-07-03T17:18:06.604077805Z Jul 03 19:18:06 mail postfix/smtpd[7610]: > unknown[10.5.0.1]: 220 x")
    #expect(p.time == "2024-07-03T17:18:06.604077Z")
    #expect(p.host == "mail" && p.program == "postfix/smtpd" && p.pid == 7610)
    #expect(p.message == "> unknown[10.5.0.1]: 220 x")
  }

  @Test("Exim's own prefix: time, optional zone and pid, no host")
  func eximNative() {
    #expect(parse("2026-11-28 06:25:01 1tAbCd-0005vi-Xy <= a@b.c").style == .eximNative)
    let p = parse("2026-11-28 06:25:01.123 +0100 [4242] 1tAbCd-0005vi-Xy <= a@b.c")
    #expect(
      p
        == Parsed(
          style: .eximNative, time: "2026-11-28T06:25:01.123000+01:00", host: "", program: "", pid: 4242,
          message: "1tAbCd-0005vi-Xy <= a@b.c"))
  }

  @Test("lines without a header keep all their text")
  func noHeader() {
    let p = parse("=== Trying 127.0.0.1:25...")
    #expect(p.style == .none && p.message == "=== Trying 127.0.0.1:25...")
    #expect(parse("").style == .none)
    #expect(parse("Foo 99 99:99:99 h p: m").style == .none)
  }

  @Test("a syslog line without a host field")
  func noHost() {
    let p = parse("Nov 28 06:25:01 postfix/smtpd[1]: connect from x[1.2.3.4]")
    #expect(p.host == "" && p.program == "postfix/smtpd" && p.message == "connect from x[1.2.3.4]")
  }

  @Test("journalctl short-precise, short-full and short-unix, and an unpadded day")
  func journalModesAndUnpaddedDay() {
    #expect(
      parse("Nov 28 06:25:01.000042 mx postfix/smtpd[812]: m")
        == Parsed(
          style: .rfc3164, time: "2026-11-28T06:25:01.000042", host: "mx", program: "postfix/smtpd", pid: 812,
          message: "m"))
    #expect(parse("Sat 2026-11-28 06:25:01 UTC mx postfix/smtpd[812]: m").time == "2026-11-28T06:25:01Z")
    #expect(parse("Sat 2026-11-28 07:25:01 +01 mx postfix/smtpd[812]: m").time == "2026-11-28T07:25:01+01:00")
    // A zone name other than UTC/GMT does not tell its offset: the time stays local.
    let cet = parse("Sat 2026-11-28 07:25:01 CET mx postfix/smtpd[812]: m")
    #expect(cet.time == "2026-11-28T07:25:01" && cet.host == "mx" && cet.message == "m")
    #expect(parse("1795847101.123456 mx postfix/smtpd[812]: m").time == "2026-11-28T06:25:01.123456Z")
    #expect(parse("Nov 3 06:25:01 mx postfix/smtpd[812]: m").time == "2026-11-03T06:25:01")
    // Not stamps: too few digits for epoch seconds, no fraction, an hour out of range.
    #expect(parse("17958471.123456 mx postfix/smtpd[812]: m").style == .none)
    #expect(parse("1795847101 mx postfix/smtpd[812]: m").style == .none)
    #expect(parse("Nov 3 26:25:01 mx postfix/smtpd[812]: m").style == .none)
  }

  @Test("NUL bytes before a line are skipped; a line of NUL bytes has no header")
  func nulBytesBeforeLine() {
    let p = parse("\0\0\0\0Nov 28 06:25:01 mx postfix/smtpd[812]: connect from x[192.0.2.1]")
    #expect(p.time == "2026-11-28T06:25:01" && p.host == "mx" && p.program == "postfix/smtpd" && p.pid == 812)
    #expect(p.message == "connect from x[192.0.2.1]")
    #expect(parse(String(repeating: "\0", count: 40)).style == .none)
    // Found by the fuzzer: NUL bytes after a `<PRI>` sent the parser round in a loop until the
    // stack overflowed.
    #expect(parse("<13>" + String(repeating: "\0", count: 12) + "Nov 28 06:25:01 mx p: m").style == .none)
    #expect(parse("<13>1 " + String(repeating: "\0", count: 12)).style == .none)
  }

  @Test("RFC 5424 as rsyslog writes it: the message's own leading space is not part of it")
  func rfc5424TwoSpaces() {
    let p = parse("<22>1 2026-11-28T06:25:01.123456+00:00 mx postfix 812 - [timeQuality tzKnown=\"1\"]  connect from x")
    #expect(p.style == .rfc5424 && p.host == "mx" && p.program == "postfix" && p.pid == 812)
    #expect(p.message == "connect from x")
  }

  @Test("year inference from the file's month, and the December-January rollover")
  func yearRollover() {
    var parser = EnvelopeParser(yearInference: YearInference(referenceYear: 2027, referenceMonth: 1))
    let lines = ["Dec 31 23:59:58 h p: a", "Dec 31 23:59:59 h p: b", "Jan  1 00:00:01 h p: c"]
    let times = lines.map { line in withByteView(line) { parser.parse($0).time?.description ?? "" } }
    #expect(times == ["2026-12-31T23:59:58", "2026-12-31T23:59:59", "2027-01-01T00:00:01"])
    #expect(parser.yearInference.rollovers == 1)
  }

  @Test("a file written in November holds November lines of that year")
  func yearFromModificationTime() {
    #expect(
      parse("Nov 28 06:25:01 h p: m", year: YearInference(referenceYear: 2025, referenceMonth: 11)).time
        == "2025-11-28T06:25:01")
  }
}

@Suite("Calendar")
struct CivilDateTests {
  @Test func roundTrip() {
    for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2026, 11, 28), (2100, 12, 31), (1969, 12, 31)] {
      let days = CivilDate.days(year: y, month: m, day: d)
      #expect(CivilDate.date(days: days) == (y, m, d))
    }
    #expect(CivilDate.days(year: 1970, month: 1, day: 2) == 1)
    #expect(CivilDate.weekday(days: CivilDate.days(year: 2026, month: 11, day: 29)) == 6)  // a Sunday
  }
}
