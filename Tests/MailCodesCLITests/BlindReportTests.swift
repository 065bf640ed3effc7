import Foundation
import Testing

@testable import MailCodesCLI

/// Never "clean" when blind: an input the tool cannot read, a mail program whose lines are not
/// understood, a window without a log line, an input that could not be read are said first,
/// JSON says `complete: false` with the reasons, and `--alert` / `--quiet-if-clean` exit 1.
@Suite("Never clean when blind")
struct BlindReportTests {
  static let lab = Paths.lab("postfix-syslog.log")

  /// A Postfix log whose messages a log shipper wrapped in JSON: every line has a valid syslog
  /// header and a Postfix tag, and not one message is in a shape Postfix writes.
  static let wrapped = """
    Nov 28 06:25:01 mx postfix/smtpd[812]: {"msg":"connect from unknown[192.0.2.7]"}
    Nov 28 06:25:01 mx postfix/smtpd[812]: {"msg":"NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <a@b.example>: Relay access denied; from=<x@y.example> to=<a@b.example> proto=ESMTP helo=<h>"}
    Nov 28 06:25:02 mx postfix/smtpd[812]: {"msg":"disconnect from unknown[192.0.2.7] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"}
    Nov 28 06:25:02 mx postfix/qmgr[99]: {"msg":"4ABC: removed"}

    """

