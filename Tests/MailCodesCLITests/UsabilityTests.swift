import Foundation
import MailCodesKit
import Testing

@testable import MailCodesCLI

/// The smaller items of issue 16: report layout with large numbers and long paths, lists that
/// say when they are cut, grep's order and its codes, help and its width, and the hints a
/// first-time user gets.
@Suite("Usability")
struct UsabilityTests {
  static let postfixLog = Paths.lab("postfix-syslog.log")

  /// A summary of the lab's Postfix log, with every count of `key` set to `value`.
  static func summary(scaling key: String, to value: Int) throws -> String {
    let json = run(["analyze", "--year", "2026", "--format", "json", postfixLog]).stdout
    var object = try #require(StrictJSONCheck.object(json))
    var rows = try #require(object[key] as? [[String: Any]])
    for i in rows.indices { rows[i]["count"] = value }
    object[key] = rows
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  @Test("Seven-digit (and larger) numbers never run into the next column")
  func largeNumbers() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    // Two numbers run together show as a comma followed by four digits: `1,234,5671,234,567`.
    let runTogether = try Regex(",[0-9]{4}")
    for value in [1_234_567, 123_456_789] {
      for table in ["sessions", "hourly", "replies", "deliveries"] {
        let path = dir.file("\(table).json", try Self.summary(scaling: table, to: value))
        let report = run(["merge", path])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains(value == 1_234_567 ? "1,234,567" : "123,456,789"))
        for line in report.stdout.split(separator: "\n") where line.contains(runTogether) {
          Issue.record("\(table) \(value): \(line)")
        }
      }
    }
    // The session table's two columns of one row, separated.
    let sessions = dir.file("one.json", try Self.summary(scaling: "sessions", to: 1_234_567))
    let quit = run(["merge", sessions]).stdout.split(separator: "\n").first { $0.hasPrefix("  idle-timeout") }
    #expect(quit?.hasPrefix("  idle-timeout      4,938,268 4,938,268  CONNECT 1,234,567") == true, "\(quit ?? "")")
  }

  @Test("A long input path loses its beginning, never the line count")
  func longPath() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let deep = dir.path + "/" + String(repeating: "a-very-long-directory-name/", count: 4)
    try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
    let path = deep + "mail.log"
    _ = FileManager.default.createFile(atPath: path, contents: Data(PostfixSample.session().utf8))
    let lines = run(["analyze", "--year", "2026", path]).stdout.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("mailcodes report: ..."))
    #expect(lines[0].hasSuffix("/mail.log, 3 lines"), "\(lines[0])")
    #expect(lines[0].count <= 80)
    let input = try #require(lines.first { $0.hasSuffix("mail.log: 3 lines") }, "\(lines)")
    #expect(input.hasPrefix("  ..."))
    #expect(input.count <= 80)
  }

  @Test("A list of peers cut at --top ends in '...'; a whole one does not")
  func listsSayWhenCut() {
    for top in [2, 10] {
      let report = run(["analyze", "--year", "2026", "--top", "\(top)", Self.postfixLog]).stdout
      var checked = 0
      // `        11 clients: a (5), b (5), ...` and its continuation lines, up to the next row.
      let lines = report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      for (i, line) in lines.enumerated() {
        guard line.hasPrefix("        "), line.dropFirst(8).first?.isNumber == true,
          let colon = line.range(of: " clients: ") ?? line.range(of: " client: "),
          let total = Int(
            line[line.index(line.startIndex, offsetBy: 8)..<colon.lowerBound].replacingOccurrences(of: ",", with: ""))
        else { continue }
        var text = String(line[colon.upperBound...])
        var k = i + 1
        while k < lines.count, lines[k].hasPrefix("          "), !lines[k].hasPrefix("           ") {
          text += " " + lines[k].trimmingCharacters(in: .whitespaces)
          k += 1
        }
        let items = text.components(separatedBy: ", ")
        if total > top {
          #expect(items.count == top + 1 && items.last == "...", "\(total) clients, --top \(top): \(text)")
        } else {
          #expect(items.count == total && !text.contains("..."), "\(total) clients: \(text)")
        }
        checked += 1
      }
      #expect(checked > 5)
    }
    let cut = run(["analyze", "--year", "2026", "--top", "1", Self.postfixLog]).stdout
    #expect(cut.contains("        clients: 127.0.3.8 (5), ..."), "outcome rows say it too")
  }

  @Test(
    "grep with an outcome filter prints lines in file order, and -c counts what it prints",
    arguments: ["idle-timeout", "rejected", "quit", "lost-connection"])
  func grepOrder(outcome: String) {
    let printed = run(["grep", "--year", "2026", "-n", "--outcome", outcome, Self.postfixLog]).stdout
    let numbers = printed.split(separator: "\n").compactMap { Int($0.prefix { $0 != ":" }) }
    #expect(numbers.count > 5)
    #expect(numbers == numbers.sorted(), "\(outcome): \(numbers.prefix(20))")
    #expect(Set(numbers).count == numbers.count)
    let counted = run(["grep", "--year", "2026", "-c", "--outcome", outcome, Self.postfixLog]).stdout
    #expect(counted == "\(numbers.count)\n")
    // The same lines as the session mode holds, in the order of the file.
    let withCode = run(["grep", "--year", "2026", "-n", "--outcome", outcome, "5xx", Self.postfixLog]).stdout
    let codeNumbers = withCode.split(separator: "\n").compactMap { Int($0.prefix { $0 != ":" }) }
    #expect(codeNumbers == codeNumbers.sorted())
    #expect(Set(codeNumbers).isSubset(of: Set(numbers)))
  }

  @Test(
    "grep and explain accept the same codes, and refuse the others in the same words",
    arguments: ["5.9.9", "560", "599", "5.10.1", "5.9.x", "56x", "6xx", "3.1.1"])
  func grepAgreesWithExplain(code: String) {
    let explain = run(["explain", code])
    let grep = run(["grep", code, Self.postfixLog])
    #expect(explain.status == 2)
    #expect(grep.status == 2)
    let reason = explain.stderr.split(separator: "\n").first.map(String.init) ?? ""
    #expect(!reason.isEmpty)
    #expect(grep.stderr.hasPrefix(reason), "grep: \(grep.stderr) explain: \(explain.stderr)")
    let option = run(["grep", "--code", code, Self.postfixLog])
    #expect(option.status == 2)
    #expect(option.stderr.contains(String(reason.dropFirst("mailcodes: ".count))), "\(option.stderr)")
  }

  @Test("Codes both accept", arguments: ["550", "5xx", "55x", "5.7.1", "5.7.*", "4.*.*", "x.7.1", "259", "5.5.999"])
  func acceptedByBoth(code: String) {
    #expect(run(["explain", code]).status == 0)
    #expect(run(["grep", "-c", code, Self.postfixLog]).status != 2)
  }

  @Test("help: `help --help` works; every line of every help fits 80 columns")
  func help() {
    for arguments in [["help", "--help"], ["help", "-h"], ["help", "help"]] {
      let r = run(arguments)
      #expect(r.status == 0, "\(arguments): \(r.stderr)")
      #expect(r.stdout.hasPrefix("OVERVIEW: mailcodes"))
    }
    var helps = [run(["--help"]).stdout, run(["help"]).stdout]
    for command in ["analyze", "grep", "events", "explain", "merge"] {
      helps.append(run(["help", command]).stdout)
      helps.append(run([command, "--help"]).stdout)
    }
    for text in helps {
      #expect(!text.isEmpty)
      for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line.count): \(line)") }
    }
  }

  @Test("A code where a command was expected: a hint to explain it or grep for it")
  func codeAsCommand() throws {
    for code in ["530", "5.7.1", "5xx"] {
      let r = run([code])
      #expect(r.status == 2)
      #expect(r.stderr.contains("'\(code)' is a reply code, not a command or a file"), "\(r.stderr)")
      #expect(r.stderr.contains("mailcodes explain \(code)"))
      #expect(r.stderr.contains("mailcodes grep \(code) FILE"))
    }
    // A file of that name is still a file to analyze.
    let dir = ScratchDirectory()
    defer { dir.remove() }
    dir.file("530", PostfixSample.session())
    let r = try shell("cd '\(dir.path)' && \"$0\" 530 --year 2026")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("mailcodes report: 530, 3 lines"))
  }

  @Test(
    "A mistyped choice gets a 'did you mean'",
    arguments: [
      (["analyze", "--format", "jsno"], "--format json"), (["analyze", "--format", "HTLM"], "--format html"),
      (["grep", "--input-format", "postifx", "5xx"], "--input-format postfix"),
      (["analyze", "--lang", "ch"], "--lang zh"),
      (["analyze", "--min-class", "5xxx"], "--min-class 5xx"), (["grep", "--color=allways", "5xx"], "--color always"),
    ])
  func didYouMean(arguments: [String], suggestion: String) {
    let r = run(arguments + [Self.postfixLog])
    #expect(r.status == 2)
    #expect(r.stderr.contains("Did you mean '\(suggestion)'?"), "\(r.stderr)")
  }

  @Test(
    "explain: a pasted bounce whose code is not at its start",
    arguments: [
      ("Remote said: 550 5.7.26 unauthenticated", "550 5.7.26"),
      (
        "host mx.example[192.0.2.1] said: 550 5.1.1 <x@example.com>: Recipient address rejected (in reply to RCPT TO command)",
        "550 5.1.1"
      ),
      ("Diagnostic-Code: smtp; 452 4.2.2 The email account that you tried to reach is over quota", "452 4.2.2"),
      ("Status: 5.1.1", "5.1.1"),
    ])
  func explainPastedBounce(text: String, codes: String) {
    let r = run(["explain", text])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix(codes + " "), "\(r.stdout.prefix(80))")
    // Unquoted too: the words are joined into one reply.
    let words = run(["explain"] + text.split(separator: " ").map(String.init))
    #expect(words.status == 0, "\(words.stderr)")
    #expect(words.stdout.hasPrefix(codes + " "))
  }

  @Test("explain still refuses text without any code")
  func explainNoCode() {
    let r = run(["explain", "Remote said: mailbox full"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("is not a reply code"))
  }

  @Test("--lang zh: the HTML report in Chinese; the other formats refuse it instead of ignoring it")
  func languageChoice() throws {
    let html = run(["analyze", "--year", "2026", "--lang", "zh", "--format", "html", Self.postfixLog])
    #expect(html.status == 0)
    #expect(html.stdout.contains("<html lang=\"zh\">"))
    #expect(html.stdout.contains("<h2>问题</h2>"))
    for format in ["text", "json", "csv", "openmetrics", "jsonl"] {
      let r = run(["analyze", "--year", "2026", "--lang", "zh", "--format", format, Self.postfixLog])
      #expect(r.status == 2, "\(format)")
      #expect(r.stdout.isEmpty)
      #expect(r.stderr.contains("--lang zh is for the HTML report; the \(format) report is in English"), "\(r.stderr)")
    }
    // English is what they print: --lang en is fine; a Chinese locale changes only the HTML.
    #expect(run(["analyze", "--year", "2026", "--lang", "en", Self.postfixLog]).status == 0)
    let locale = run(["analyze", "--year", "2026", Self.postfixLog], environment: ["LANG": "zh_CN.UTF-8"])
    #expect(locale.status == 0 && locale.stdout.contains("PROBLEMS"))
    let localeHTML = run(
      ["analyze", "--year", "2026", "--format", "html", Self.postfixLog], environment: ["LANG": "zh_CN.UTF-8"])
    #expect(localeHTML.stdout.contains("<html lang=\"zh\">"))
    // merge too.
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let summary = dir.file("s.json", run(["analyze", "--year", "2026", "--format", "json", Self.postfixLog]).stdout)
    #expect(run(["merge", "--lang", "zh", summary]).status == 2)
    #expect(run(["merge", "--lang", "zh", "--format", "html", summary]).stdout.contains("<html lang=\"zh\">"))
  }
}
