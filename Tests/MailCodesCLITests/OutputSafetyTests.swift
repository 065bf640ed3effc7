import Foundation
import MailCodesKit
import Testing

@testable import MailCodesCLI

/// Log text is written by strangers: an escape sequence in a HELO name, a client name, a sender
/// or a reply text must never reach a terminal raw; CSV cells must not start formulas; JSON
/// must be valid for any bytes.
@Suite("Output safety")
struct OutputSafetyTests {
  /// Escape sequences that do something to a terminal: clear the screen, an OSC 8 hyperlink,
  /// set the window title, an 8-bit CSI (U+009B), a bidi override.
  static let attacks = [
    "\u{1B}[2J", "\u{1B}]8;;https://evil.example/\u{1B}\\click\u{1B}]8;;\u{1B}\\", "\u{1B}]0;title\u{07}",
    "\u{9B}31m", "\u{202E}gnp.exe",
  ]

  /// A Postfix session whose HELO, client name, sender, recipient and reply text carry `attack`.
  static func hostileLog(_ attack: String) -> String {
    let client = "bad\(attack)name[192.0.2.66]"
    return [
      PostfixSample.connect(pid: 66, client: client),
      PostfixSample.reject(
        pid: 66, client: client, reply: "554 5.7.1 <x@example.com>: Relay denied \(attack) here",
        sender: "s\(attack)@evil\(attack).example", recipient: "x@example.com", helo: "helo\(attack)"),
      PostfixSample.disconnect(pid: 66, client: client),
      "Nov 28 06:25:04 mx1 postfix/smtpd[67]: connect from unknown[\(attack)]",
    ].joined(separator: "\n") + "\n"
  }

  static func hazards(_ bytes: [UInt8]) -> [String] { RawRun.terminalHazards(bytes) }

  @Test("analyze: the text report and --by text tables print escape sequences as text", arguments: attacks.indices)
  func analyzeText(attack: Int) {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = dir.file("hostile.log", Self.hostileLog(Self.attacks[attack]))
    let report = RawRun(["analyze", "--year", "2026", path], stdoutIsTerminal: true)
    #expect(report.status == 0)
    #expect(Self.hazards(report.stdout).isEmpty, "\(Self.hazards(report.stdout))")
    #expect(report.stdoutText.contains("Relay denied \\x1B") || report.stdoutText.contains("Relay denied \\u{"))
    for by in ["client,code", "sender_domain,recipient_domain", "host,service,command"] {
      let table = RawRun(["analyze", "--year", "2026", "--by", by, path], stdoutIsTerminal: true)
      #expect(Self.hazards(table.stdout).isEmpty, "--by \(by): \(Self.hazards(table.stdout))")
    }
  }

