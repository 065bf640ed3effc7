import Foundation
import MailCodesKit
import Testing

@testable import MailCodesCLI

/// Postfix lines for the bad-input table: one smtpd session of a client, with a rejection.
enum PostfixSample {
  static func connect(_ time: String = "06:25:01", pid: Int = 100, client: String = "client.example[192.0.2.10]")
    -> String
  {
    "Nov 28 \(time) mx1 postfix/smtpd[\(pid)]: connect from \(client)"
  }

  static func reject(
    _ time: String = "06:25:02", pid: Int = 100, client: String = "client.example[192.0.2.10]",
    reply: String = "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown",
    sender: String = "s@example.org", recipient: String = "nobody@example.com",
    helo: String = "client.example"
  ) -> String {
    "Nov 28 \(time) mx1 postfix/smtpd[\(pid)]: NOQUEUE: reject: RCPT from \(client): \(reply); "
      + "from=<\(sender)> to=<\(recipient)> proto=ESMTP helo=<\(helo)>"
  }

  static func disconnect(_ time: String = "06:25:03", pid: Int = 100, client: String = "client.example[192.0.2.10]")
    -> String
  {
    "Nov 28 \(time) mx1 postfix/smtpd[\(pid)]: disconnect from \(client) ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"
  }

  /// A whole session, three lines with their newlines.
  static func session(pid: Int = 100, client: String = "client.example[192.0.2.10]") -> String {
    [connect(pid: pid, client: client), reject(pid: pid, client: client), disconnect(pid: pid, client: client)]
      .joined(separator: "\n") + "\n"
  }
}

/// The bad-input table of issue 9: each case is a test with its exact behaviour — the message on
/// stderr (one line naming the file, and the line where it applies), the exit status (2 when
/// data was skipped), what the report says (the INPUT part of the text report;
/// `inputs[].error|warning|truncated_lines` in JSON), and that the rest of the input was read.
///
/// Summary (also in `Docs/Limits.md`):
///
/// | input | stderr | status | report |
/// |---|---|---|---|
/// | empty file | nothing | 0 | `0 lines` |
/// | no newline at the end | nothing | 0 | the last line is read like the others |
/// | only NUL bytes | `note: F: its only line is not a mail log line (...)` | 0 | 1 line, ignored |
/// | random binary | `note: F: none of its N lines is a mail log line (...)` | 0 | N lines, ignored |
/// | a 10 MB line | `F: line 2: line longer than 65536 bytes, truncated (the rest was skipped)` | 2 | `truncated_lines` 1 |
/// | invalid UTF-8 in any field | nothing | 0 | bytes kept, shown as `\xNN` |
/// | lone-CR line ends | nothing | 0 | read as lines; `line_ends: cr` |
/// | truncated gzip | `F: line N: compressed data is truncated (unexpected end of file)` | 2 | `error`, `complete: false` |
/// | gzip + trailing junk | `warning: F: trailing garbage after the compressed data ignored` | 2 | `warning` |
/// | directory | `F: is a directory` | 2 | `error` |
/// | missing file | `F: No such file or directory` | 2 | `error` |
/// | unreadable file | `F: Permission denied` | 2 | `error` |
/// | FIFO | nothing | 0 | read like a file (no modification time: the year from the clock) |
/// | ends mid-session | nothing | 0 | the session's outcome is `open` |
/// | time going backwards | nothing | 0 | `timestamps went backwards N times`, `time_reversals` |
/// | client IP that is not an IP | nothing | 0 | kept and counted as text |
/// | reply code of 4 or 2 digits | nothing | 0 | not a code: Postfix line unrecognized (`--unparsed`) |
@Suite("Bad input table")
struct BadInputTests {
  static let plain = Paths.fixture("input/plain.log")

  func json(_ r: RawRun) throws -> [String: Any] {
    try #require(StrictJSONCheck.object(r.stdout), "not JSON: \(r.stdoutText.prefix(300))")
  }

