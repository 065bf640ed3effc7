import Foundation
import Testing

@testable import MailCodesCLI

/// The unattended use: windows, formats, merge, atomic output, quiet and alert statuses.
@Suite("Cron-ready reports")
struct CronReportTests {
  static let postfix = Paths.lab("postfix-syslog.log")

  static func temporaryDirectory() -> String {
    let dir = NSTemporaryDirectory() + "mailcodes-cron-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Two days of a small Postfix log: one 530 on Nov 27, four on Nov 28.
  static func twoDays(in dir: String) -> String {
    func session(_ day: Int, _ n: Int) -> String {
      let stamp = "Nov \(day) 10:00:\(n < 10 ? "0" : "")\(n)"
      return "\(stamp) mx postfix/submission/smtpd[\(100 + n)]: connect from c[192.0.2.\(n)]\n"
        + "\(stamp) mx postfix/submission/smtpd[\(100 + n)]: NOQUEUE: reject: MAIL from c[192.0.2.\(n)]: 530 5.7.0 Must issue a STARTTLS command first; proto=ESMTP helo=<c>\n"
        + "\(stamp) mx postfix/submission/smtpd[\(100 + n)]: disconnect from c[192.0.2.\(n)] ehlo=1 mail=0/1 quit=1 commands=2/3\n"
    }
    let text = session(27, 1) + session(28, 2) + session(28, 3) + session(28, 4) + session(28, 5)
    let path = dir + "/mail.log"
    #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
    return path
  }

  @Test("--day and --compare previous: the change from the day before")
  func compare() {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let log = Self.twoDays(in: dir)
    let r = run(["analyze", "--year", "2026", "--day", "2026-11-28", "--compare", "previous", log])
    #expect(r.status == 0)
    #expect(r.stdout.contains("Window: 2026-11-28T00:00:00 to 2026-11-29T00:00:00 (asked for)"))
    #expect(r.stdout.contains("CHANGE FROM THE PREVIOUS PERIOD (2026-11-27T00:00:00 to 2026-11-28T00:00:00)"))
    let line = r.stdout.split(separator: "\n").first { $0.contains("sent 530 5.7.0") }
    #expect(line?.hasSuffix("4         1  up 300 %") == true, "\(String(describing: line))")
    let day = run(["analyze", "--year", "2026", "--day", "2026-11-27", "--by", "code", "--format", "csv", log])
    #expect(day.stdout == "code,count\n221,1\n530,1\n")
  }

  @Test("--since/--until relative to now, and windows in events")
  func windows() {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let log = Self.twoDays(in: dir)
    // `now` of the in-process runs is 2026-11-29T00:00.
    let r = run(["analyze", "--year", "2026", "--since", "-24h", "--by", "code", "--format", "csv", log])
    #expect(r.stdout == "code,count\n221,4\n530,4\n")
    let events = run(["events", "--year", "2026", "--until", "2026-11-27", "--code", "530", log])
    #expect(events.stdout.split(separator: "\n").count == 1)
    let bad = run(["analyze", "--since", "soon", log])
    #expect(bad.status == 2 && bad.stderr.hasPrefix("mailcodes: invalid time 'soon'"))
  }

  @Test("--until before --since is a usage error; zoned instants as the reports print them are accepted")
  func windowBounds() {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let log = Self.twoDays(in: dir)
    let backwards = run(["analyze", "--since", "2026-11-29", "--until", "2026-11-28", log])
    #expect(backwards.status == 2)
    #expect(
      backwards.stderr.hasPrefix("mailcodes: --until 2026-11-28 ends the window before --since 2026-11-29 starts it\n"))
    #expect(run(["events", "--since", "-1h", "--until", "-2h", log]).status == 2)
    // The log has no zone: a zoned instant is this machine's wall clock for it (the tests run
    // in any zone: only the Z form's own day is compared with itself).
    let zoned = run([
      "analyze", "--year", "2026", "--since", "2026-11-28T10:00:00Z", "--until", "2026-11-28T10:00:05Z",
      "--format", "json", log,
    ])
    #expect(zoned.status == 0)
    #expect(zoned.stdout.contains("\"window\": {\"start\":\"2026-11-28T10:00:00Z\",\"end\":\"2026-11-28T10:00:06Z\""))
    let help = run(["analyze", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(
      help.contains(
        "--until TIME Up to the end of TIME (same words): 2026-11-28 includes all of that day "
          + "(to 23:59:59.999999), 2026-11-28T06:00 the minute 06:00 (to 06:00:59.999999); -1h or now: up to that instant."
      ))
  }

  @Test("--compare previous with no earlier data says 'no data', not 'new' for every row")
  func compareWithoutPreviousData() {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let log = Self.twoDays(in: dir)
    let r = run(["analyze", "--year", "2026", "--day", "2026-11-27", "--compare", "previous", log])
    #expect(
      r.stdout.contains(
        "CHANGE FROM THE PREVIOUS PERIOD (2026-11-26T00:00:00 to 2026-11-27T00:00:00)\n"
          + "  no data: no log line in the previous period, nothing to compare with\n"))
    #expect(!r.stdout.contains(" new\n"))
  }

  @Test("--quiet-if-clean: nothing and status 0 when clean; the report and status 1 when not")
  func quietIfClean() {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let clean = dir + "/clean.log"
    _ = FileManager.default.createFile(
      atPath: clean,
      contents: Data(
        """
        Nov 28 10:00:00 mx postfix/smtpd[1]: connect from c[192.0.2.1]
        Nov 28 10:00:01 mx postfix/smtpd[1]: disconnect from c[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5

        """.utf8))
    let quiet = run(["analyze", "--quiet-if-clean", clean])
    #expect(quiet.status == 0 && quiet.stdout.isEmpty)
    let noisy = run(["analyze", "--quiet-if-clean", Self.postfix])
    #expect(noisy.status == 1 && noisy.stdout.contains("PROBLEMS"))
    #expect(run(["analyze", "--alert", Self.postfix]).status == 1)
    #expect(run(["analyze", "--alert", clean]).status == 0)
    #expect(run(["analyze", Self.postfix]).status == 0)
    // With --min-class 5xx, 4xx replies are not problems.
    let fourOnly = dir + "/four.log"
    _ = FileManager.default.createFile(
      atPath: fourOnly,
      contents: Data(
        """
        Nov 28 10:00:00 mx postfix/smtpd[1]: connect from c[192.0.2.1]
        Nov 28 10:00:01 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from c[192.0.2.1]: 450 4.2.0 <x@y>: Greylisted; from=<a@b> to=<x@y> proto=ESMTP helo=<c>
        Nov 28 10:00:02 mx postfix/smtpd[1]: disconnect from c[192.0.2.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4

        """.utf8))
    #expect(run(["analyze", "--quiet-if-clean", "--min-class", "5xx", fourOnly]).stdout.isEmpty)
    #expect(run(["analyze", "--quiet-if-clean", fourOnly]).status == 1)
  }

  @Test("a day on which every delivery failed without a reply code is not clean")
  func failedDeliveriesWithoutCode() {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let log = dir + "/outbound.log"
    _ = FileManager.default.createFile(
      atPath: log,
      contents: Data(
        """
        Nov 28 10:00:05 mx postfix/smtp[9]: 4F1A2B3C4D: to=<b@example.net>, relay=none, delay=30, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[198.51.100.3]:25: Connection refused)
        Nov 28 10:00:06 mx postfix/smtp[9]: 5B2C3D4E5F: to=<c@example.org>, relay=none, delay=0.3, delays=0.1/0/0.2/0, dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again)

        """.utf8))
    let report = run(["analyze", "--quiet-if-clean", log])
    #expect(report.status == 1)
    #expect(report.stdout.contains("Failed deliveries without a reply code"))
    #expect(report.stdout.contains("mx.example.net"))
    // Deferrals are 4xx-class problems: not above --min-class 5xx.
    #expect(run(["analyze", "--quiet-if-clean", "--min-class", "5xx", log]).stdout.isEmpty)
  }

  @Test("--output replaces the file only when the report is complete")
  func atomicOutput() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let out = dir + "/report.json"
    try "old".write(toFile: out, atomically: true, encoding: .utf8)
    let r = run(["analyze", "--format", "json", "-o", out, Self.postfix])
    #expect(r.status == 0 && r.stdout.isEmpty)
    let text = try String(contentsOfFile: out, encoding: .utf8)
    #expect(text.hasPrefix("{\n  \"schema\": \"mailcodes.summary/1\""))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.json"])
  }