  @Test("grep on a terminal: lines, sessions and colours without raw escape sequences", arguments: attacks.indices)
  func grepTerminal(attack: Int) {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = dir.file("hostile.log", Self.hostileLog(Self.attacks[attack]))
    // (A client name with `[` in it, as the CSI sequence has, no longer parses as name[address]:
    // --client may find nothing, which is fine; what is printed must be safe.)
    for flags in [
      ["5xx"], ["-s", "5xx"], ["-n", "-H", "--client", "192.0.2.66"], ["--color=always", "5xx"], ["-v", "5xx"],
    ] {
      let r = RawRun(["grep", "--year", "2026"] + flags + [path], stdoutIsTerminal: true)
      #expect(r.status == 0 || (r.status == 1 && flags.contains("--client")), "\(flags)")
      let text = Self.withoutGrepColours(r.stdout)
      #expect(Self.hazards(text).isEmpty, "\(flags): \(Self.hazards(text))")
      if flags.last == "5xx" { #expect(!r.stdout.isEmpty, "\(flags)") }
    }
    // A pipe is escaped too (`grep | head` reaches a terminal all the same); `--raw` gives the
    // bytes as they are in the log.
    let piped = RawRun(["grep", "--year", "2026", "5xx", path], stdoutIsTerminal: false)
    #expect(!piped.stdout.isEmpty)
    #expect(Self.hazards(piped.stdout).isEmpty, "\(Self.hazards(piped.stdout))")
    let raw = RawRun(["grep", "--year", "2026", "--raw", "5xx", path], stdoutIsTerminal: false)
    #expect(raw.stdoutText.contains(Self.attacks[attack]))
  }

  /// HELO arguments that attack the terminal of whoever reads the log: clear the screen, write
  /// the clipboard (OSC 52), set the window title; each closes its bracket with `>` too.
  static let heloAttacks = ["\u{1B}[2J\u{1B}[H", "\u{1B}]52;c;cm0gLXJmIH4K\u{07}", "\u{1B}]2;pwned\u{1B}\\"]

  @Test("grep | cat: a HELO holding escape sequences arrives escaped, whole; --raw passes it", arguments: heloAttacks)
  func heloThroughPipe(attack: String) throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let helo = "evil>\(attack)>x"
    let path = dir.file(
      "helo.log",
      [
        PostfixSample.connect(pid: 70), PostfixSample.reject(pid: 70, helo: helo), PostfixSample.disconnect(pid: 70),
      ].joined(separator: "\n") + "\n")
    for flags in [["5xx"], ["-s", "5xx"], ["-n", "-H", "5xx"], ["-v", "259"]] {
      let r = try shell("\"$0\" grep --year 2026 \(flags.joined(separator: " ")) \"\(path)\" | cat")
      #expect(r.status == 0, "\(flags): \(r.stderr)")
      let bytes = Array(r.stdout.utf8)
      #expect(!bytes.isEmpty)
      #expect(Self.hazards(bytes).isEmpty, "\(flags): \(Self.hazards(bytes))")
      #expect(r.stdout.contains("helo=<evil>\\x1B"), "\(flags): \(r.stdout)")
    }
    let raw = try shell("\"$0\" grep --year 2026 --raw 5xx \"\(path)\" | cat")
    #expect(raw.stdout.contains("helo=<\(helo)>"))
    // events keeps the whole HELO, `>` and all (escaped as JSON escapes control characters).
    let events = RawRun(["events", "--year", "2026", path]).stdoutText
    let object = StrictJSONCheck.object(
      events.split(separator: "\n").first { $0.contains("\"reject\"") }.map(String.init) ?? "")
    #expect(object?["helo"] as? String == helo)
  }

