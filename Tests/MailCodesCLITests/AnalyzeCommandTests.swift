import Foundation
import Testing

@testable import MailCodesCLI

@Suite("mailcodes analyze and events")
struct AnalyzeCommandTests {
  static let log = Paths.lab("postfix-syslog.log")

  @Test("--by code,client --format csv: header is the fields, then count")
  func csvContract() {
    let r = run(["analyze", "--year", "2026", "--by", "code,client", "--format", "csv", Self.log])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.first == "code,client,count")
    #expect(lines.contains("535,127.0.1.7,6"))
    #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 3 })
  }

  @Test("--count sessions --by outcome --format csv")
  func sessionCount() {
    let r = run(["analyze", "--count", "sessions", "--by", "outcome", "--format", "csv", Self.log])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("outcome,count\nquit,"))
    #expect(r.stdout.contains("\nidle-timeout,8\n"))
  }

  @Test("--format json is the versioned summary")
  func json() throws {
    let r = run(["analyze", "--format", "json", Self.log])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "mailcodes.summary/1")
    #expect((object["generator"] as? String)?.hasPrefix("mailcodes ") == true)
  }

  @Test("the text report fits 80 columns and puts problems first")
  func text() {
    let r = run(["analyze", Self.log])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
    let problems = lines.firstIndex(of: "PROBLEMS")
    let replies = lines.firstIndex { $0.hasPrefix("REPLIES SENT BY THIS SERVER") }
    #expect(problems != nil && replies != nil && problems! < replies!)
  }

  @Test("--format accepts an input family too, and rejects unknown values with the choices")
  func formatValues() {
    #expect(run(["analyze", "--format", "postfix", "--format", "csv", Self.log]).status == 0)
    let bad = run(["analyze", "--format", "xml", Self.log])
    #expect(bad.status == 2)
    #expect(bad.stderr.hasPrefix("mailcodes: invalid value 'xml' for '--format': expected text, json, csv"))
  }

  @Test("usage errors exit 2 with one line and a hint")
  func usageErrors() {
    let r = run(["analyze", "--bye", "code", Self.log])
    #expect(r.status == 2)
    #expect(r.stderr == "mailcodes: unknown option '--bye'\nDid you mean '--by'? See 'mailcodes help analyze'.\n")
    let field = run(["analyze", "--by", "code,colour", Self.log])
    #expect(field.status == 2 && field.stderr.hasPrefix("mailcodes: unknown field 'colour' for '--by'"))
    let none = run(["analyze"], stdinIsTerminal: true)
    #expect(none.status == 2 && none.stderr.hasPrefix("mailcodes: no input: name a log file, or pipe one in"))
    let command = run(["analyse", Self.log])
    #expect(command.status == 2 && command.stderr.contains("Did you mean 'analyze'?"))
  }

  @Test("--help and --version")
  func help() {
    let h = run(["analyze", "--help"])
    #expect(h.status == 0)
    for option in AnalyzeCommand.spec.options { #expect(h.stdout.contains("--\(option.long)"), "\(option.long)") }
    #expect(h.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    #expect(run(["--version"]).stdout == "mailcodes \(MailCodesCLI.version)\n")
    #expect(run(["help", "events"]).stdout.hasPrefix("OVERVIEW: Print every SMTP event as JSON Lines"))
    #expect(run(["--help"]).stdout.contains("analyze"))
  }

  @Test("a missing input is reported, the others are still read, the exit status is 2")
  func missingInput() {
    let r = run(["analyze", "--by", "code", "--format", "csv", "/nonexistent/mail.log", Self.log])
    #expect(r.status == 2)
    #expect(r.stderr == "mailcodes: /nonexistent/mail.log: No such file or directory\n")
    #expect(r.stdout.contains("\n535,9\n"))
  }

  @Test("--unparsed writes the unrecognized mail lines")
  func unparsed() throws {
    let log = NSTemporaryDirectory() + "mailcodes-unparsed-\(UUID().uuidString).log"
    let out = log + ".unparsed"
    try "Nov 28 06:25:01 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from garbled\nNov 28 06:25:01 mx1 CRON[1]: x\n"
      .write(toFile: log, atomically: true, encoding: .utf8)
    defer {
      try? FileManager.default.removeItem(atPath: log)
      try? FileManager.default.removeItem(atPath: out)
    }
    #expect(run(["analyze", "--unparsed", out, log]).status == 0)
    #expect(
      try String(contentsOfFile: out, encoding: .utf8)
        == "Nov 28 06:25:01 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from garbled\n")
  }

  @Test("--threads 1 gives the report of the default run (sink on its own thread), in every format")
  func threads() {
    let inputs = [Self.log, Paths.lab("exim-mainlog"), Paths.lab("postfix-syslog.log.1.gz")]
    for format in ["text", "json", "csv", "html"] {
      let one = run(["analyze", "--year", "2026", "--threads", "1", "--format", format] + inputs)
      let two = run(["analyze", "--year", "2026", "--threads", "2", "--format", format] + inputs)
      #expect(one.status == 0)
      #expect(one.stdout == two.stdout, "\(format)")
      #expect(one.stdout == run(["analyze", "--year", "2026", "--format", format] + inputs).stdout)
    }
    let bad = run(["analyze", "--threads", "0", Self.log])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("--threads"))
  }

  @Test("events: one JSON object per line with the contract keys")
  func events() throws {
    let r = run(["events", "--year", "2026", Self.log])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count > 1000)
    for line in lines.prefix(50) {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      for key in [
        "file", "line", "time", "format", "session", "direction", "client", "command", "code", "enhanced",
        "inferred", "kind",
      ] {
        #expect(object.keys.contains(key), "\(key)")
      }
    }
  }
}