  func input(_ object: [String: Any], _ index: Int = 0) throws -> [String: Any] {
    let inputs = try #require(object["inputs"] as? [[String: Any]])
    return try #require(inputs.count > index ? inputs[index] : nil)
  }

  @Test("empty file: 0 lines, nothing on stderr, status 0")
  func emptyFile() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = dir.file("empty.log", "")
    let text = RawRun(["analyze", "--width", "300", path])
    #expect(text.status == 0 && text.stderr.isEmpty)
    #expect(text.stdoutText.contains("INPUT\n  \(path): 0 lines\n    0 recognized, 0 ignored, 0 unrecognized\n"))
    #expect(text.stdoutText.contains("Period: no timestamped lines\n"))
    let r = RawRun(["analyze", "--format", "json", path])
    let i = try input(try json(r))
    #expect(i["lines"] as? Int == 0 && i["bytes"] as? Int == 0)
    #expect(RawRun(["events", path]).stdout.isEmpty)
    #expect(RawRun(["grep", "5xx", path]).status == 1)
  }

  @Test("no newline at the end: the last line is read like the others")
  func noFinalNewline() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = PostfixSample.session()
    let path = dir.file("nonl.log", String(log.dropLast()))
    let r = RawRun(["analyze", "--year", "2026", "--count", "sessions", "--by", "outcome", "--format", "csv", path])
    #expect(r.status == 0 && r.stderr.isEmpty)
    #expect(r.stdoutText == "outcome,count\nquit,1\n")
    let events = RawRun(["events", "--year", "2026", path]).stdoutText.split(separator: "\n")
    #expect(events.count == 3)
    #expect(events.last?.contains("\"line\":3,") == true && events.last?.contains("\"outcome\":\"quit\"") == true)
  }

  @Test("only NUL bytes: one ignored line, a note on stderr, status 0")
  func onlyNULs() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = dir.file("nul.log", [UInt8](repeating: 0, count: 4096))
    let r = RawRun(["analyze", "--format", "json", path])
    #expect(r.status == 0)
    #expect(
      r.stderrText
        == "mailcodes: note: \(path): its only line is not a mail log line (Postfix, Exim, SMTP transcript)\n")
    let i = try input(try json(r))
    #expect(i["lines"] as? Int == 1 && i["ignored"] as? Int == 1 && i["bytes"] as? Int == 4096)
    #expect(RawRun(["analyze", "--quiet-errors", path]).stderr.isEmpty, "--quiet-errors keeps notes off stderr")
  }

  @Test("a NUL hole between lines (as a crash leaves): the lines around it are read")
  func nulHole() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let bytes =
      Array((PostfixSample.connect() + "\n").utf8) + [UInt8](repeating: 0, count: 8192) + [0x0A]
      + Array((PostfixSample.reject() + "\n" + PostfixSample.disconnect() + "\n").utf8)
    let path = dir.file("hole.log", bytes)
    let r = RawRun(["analyze", "--year", "2026", "--format", "json", path])
    #expect(r.status == 0 && r.stderr.isEmpty)
    let object = try json(r)
    let i = try input(object)
    #expect(i["lines"] as? Int == 4 && i["recognized"] as? Int == 3 && i["ignored"] as? Int == 1)
    #expect((object["totals"] as? [String: Any])?["sessions"] as? Int == 1)
  }

  @Test("random binary (seeded): every line counted as ignored, a note, valid JSON, status 0")
  func randomBinary() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    var random = SeededBytes(seed: 9)
    let bytes = random.bytes(1_000_000)
    let lines = bytes.filter { $0 == 0x0A }.count + (bytes.last == 0x0A ? 0 : 1)
    let path = dir.file("random.bin", bytes)
    let r = RawRun(["analyze", "--format", "json", path])
    #expect(r.status == 0)
    #expect(
      r.stderrText == "mailcodes: note: \(path): none of its \(Self.grouped(lines)) lines is a mail log line "
        + "(Postfix, Exim, SMTP transcript)\n")
    let i = try input(try json(r))
    #expect(i["lines"] as? Int == lines && i["bytes"] as? Int == 1_000_000 && i["ignored"] as? Int == lines)
    #expect(RawRun(["grep", "5xx", path]).status == 1)

    // Binary junk in the middle of a log: the log around it is read as if it were not there.
    let alone = RawRun(["analyze", "--year", "2026", "--format", "json", Self.plain])
    let plain = try String(contentsOfFile: Self.plain, encoding: .utf8)
    let mixed = dir.file("mixed.log", Array(plain.utf8) + random.bytes(100_000) + [0x0A] + Array(plain.utf8))
    let both = RawRun(["analyze", "--year", "2026", "--format", "json", mixed])
    #expect(both.status == 0 && both.stderr.isEmpty)
    let one = try input(try json(alone))
    let two = try input(try json(both))
    #expect(two["recognized"] as? Int == 2 * (one["recognized"] as? Int ?? -1))
    #expect(two["events"] as? Int == 2 * (one["events"] as? Int ?? -1))
  }

  @Test("a 10 MB line: truncated and named on stderr with its line number, status 2, the next lines read")
  func tenMegabyteLine() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let bytes =
      Array((PostfixSample.connect() + "\n").utf8) + [UInt8](repeating: 0x41, count: 10_000_000) + [0x0A]
      + Array((PostfixSample.reject() + "\n" + PostfixSample.disconnect() + "\n").utf8)
    let path = dir.file("huge.log", bytes)
    let r = RawRun(["analyze", "--year", "2026", "--format", "json", path])
    #expect(r.status == 2)
    #expect(
      r.stderrText == "mailcodes: \(path): line 2: line longer than 65536 bytes, truncated (the rest was skipped)\n")
    let object = try json(r)
    let i = try input(object)
    #expect(i["lines"] as? Int == 4 && i["truncated_lines"] as? Int == 1 && i["recognized"] as? Int == 3)
    #expect((object["limits"] as? [String: Any])?["truncated_lines"] as? Int == 1)
    #expect((object["totals"] as? [String: Any])?["replies"] as? Int == 2, "the 550 and the inferred 221 of QUIT")
    let text = RawRun(["analyze", "--year", "2026", path])
    #expect(text.stdoutText.contains("\n    1 line longer than the limit was truncated\n"))
    // A larger limit reads it whole.
    #expect(RawRun(["analyze", "--max-line-length", "16M", path]).status == 0)
  }

  @Test("invalid UTF-8 in every field of Postfix lines: kept as \\xNN in JSON, CSV and text, status 0")
  func invalidUTF8Postfix() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let bad = "\u{FFFF}"  // placeholder replaced by the byte 0xFF below
    let client = "na\(bad)me[192.0.2.10]"
    let log =
      [
        "Nov 28 06:25:01 mx\(bad)1 postfix\(bad)/smtpd[100]: connect from \(client)",
        PostfixSample.reject(
          client: client, reply: "550 5.1.1 <no\(bad)body@example.com>: Recipient re\(bad)jected",
          sender: "s\(bad)@exa\(bad)mple.org", recipient: "no\(bad)body@example.com", helo: "he\(bad)lo"
        )
        .replacingOccurrences(of: "mx1 postfix/", with: "mx\(bad)1 postfix\(bad)/"),
        PostfixSample.disconnect(client: client).replacingOccurrences(
          of: "mx1 postfix/", with: "mx\(bad)1 postfix\(bad)/"),
      ].joined(separator: "\n") + "\n"
    let bytes = Self.withByte(0xFF, replacing: bad, in: log)
    let path = dir.file("utf8.log", bytes)

    let events = RawRun(["events", "--year", "2026", path])
    #expect(events.status == 0 && events.stderr.isEmpty)
    let objects = try events.stdout.split(separator: 0x0A).map { try #require(StrictJSONCheck.object(Array($0))) }
    #expect(objects.count == 3)
    let reject = try #require(objects.first { $0["kind"] as? String == "reject" })
    #expect(reject["code"] as? Int == 550)
    #expect(reject["host"] as? String == "mx\\xFF1")
    #expect(reject["service"] as? String == "postfix\\xFF/smtpd")
    #expect(reject["client_name"] as? String == "na\\xFFme")
    #expect(reject["client"] as? String == "192.0.2.10")
    #expect(reject["sender"] as? String == "s\\xFF@exa\\xFFmple.org")
    #expect(reject["recipient"] as? String == "no\\xFFbody@example.com")
    #expect(reject["helo"] as? String == "he\\xFFlo")
    #expect(reject["text"] as? String == "550 5.1.1 <no\\xFFbody@example.com>: Recipient re\\xFFjected")

    let summary = RawRun(["analyze", "--year", "2026", "--format", "json", path])
    let replies = try #require(try json(summary)["replies"] as? [[String: Any]])
    #expect(replies.contains { $0["sample"] as? String == "Recipient re\\xFFjected" })

    let csv = RawRun(["analyze", "--by", "sender_domain,recipient_domain,host", "--format", "csv", path])
    #expect(csv.status == 0)
    #expect(csv.stdoutText.contains("\nexa\\xFFmple.org,example.com,mx\\xFF1,"))

    let text = RawRun(["analyze", "--year", "2026", path])
    #expect(text.stdoutText.contains("\"Recipient re\\xFFjected\""))
    #expect(RawRun.terminalHazards(text.stdout).isEmpty)
    #expect(text.stdout.allSatisfy { $0 != 0xFF }, "no raw invalid byte in the text report")
  }

  @Test("invalid UTF-8 in every field of Exim lines: kept as \\xNN, status 0")
  func invalidUTF8Exim() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let bad = "\u{FFFF}"
    let log = """
      2026-11-28 06:25:01 SMTP connection from na\(bad)me (he\(bad)lo) [192.0.2.7]:41000 (TCP/IP connection count = 1)
      2026-11-28 06:25:02 H=na\(bad)me (he\(bad)lo) [192.0.2.7]:41000 F=<s\(bad)@exa\(bad)mple.org> rejected RCPT <r\(bad)@example.com>: re\(bad)lay not permitted
      2026-11-28 06:25:03 SMTP connection from na\(bad)me (he\(bad)lo) [192.0.2.7]:41000 closed by QUIT

      """
    let path = dir.file("mainlog", Self.withByte(0xFE, replacing: bad, in: log))
    let events = RawRun(["events", path])
    #expect(events.status == 0 && events.stderr.isEmpty)
    let objects = try events.stdout.split(separator: 0x0A).map { try #require(StrictJSONCheck.object(Array($0))) }
    let reject = try #require(objects.first { $0["kind"] as? String == "reject" })
    #expect(reject["client"] as? String == "192.0.2.7")
    #expect(reject["client_name"] as? String == "na\\xFEme")
    #expect(reject["helo"] as? String == "he\\xFElo")
    #expect(reject["sender"] as? String == "s\\xFE@exa\\xFEmple.org")
    #expect(reject["recipient"] as? String == "r\\xFE@example.com")
    #expect((reject["text"] as? String)?.contains("re\\xFElay not permitted") == true)
    let csv = RawRun(["analyze", "--by", "sender_domain,recipient_domain", "--format", "csv", path])
    #expect(
      csv.stdoutText == "sender_domain,recipient_domain,count\n,,1\nexa\\xFEmple.org,example.com,1\n",
      "the 221 of QUIT has no addresses")
  }

  @Test("lone-CR line ends: read as lines, the report says so, status 0")
  func loneCR() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let plain = try String(contentsOfFile: Self.plain, encoding: .utf8)
    let path = dir.file("mac.log", Array(plain.utf8).map { $0 == 0x0A ? 0x0D : $0 })
    let r = RawRun(["analyze", "--year", "2026", "--format", "json", path])
    let lf = RawRun(["analyze", "--year", "2026", "--format", "json", Self.plain])
    #expect(r.status == 0 && r.stderr.isEmpty)
    let i = try input(try json(r))
    let j = try input(try json(lf))
    #expect(i["lines"] as? Int == 300 && i["line_ends"] as? String == "cr")
    #expect(i["recognized"] as? Int == j["recognized"] as? Int && i["events"] as? Int == j["events"] as? Int)
    #expect(
      RawRun(["analyze", "--year", "2026", path]).stdoutText
        .contains("\n    lines end in a lone CR (old Mac style): each CR read as a line end\n"))
  }

  @Test("a truncated gzip: the error names the file and the line reached, status 2, the next input is read")
  func truncatedGzip() throws {
    let gz = Paths.fixture("input/truncated.log.gz")
    let r = RawRun(["analyze", "--year", "2026", "--format", "json", gz, Self.plain])
    #expect(r.status == 2)
    let object = try json(r)
    let first = try input(object, 0)
    let lines = try #require(first["lines"] as? Int)
    #expect(lines > 10 && lines < 300)
    let message = "\(gz): line \(lines): compressed data is truncated (unexpected end of file)"
    #expect(r.stderrText == "mailcodes: \(message)\n")
    #expect(first["error"] as? String == message)
    #expect(object["complete"] as? Bool == false)
    #expect(object["errors"] as? [String] == [message])
    #expect(try input(object, 1)["lines"] as? Int == 300)
    let text = RawRun(["analyze", "--year", "2026", gz]).stdoutText
    #expect(text.contains("INCOMPLETE: 1 input error(s), see ERRORS at the end.\n"))
    #expect(text.contains("\nERRORS (this report is incomplete)\n"))
    #expect(text.contains("\n    ERROR: line \(lines): compressed data is truncated (unexpected end of file)\n"))
  }

  @Test("a gzip with trailing junk: a warning naming the file, every line before it read, status 2")
  func trailingJunk() throws {
    let gz = Paths.fixture("input/trailing-garbage.log.gz")
    let r = RawRun(["analyze", "--year", "2026", "--format", "json", gz])
    #expect(r.status == 2)
    let message = "\(gz): trailing garbage after the compressed data ignored"
    #expect(r.stderrText == "mailcodes: warning: \(message)\n")
    let object = try json(r)
    let i = try input(object)
    #expect(i["lines"] as? Int == 300 && i["warning"] as? String == message && i["error"] is NSNull)
    #expect(object["complete"] as? Bool == true)
    // Under the file's own line, the warning without the file name, wrapped rather than cut.
    #expect(
      RawRun(["analyze", "--year", "2026", gz]).stdoutText
        .contains("\n    warning: trailing garbage after the compressed data ignored\n"))
  }

  @Test("a directory: one line on stderr, status 2, the other inputs read")
  func directory() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let r = RawRun(["analyze", "--format", "json", dir.path, Self.plain])
    #expect(r.status == 2)
    #expect(r.stderrText == "mailcodes: \(dir.path): is a directory\n")
    let object = try json(r)
    #expect(try input(object, 0)["error"] as? String == "\(dir.path): is a directory")
    #expect(try input(object, 1)["lines"] as? Int == 300)
  }

  @Test("a missing file: one line on stderr, status 2, the report of the rest")
  func missingFile() throws {
    let r = RawRun(["analyze", "--format", "json", "/nonexistent/mail.log", Self.plain])
    #expect(r.status == 2)
    #expect(r.stderrText == "mailcodes: /nonexistent/mail.log: No such file or directory\n")
    let object = try json(r)
    #expect(try input(object, 0)["error"] as? String == "/nonexistent/mail.log: No such file or directory")
    #expect(try input(object, 1)["recognized"] as? Int ?? 0 > 0)
    let grep = RawRun(["grep", "-c", "2xx", "/nonexistent/mail.log", Self.plain])
    #expect(grep.status == 2, "grep: an error is status 2 even when something matched")
    #expect(grep.stderrText == "mailcodes: /nonexistent/mail.log: No such file or directory\n")
    #expect(grep.stdoutText.contains("\n\(Self.plain):"), "the other file is still counted: \(grep.stdoutText)")
  }

  /// Root reads files whatever their mode: then the test runs the real binary as `nobody`
  /// (`setpriv`), which is what a user meets. Without root nor setpriv it is skipped.
  static let unreadableFileCanBeTested =
    getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

  @Test(
    "an unreadable file: 'Permission denied' naming it, status 2, the other inputs read",
    .enabled(if: unreadableFileCanBeTested, "running as root without setpriv: root reads files whatever their mode"))
  func unreadableFile() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = dir.file("secret.log", PostfixSample.session())
    let readable = dir.file("open.log", PostfixSample.session(pid: 200))
    chmod(dir.path, 0o755)
    chmod(readable, 0o644)
    chmod(path, 0o000)
    let expected = "mailcodes: \(path): Permission denied\n"
    if getuid() != 0 {
      let r = RawRun([
        "analyze", "--year", "2026", "--count", "sessions", "--by", "outcome", "--format", "csv", path, readable,
      ])
      #expect(r.status == 2 && r.stderrText == expected)
      #expect(r.stdoutText == "outcome,count\nquit,1\n")
      return
    }
    let r = try shell(
      #"/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups "$0" analyze --year 2026 --count sessions --by outcome --format csv "\#(path)" "\#(readable)""#
    )
    #expect(r.status == 2)
    #expect(r.stderr == expected)
    #expect(r.stdout == "outcome,count\nquit,1\n")
  }

  @Test("a FIFO written by a background writer: read like a file (plain and gzip)")
  func fifo() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let fifo = dir.path + "/mail.fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    let expected = RawRun(["analyze", "--year", "2026", "--by", "code,client", "--format", "csv", Self.plain])
    for source in [Self.plain, Paths.fixture("input/plain.log.gz")] {
      let writer = Process()
      writer.executableURL = URL(fileURLWithPath: "/bin/sh")
      writer.arguments = ["-c", "cat \"$0\" > \"$1\"", source, fifo]
      try writer.run()
      let r = RawRun(["analyze", "--year", "2026", "--by", "code,client", "--format", "csv", fifo])
      writer.waitUntilExit()
      #expect(r.status == 0 && r.stderr.isEmpty, "\(source)")
      #expect(r.stdoutText == expected.stdoutText, "\(source)")
    }
    // grep takes a FIFO named first as a file, without consuming its first bytes.
    let writer = Process()
    writer.executableURL = URL(fileURLWithPath: "/bin/sh")
    writer.arguments = ["-c", "cat \"$0\" > \"$1\"", Self.plain, fifo]
    try writer.run()
    let grep = RawRun(["grep", "-c", "--year", "2026", "--direction", "outbound", fifo])
    writer.waitUntilExit()
    #expect(
      grep.stdoutText == RawRun(["grep", "-c", "--year", "2026", "--direction", "outbound", Self.plain]).stdoutText)
  }

  @Test("a log that ends mid-session: the session is reported open, status 0")
  func endsMidSession() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let postfix = dir.file("postfix.log", PostfixSample.connect() + "\n" + PostfixSample.reject() + "\n")
    let exim = dir.file(
      "mainlog",
      "2026-11-28 06:25:01 SMTP connection from (helo) [192.0.2.7]:41000 (TCP/IP connection count = 1)\n"
        + "2026-11-28 06:25:02 H=(helo) [192.0.2.7]:41000 F=<a@b.example> rejected RCPT <x@y.example>: relay not permitted\n"
    )
    let transcript = dir.file(
      "swaks.txt", "=== Trying 192.0.2.9:25...\n=== Connected to 192.0.2.9.\n<-  220 mx.example ESMTP\n -> EHLO me\n")
    for path in [postfix, exim, transcript] {
      let r = RawRun([
        "analyze", "--year", "2026", "--count", "sessions", "--by", "outcome,stage", "--format", "csv", path,
      ])
      #expect(r.status == 0 && r.stderr.isEmpty, "\(path)")
      #expect(r.stdoutText.hasPrefix("outcome,stage,count\nopen,"), "\(path): \(r.stdoutText)")
      #expect(r.stdoutText.split(separator: "\n").count == 2, "one session, open: \(r.stdoutText)")
    }
    let text = RawRun(["analyze", "--year", "2026", postfix]).stdoutText
    #expect(text.contains("SESSIONS BY OUTCOME (1 sessions)"))
    #expect(text.contains("\n  open  "))
    // A session cut by a rotation is one session, read across both files (oldest first).
    let old = dir.file("mail.log.1", PostfixSample.connect() + "\n" + PostfixSample.reject() + "\n")
    let new = dir.file("mail.log", PostfixSample.disconnect() + "\n")
    let rotated = RawRun([
      "analyze", "--year", "2026", "--count", "sessions", "--by", "outcome", "--format", "csv", new, old,
    ])
    #expect(rotated.stdoutText == "outcome,count\nquit,1\n")
  }

  @Test("timestamps that go backwards: counted (more than a minute back), status 0")
  func timeGoesBackwards() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log =
      [
        PostfixSample.connect("06:25:01", pid: 1), PostfixSample.connect("06:20:00", pid: 2),
        PostfixSample.connect("06:26:00", pid: 3), PostfixSample.connect("06:25:30", pid: 4),
        PostfixSample.connect("06:00:00", pid: 5),
      ].joined(separator: "\n") + "\n"
    let path = dir.file("back.log", log)
    let r = RawRun(["analyze", "--year", "2026", "--format", "json", path])
    #expect(r.status == 0 && r.stderr.isEmpty)
    let object = try json(r)
    #expect(try input(object)["time_reversals"] as? Int == 2, "06:20 and 06:00; 30 s back is clock jitter")
    #expect(try input(object)["recognized"] as? Int == 5)
    #expect(
      RawRun(["analyze", "--year", "2026", path]).stdoutText.contains("\n    timestamps went backwards 2 times\n"))
  }

  @Test("a client IP that is not an IP: kept and counted as text, never a crash")
  func clientNotAnIP() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = dir.file(
      "ip.log",
      PostfixSample.session(pid: 1, client: "unknown[999.1.2.3]")
        + PostfixSample.session(pid: 2, client: "host[not-an-ip]")
        + PostfixSample.session(pid: 3, client: "host[not-an-ip]"))
    let r = RawRun(["analyze", "--year", "2026", "--by", "client,code", "--format", "csv", path])
    #expect(r.status == 0 && r.stderr.isEmpty)
    #expect(r.stdoutText == "client,code,count\nnot-an-ip,221,2\nnot-an-ip,550,2\n999.1.2.3,221,1\n999.1.2.3,550,1\n")
    let events = RawRun(["events", "--year", "2026", path]).stdout.split(separator: 0x0A).compactMap {
      StrictJSONCheck.object(Array($0))
    }
    #expect(events.count == 9)
    #expect(Set(events.compactMap { $0["client"] as? String }) == ["999.1.2.3", "not-an-ip"])
    #expect(RawRun(["grep", "-c", "--year", "2026", "--client", "192.0.2.0/24", path]).stdoutText == "0\n")
  }

  @Test("a reply code of 4 or 2 digits is not a code")
  func malformedCodes() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    // Postfix always logs three digits: the lines are damaged, hence unrecognized (--unparsed).
    let log =
      PostfixSample.connect() + "\n"
      + PostfixSample.reject("06:25:02", reply: "5500 5.7.1 <nobody@example.com>: Relay access denied") + "\n"
      + PostfixSample.reject("06:25:02", reply: "55 5.7.1 <nobody@example.com>: Relay access denied") + "\n"
      + PostfixSample.disconnect() + "\n"
    let path = dir.file("codes.log", log)
    let unparsed = dir.path + "/unparsed.txt"
    let r = RawRun(["analyze", "--year", "2026", "--format", "json", "--unparsed", unparsed, path])
    #expect(r.status == 0 && r.stderr.isEmpty)
    let object = try json(r)
    #expect(try input(object)["unrecognized"] as? Int == 2)
    let replies = try #require(object["replies"] as? [[String: Any]])
    #expect(!replies.contains { [5500, 55, 550].contains($0["code"] as? Int ?? 0) })
    #expect(try String(contentsOfFile: unparsed, encoding: .utf8).split(separator: "\n").count == 2)
    // Exim delivery errors: the bounce is kept, without a code.
    let exim = dir.file(
      "mainlog",
      """
      2026-11-28 06:25:03 1abcde-000001-AB ** x@remote.example R=dnslookup T=remote_smtp H=mx.remote.example [198.51.100.1]: SMTP error from remote mail server after RCPT TO:<x@remote.example>: 5500 5.1.1 unknown user
      2026-11-28 06:25:03 1abcde-000002-AB ** x@remote.example R=dnslookup T=remote_smtp H=mx.remote.example [198.51.100.1]: SMTP error from remote mail server after RCPT TO:<x@remote.example>: 55 5.1.1 unknown user

      """)
    let events = RawRun(["events", exim]).stdout.split(separator: 0x0A).compactMap { StrictJSONCheck.object(Array($0)) }
    #expect(events.count == 2)
    #expect(events.allSatisfy { $0["code"] is NSNull && $0["kind"] as? String == "bounced" })
    // Transcripts: a line with four digits, or two, is not a reply.
    let transcript = dir.file(
      "dialogue.txt",
      "S: 220 mx ESMTP\nC: EHLO x\nS: 250 mx\nC: MAIL FROM:<a@b>\nS: 5500 no\nS: 55 no\nS: 250 ok\nC: QUIT\nS: 221 bye\n"
    )
    let codes = RawRun(["events", transcript]).stdout.split(separator: 0x0A).compactMap {
      StrictJSONCheck.object(Array($0))
    }
    .compactMap { $0["code"] as? Int }
    #expect(codes == [220, 250, 250, 221])
  }

  /// `1234567` as `1,234,567` (the report's number format).
  static func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, d) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(d)
    }
    return out
  }

  /// `text` as bytes, with each `placeholder` replaced by `byte` (a byte no Swift string holds).
  static func withByte(_ byte: UInt8, replacing placeholder: String, in text: String) -> [UInt8] {
    let marker = Array(placeholder.utf8)
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
      if bytes[i...].starts(with: marker) {
        out.append(byte)
        i += marker.count
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return out
  }
}