  @Test("events: bracketed fields holding `>` are kept whole (HELO, sender, recipient; smtpd, postscreen, cleanup)")
  func bracketedFields() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let lines = [
      PostfixSample.reject(pid: 71, sender: "\"a>b\"@example.org", helo: "x> to=<y"),
      PostfixSample.reject(pid: 72, recipient: "\"c>d\"@example.com", helo: "<>>"),
      "Nov 28 06:25:05 mx1 postfix/postscreen[73]: NOQUEUE: reject: RCPT from [192.0.2.73]:4711: 550 5.7.1 Service "
        + "unavailable; client [192.0.2.73] blocked using zen.example; from=<s@example.org>, to=<r@example.com>, "
        + "proto=ESMTP, helo=<pre>greet>",
      "Nov 28 06:25:06 mx1 postfix/cleanup[74]: 4AB12C3D4E: reject: header Subject: hi from client.example[192.0.2.74]; "
        + "from=<s@example.org> to=<r@example.com> proto=ESMTP helo=<a>b>: 5.7.1 message content rejected",
    ]
    let path = dir.file("fields.log", lines.joined(separator: "\n") + "\n")
    let objects = RawRun(["events", "--year", "2026", path]).stdoutText.split(separator: "\n")
      .compactMap { StrictJSONCheck.object(String($0)) }
    let rejects = objects.filter { ($0["code"] as? Int).map { $0 >= 500 } ?? false }
    #expect(rejects.count == 4, "\(objects)")
    #expect(rejects.map { $0["helo"] as? String } == ["x> to=<y", "<>>", "pre>greet", "a>b"])
    #expect(rejects[0]["sender"] as? String == "\"a>b\"@example.org")
    #expect(rejects[1]["recipient"] as? String == "\"c>d\"@example.com")
    #expect(rejects[3]["text"] as? String == "5.7.1 message content rejected")
  }

  @Test("explain: an argument with escape sequences is named safely in the error")
  func explainErrors() {
    for attack in Self.attacks {
      let r = RawRun(["explain", "550\(attack)"], stdoutIsTerminal: true)
      #expect(r.status == 2)
      #expect(Self.hazards(r.stderr).isEmpty, "\(Self.hazards(r.stderr))")
      #expect(Self.hazards(r.stdout).isEmpty)
    }
  }

  @Test("explain: a pasted reply with escape sequences is shown escaped, in text and Markdown")
  func explainPastedReply() {
    for attack in Self.attacks {
      for text in ["550 5.7.1 evil\(attack)text", "Remote said: 550 5.7.1 evil\(attack)text"] {
        for format in ["text", "markdown"] {
          let r = RawRun(["explain", "--format", format, text], stdoutIsTerminal: true)
          #expect(r.status == 0, "\(r.stderrText)")
          #expect(r.stdoutText.contains("evil"))
          #expect(Self.hazards(r.stdout).isEmpty, "\(format): \(Self.hazards(r.stdout))")
        }
      }
    }
  }

  @Test("stderr: file names with escape sequences, in errors, truncation messages and notes")
  func stderrMessages() {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    for attack in Self.attacks {
      let missing = dir.path + "/missing\(attack).log"
      let long = dir.file("long\(attack.filter { $0 != "/" }).log", String(repeating: "x", count: 70_000) + "\n")
      let r = RawRun(["analyze", missing, long], stdoutIsTerminal: true)
      #expect(r.status == 2)
      #expect(r.stderrText.split(separator: "\n").count == 3, "missing, truncated, note: \(r.stderrText)")
      #expect(Self.hazards(r.stderr).isEmpty, "\(Self.hazards(r.stderr))")
      #expect(Self.hazards(r.stdout).isEmpty, "the report names the files too")
    }
  }

  @Test("HTML escaping: markup and control characters from the log never pass")
  func html() {
    #expect(Sanitizer.html("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
    #expect(Sanitizer.html("a\"b & c") == "a&quot;b &amp; c")
    #expect(Sanitizer.html("\u{1B}]0;title\u{07}") == "\\x1B]0;title\\x07")
    #expect(Sanitizer.html("\u{202E}x") == "\\u{202E}x")
  }

  @Test("CSV: hostile domains are quoted and cannot start a formula")
  func csvFormulas() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    // Domains are lowercased; a domain cannot start with `@` (it follows the last one), a client
    // that is not an address can.
    let domains = ["=cmd|'/c calc'!a0", "+1+1", "-2+3", "a,b", "say \"hi\"", "-5", " lead"]
    var log = ""
    for (k, domain) in domains.enumerated() {
      log += PostfixSample.reject("06:25:0\(k)", pid: 10 + k, sender: "s@\(domain)", recipient: "r@\(domain)") + "\n"
    }
    let path = dir.file("csv.log", log)
    let r = RawRun(["analyze", "--year", "2026", "--by", "sender_domain,recipient_domain", "--format", "csv", path])
    #expect(r.status == 0)
    let rows = try CSVReader.rows(r.stdoutText)
    #expect(rows.first == ["sender_domain", "recipient_domain", "count"])
    let cells = Set(rows.dropFirst().map(\.[0]))
    #expect(cells == ["'=cmd|'/c calc'!a0", "'+1+1", "'-2+3", "a,b", "say \"hi\"", "-5", " lead"])
    for row in rows.dropFirst() {
      #expect(row.count == 3 && row[0] == row[1] && row[2] == "1", "\(row)")
    }
    let clients = dir.file(
      "clients.log",
      PostfixSample.reject(client: "unknown[@SUM(1+1)]") + "\n"
        + PostfixSample.reject(client: "unknown[=HYPERLINK(\"http://evil.example\",\"x\")]") + "\n")
    let byClient = try CSVReader.rows(
      RawRun(["analyze", "--year", "2026", "--by", "client", "--format", "csv", clients]).stdoutText)
    #expect(Set(byClient.dropFirst().map(\.[0])) == ["'@SUM(1+1)", "'=HYPERLINK(\"http://evil.example\",\"x\")"])
  }

  @Test("JSON stays valid for any bytes: events and --format json over seeded random fields")
  func jsonForAnyBytes() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    var random = SeededBytes(seed: 2026)
    var bytes: [UInt8] = []
    for k in 0..<300 {
      // Random bytes (no newline) in the fields that reach JSON: name, sender, helo, reply text.
      func field(_ n: Int) -> [UInt8] { random.bytes(n).map { $0 == 0x0A ? 0x20 : $0 } }
      let pid = "\(1000 + k)"
      bytes +=
        Array("Nov 28 06:25:01 mx1 postfix/smtpd[\(pid)]: NOQUEUE: reject: RCPT from ".utf8) + field(12)
        + Array("[192.0.2.\(k % 250)]: 550 5.1.1 ".utf8) + field(40) + Array("; from=<".utf8) + field(10)
        + Array("> to=<r@example.com> proto=ESMTP helo=<".utf8) + field(10) + Array(">\n".utf8)
      bytes += field(80) + [0x0A]
    }
    let path = dir.file("random-fields.log", bytes)
    let events = RawRun(["events", "--year", "2026", path])
    #expect(events.status == 0)
    let lines = events.stdout.split(separator: 0x0A)
    #expect(lines.count > 200, "most reject lines parse despite their random fields")
    for line in lines {
      #expect(StrictJSONCheck.object(Array(line)) != nil, "\(String(decoding: line, as: UTF8.self))")
    }
    for arguments in [
      ["analyze", "--format", "json"], ["analyze", "--by", "client,sender_domain,host", "--format", "json"],
    ] {
      let r = RawRun(arguments + ["--year", "2026", path])
      #expect(StrictJSONCheck.object(r.stdout) != nil, "\(arguments)")
    }
    // Invalid UTF-8 is kept visible, not dropped: a 0xFF byte becomes the text \xFF.
    let marked = dir.file(
      "ff.log",
      BadInputTests.withByte(
        0xFF, replacing: "\u{FFFF}", in: PostfixSample.reject(sender: "a\u{FFFF}b@example.org") + "\n"))
    let sender = StrictJSONCheck.object(RawRun(["events", "--year", "2026", marked]).stdoutText)?["sender"] as? String
    #expect(sender == "a\\xFFb@example.org")
  }

  /// `bytes` without grep's own colour sequences (`ESC [ digits;... m`).
  static func withoutGrepColours(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x1B, i + 1 < bytes.count, bytes[i + 1] == 0x5B {
        var j = i + 2
        while j < bytes.count, (0x30...0x39).contains(bytes[j]) || bytes[j] == 0x3B { j += 1 }
        if j < bytes.count, bytes[j] == 0x6D {
          i = j + 1
          continue
        }
      }
      out.append(bytes[i])
      i += 1
    }
    return out
  }
}