  @Test("a client-side transcript that never names the server: its 530 is a problem, not 'PROBLEMS none'")
  func transcriptWithoutServerAddress() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = dir.file(
      "session.txt",
      """
      S: 220 mx.example.com ESMTP
      C: EHLO laptop.example
      S: 250 mx.example.com
      C: MAIL FROM:<a@example.org>
      S: 530 5.7.0 Must issue a STARTTLS command first
      C: QUIT
      S: 221 2.0.0 Bye

      """)
    let text = run(["analyze", "--width", "100", log])
    #expect(!text.stdout.contains("none: no 4xx/5xx replies"), "\(text.stdout)")
    #expect(text.stdout.contains("\n  Remote 5xx replies to our deliveries ."), "\(text.stdout)")
    #expect(text.stdout.contains("  reply     530  5.7.0      MAIL               1  Authentication required"))
    #expect(run(["analyze", "--alert", "--min-class", "5xx", log]).status == 1)
    #expect(run(["analyze", "--quiet-if-clean", log]).status == 1)
  }

  @Test("an input in a shape mailcodes does not read: said first, not 'PROBLEMS none', complete: false, exit 1")
  func unreadableFormat() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = dir.file("shipped.log", Self.wrapped)
    let text = run(["analyze", "--year", "2026", "--width", "300", log])
    #expect(text.status == 0)
    let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines[2] == "INCOMPLETE: problems may be missing from this report", "\(text.stdout)")
    #expect(text.stdout.contains("\n  \(log): none of its 4 mail lines was understood"))
    #expect(text.stdout.contains("postfix/smtpd: 1 of its 3 lines not understood (33 %)"))
    #expect(text.stdout.contains("\nPROBLEMS\n  none found in what was read and understood: see INCOMPLETE above\n"))
    #expect(!text.stdout.contains("none: no 4xx/5xx replies"))
    #expect(text.stdout.contains("\n      postfix/smtpd  0 recognized  2 ignored  1 unrecognized\n"))
    #expect(text.stdout.range(of: "INCOMPLETE")!.lowerBound < text.stdout.range(of: "PROBLEMS")!.lowerBound)

    let json = run(["analyze", "--year", "2026", "--format", "json", log])
    let object = try #require(StrictJSONCheck.object(json.stdout))
    #expect(object["complete"] as? Bool == false)
    let reasons = try #require(object["incomplete_reasons"] as? [[String: Any]])
    #expect(reasons.map { $0["reason"] as? String } == ["nothing_recognized", "unrecognized_lines"])
    #expect(reasons[1]["daemon"] as? String == "postfix/smtpd" && reasons[1]["unrecognized"] as? Int == 1)
    let input = try #require((object["inputs"] as? [[String: Any]])?.first)
    let smtpd = try #require((input["daemons"] as? [String: [String: Int]])?["postfix/smtpd"])
    #expect(smtpd == ["recognized": 0, "ignored": 2, "unrecognized": 1])

    #expect(run(["analyze", "--year", "2026", "--alert", log]).status == 1)
    let quiet = run(["analyze", "--year", "2026", "--quiet-if-clean", log])
    #expect(quiet.status == 1 && quiet.stdout.hasPrefix("mailcodes report: "))
    let html = run(["analyze", "--year", "2026", "--format", "html", log]).stdout
    #expect(html.contains("<p class=\"warning\">Incomplete: problems may be missing from this report.</p>"))
    #expect(html.contains("none of its 4 mail lines was understood"))
    #expect(
      run(["analyze", "--year", "2026", "--format", "openmetrics", log]).stdout.contains("\nmailcodes_complete 0\n"))
  }

  @Test("more than 1 % of a mail program's lines not understood: blind; none of them: clean")
  func unrecognizedShare() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    func session(_ n: Int) -> String {
      "Nov 28 06:25:00 mx postfix/smtpd[\(100 + n)]: connect from c[192.0.2.\(n % 250 + 1)]\n"
        + "Nov 28 06:25:01 mx postfix/smtpd[\(100 + n)]: disconnect from c[192.0.2.\(n % 250 + 1)] ehlo=1 mail=1 "
        + "rcpt=1 data=1 quit=1 commands=5\n"
    }
    let odd =
      "Nov 28 06:26:00 mx postfix/smtpd[99]: NOQUEUE: frobnicated: RCPT from c[192.0.2.1]: 554 5.7.1 <a@b.example>: "
      + "Relay access denied; from=<x@y.example> to=<a@b.example> proto=ESMTP helo=<h>\n"
    let clean = dir.file("clean.log", (0..<60).map(session).joined())
    #expect(run(["analyze", "--year", "2026", "--alert", clean]).status == 0)
    // One unrecognized line in 121 smtpd lines: 0.8 %, not blind.
    let few = dir.file("few.log", (0..<60).map(session).joined() + odd)
    let fewRun = run(["analyze", "--year", "2026", "--format", "json", few])
    #expect(try #require(StrictJSONCheck.object(fewRun.stdout))["complete"] as? Bool == true)
    // Two in 122: 1.6 %.
    let many = dir.file("many.log", (0..<60).map(session).joined() + odd + odd)
    let manyRun = run(["analyze", "--year", "2026", "--width", "300", "--alert", many])
    #expect(manyRun.status == 1)
    #expect(manyRun.stdout.contains("\n  \(many): postfix/smtpd: 2 of its 122 lines not understood (1.6 %)\n"))
  }

  @Test("a window that holds no log line: said first, complete: false, exit 1 under --alert and --quiet-if-clean")
  func emptyWindow() throws {
    let r = run(["analyze", "--year", "2026", "--day", "2026-11-20", Self.lab])
    #expect(r.status == 0)
    #expect(
      r.stdout.contains(
        """
        Period: 2026-11-29T00:12:02 to 2026-11-29T00:15:04
        INCOMPLETE: problems may be missing from this report
          no log line between 2026-11-20T00:00:00 and 2026-11-21T00:00:00 (the logs run
            from 2026-11-29T00:12:02 to 2026-11-29T00:15:04)

        PROBLEMS
          none found in what was read and understood: see INCOMPLETE above

        """), "\(r.stdout)")
    let json = try #require(
      StrictJSONCheck.object(
        run([
          "analyze", "--year", "2026", "--day", "2026-11-20",
          "--format", "json", Self.lab,
        ]).stdout))
    #expect(json["complete"] as? Bool == false)
    #expect((json["incomplete_reasons"] as? [[String: Any]])?.first?["reason"] as? String == "empty_window")
    #expect((json["window"] as? [String: Any])?["lines"] as? Int == 0)
    #expect(run(["analyze", "--year", "2026", "--day", "2026-11-20", "--alert", Self.lab]).status == 1)
    // `now` of the in-process runs is 2026-11-29T00:00: yesterday is Nov 28, and the lab log is of Nov 29.
    let quiet = run(["analyze", "--year", "2026", "--day", "yesterday", "--quiet-if-clean", Self.lab])
    #expect(
      quiet.status == 1 && quiet.stdout.contains("no log line between 2026-11-28T00:00:00 and 2026-11-29T00:00:00"))
    let stale = run(["analyze", "--year", "2026", "--day", "2026-11-20", "--quiet-if-clean", Self.lab])
    #expect(stale.status == 1 && stale.stdout.contains("no log line between"))
    // A window with lines: complete, and its line count in JSON.
    let day = try #require(
      StrictJSONCheck.object(
        run([
          "analyze", "--year", "2026", "--day", "2026-11-29",
          "--format", "json", Self.lab,
        ]).stdout))
    #expect(day["complete"] as? Bool == true)
    #expect((day["window"] as? [String: Any])?["lines"] as? Int == 3945)
    // Logs that ended before the window: not read at all, and said so.
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let old = dir.path + "/old.log"
    #expect(FileManager.default.createFile(atPath: old, contents: try Data(contentsOf: URL(fileURLWithPath: Self.lab))))
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: 1_795_900_000)], ofItemAtPath: old)
    let ended = run(["analyze", "--year", "2026", "--day", "2026-12-03", "--alert", old])
    #expect(ended.status == 1)
    #expect(
      ended.stdout.contains(
        "INCOMPLETE: problems may be missing from this report\n  no log line between "
          + "2026-12-03T00:00:00 and 2026-12-04T00:00:00 (the logs end\n    before it: its input was last written before the window)\n"
      ),
      "\(ended.stdout)")
    // A table has no place for it: stderr, and a problem.
    let table = run(["analyze", "--year", "2026", "--day", "2026-11-20", "--by", "code", "--alert", Self.lab])
    #expect(table.status == 1)
    #expect(
      table.stderr.hasPrefix("mailcodes: warning: no log line between 2026-11-20T00:00:00 and 2026-11-21T00:00:00"))
  }

  @Test("an input that cannot be read: its problems are unknown, not 'none'")
  func unreadableInput() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let missing = dir.path + "/missing.log"
    let clean = dir.file(
      "clean.log",
      """
      Nov 28 10:00:00 mx postfix/smtpd[1]: connect from c[192.0.2.1]
      Nov 28 10:00:01 mx postfix/smtpd[1]: disconnect from c[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5

      """)
    let r = run(["analyze", "--year", "2026", "--width", "300", clean, missing])
    #expect(r.status == 2)
    #expect(
      r.stdout.contains(
        "INCOMPLETE: 1 input error(s), see ERRORS at the end.\n"
          + "  \(missing): not read to its end (No such file or directory): its problems are unknown\n\nPROBLEMS\n"),
      "\(r.stdout)")
    #expect(r.stdout.contains("\nPROBLEMS\n  none found in what was read and understood: see INCOMPLETE above\n"))
    #expect(!r.stdout.contains("none: no 4xx/5xx replies"))
    // With --quiet-if-clean, the report is printed: it is not clean, it is unknown.
    let quiet = run(["analyze", "--year", "2026", "--quiet-if-clean", clean, missing])
    #expect(quiet.status == 2 && quiet.stdout.contains("its problems"))
  }

  @Test("deliveries that failed without a reply code are problems")
  func failedDeliveriesWithoutCode() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = dir.file(
      "out.log",
      """
      Nov 28 06:25:01 mx postfix/smtp[900]: 4ABCD1234: to=<u@remote.example>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.remote.example[198.51.100.3]:25: Connection refused)

      """)
    let r = run(["analyze", "--year", "2026", "--alert", log])
    #expect(r.status == 1)
    #expect(
      r.stdout.contains(
        "\nPROBLEMS\n  Failed deliveries without a reply code ..................................... 1\n"))
    // A deferral is temporary: not a problem at --min-class 5xx.
    #expect(run(["analyze", "--year", "2026", "--alert", "--min-class", "5xx", log]).status == 0)
  }
}