/// A few rows of the table through the real binary (a subprocess), for what only a process
/// shows: its exit status, its real stderr, a FIFO fed by another process.
@Suite("Bad input table (subprocess)")
struct BadInputBinaryTests {
  @Test("a 10 MB line, a missing file and a directory, through the real binary")
  func realBinary() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let bytes =
      Array((PostfixSample.connect() + "\n").utf8) + [UInt8](repeating: 0x41, count: 10_000_000) + [0x0A]
      + Array((PostfixSample.disconnect() + "\n").utf8)
    let huge = dir.file("huge.log", bytes)
    let r = try shell(
      #""$0" analyze --year 2026 --count sessions --by outcome --format csv "\#(huge)" /nonexistent.log "\#(dir.path)""#
    )
    #expect(r.status == 2)
    #expect(r.stdout == "outcome,count\nquit,1\n")
    #expect(
      r.stderr == """
        mailcodes: /nonexistent.log: No such file or directory
        mailcodes: \(dir.path): is a directory
        mailcodes: \(huge): line 2: line longer than 65536 bytes, truncated (the rest was skipped)

        """)
  }

  @Test("a FIFO fed by a background writer, through the real binary")
  func fifo() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let r = try shell(
      #"mkfifo "\#(dir.path)/f" && (cat "\#(BadInputTests.plain)" > "\#(dir.path)/f" &) && "$0" analyze --year 2026 --by code --format csv "\#(dir.path)/f""#
    )
    let expected = try shell(#""$0" analyze --year 2026 --by code --format csv "\#(BadInputTests.plain)""#)
    #expect(r.status == 0 && r.stderr.isEmpty)
    #expect(r.stdout == expected.stdout)
  }
}