/// A strict RFC 4180 reader for tests: quoted cells with doubled quotes, rows ending in `\n`.
enum CSVReader {
  struct Malformed: Error {}

  static func rows(_ text: String) throws -> [[String]] {
    let bytes = Array(text.utf8)
    var rows: [[String]] = []
    var row: [String] = []
    var cell: [UInt8] = []
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x22, cell.isEmpty {
        i += 1
        while true {
          guard i < bytes.count else { throw Malformed() }
          if bytes[i] == 0x22 {
            if i + 1 < bytes.count, bytes[i + 1] == 0x22 {
              cell.append(0x22)
              i += 2
              continue
            }
            i += 1
            break
          }
          cell.append(bytes[i])
          i += 1
        }
        guard i < bytes.count, bytes[i] == 0x2C || bytes[i] == 0x0A else { throw Malformed() }
      }
      if bytes[i] == 0x2C || bytes[i] == 0x0A {
        row.append(String(decoding: cell, as: UTF8.self))
        cell = []
        if bytes[i] == 0x0A {
          rows.append(row)
          row = []
        }
      } else {
        guard bytes[i] != 0x22 else { throw Malformed() }
        cell.append(bytes[i])
      }
      i += 1
    }
    guard cell.isEmpty, row.isEmpty else { throw Malformed() }
    return rows
  }
}