@Suite("The real binary (subprocess)")
struct BinaryTests {
  @Test("reads standard input when no file is named and stdin is a pipe")
  func standardInput() throws {
    let log = try String(contentsOfFile: Paths.lab("postfix-syslog.log"), encoding: .utf8)
    let r = try shell(#""$0" analyze --year 2026 --by code --format csv"#, stdin: log)
    #expect(r.status == 0)
    #expect(r.stdout.contains("\n535,9\n"))
    let dash = try shell(#""$0" analyze --by code --format csv -"#, stdin: log)
    #expect(dash.stdout == r.stdout)
  }

  @Test("| head -1 ends quietly with status 0")
  func brokenPipe() throws {
    let r = try shell(
      #""$0" events "$1" "$1" "$1" | head -1 >/dev/null; echo "status=${PIPESTATUS[0]}""#
        .replacingOccurrences(of: "$1", with: Paths.lab("postfix-syslog.log")))
    #expect(r.stdout == "status=0\n")
    #expect(r.stderr == "")
  }

  @Test("exit codes: 0 on success, 2 on a missing file (with the report of the rest)")
  func exitCodes() throws {
    let ok = try shell(#""$0" --version"#)
    #expect(ok.status == 0 && ok.stdout.hasPrefix("mailcodes "))
    let missing = try shell(#""$0" analyze /nonexistent.log "# + Paths.lab("postfix-syslog.log"))
    #expect(missing.status == 2)
    #expect(missing.stderr == "mailcodes: /nonexistent.log: No such file or directory\n")
    #expect(missing.stdout.contains("PROBLEMS"))
    let usage = try shell(#""$0" analyze --nope"#)
    #expect(usage.status == 2)
  }

  @Test("gzip rotations are read by content, oldest first")
  func gzip() throws {
    let r = try shell(
      #""$0" analyze --count sessions --by client --format csv "$1" "$2""#
        .replacingOccurrences(of: "$1", with: Paths.lab("postfix-syslog.log"))
        .replacingOccurrences(of: "$2", with: Paths.lab("postfix-syslog.log.1.gz")))
    #expect(r.status == 0)
    #expect(r.stdout.contains("\n127.0.5.1,20\n"))
  }
}