  @Test("SIGINT during a run leaves no half-written --output file")
  func interrupted() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = try shell(
      """
      cd "\(dir)" && mkfifo input.fifo && echo previous > report.txt
      "$0" analyze -o report.txt input.fifo & pid=$!
      exec 3>input.fifo; echo 'Nov 28 10:00:00 mx postfix/smtpd[1]: connect from c[192.0.2.1]' >&3
      sleep 0.5; kill -INT $pid; wait $pid; echo "status=$?"; exec 3>&-
      ls -A; cat report.txt
      """)
    #expect(r.stdout == "status=130\ninput.fifo\nreport.txt\nprevious\n")
  }

  @Test("merge: JSON summaries of two days give the report of both, in every format")
  func merge() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let a = dir + "/a.json"
    let b = dir + "/b.json"
    #expect(
      run(["analyze", "--year", "2026", "--format", "json", "-o", a, Paths.lab("postfix-syslog.log.1.gz")]).status == 0)
    #expect(run(["analyze", "--year", "2026", "--format", "json", "-o", b, Self.postfix]).status == 0)
    let merged = run(["merge", "--format", "json", a, b])
    let whole = run([
      "analyze", "--year", "2026", "--format", "json", Paths.lab("postfix-syslog.log.1.gz"), Self.postfix,
    ])
    #expect(merged.status == 0)
    #expect(merged.stdout == whole.stdout)
    for format in ["text", "csv", "html", "openmetrics"] {
      let r = run(["merge", "--format", format, a, b])
      #expect(r.status == 0 && !r.stdout.isEmpty, "\(format)")
    }
    let broken = run(["merge", a, Self.postfix])
    #expect(broken.status == 2 && broken.stderr.contains("not valid JSON"))
  }

  @Test("--format jsonl of analyze is the events stream (filtered)")
  func jsonl() {
    let r = run(["analyze", "--format", "jsonl", "--code", "535", Self.postfix])
    #expect(r.stdout.split(separator: "\n").count == 9)
    #expect(r.stdout.split(separator: "\n").allSatisfy { $0.contains("\"code\":535") })
  }

  @Test("HTML: one self-contained file, escaped, codes linked to their explanation")
  func html() {
    let r = run(["analyze", "--format", "html", Self.postfix, Paths.lab("exim-mainlog")])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("<!DOCTYPE html>"))
    #expect(
      r.stdout.contains("<div class=\"bars\"") && r.stdout.contains("<figure class=\"columns\">"), "charts, as HTML")
    #expect(r.stdout.contains("href=\"#code-535\"") && r.stdout.contains("id=\"code-535\""))
    #expect(!r.stdout.contains("<script") && !r.stdout.contains("src=\"http") && !r.stdout.contains("<link"))
  }
}
