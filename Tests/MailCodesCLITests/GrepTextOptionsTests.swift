import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesCLI
@testable import MailCodesSupport

/// grep's `-i` and `-w` for `-e` patterns, `--hint` for refusals whose code the log omits, and
/// the note of `grep CODE` when the code is never printed but hinted at, on the lab's Postfix log.
@Suite("grep: -i, -w, --hint")
struct GrepTextOptionsTests {
  static let postfix = Paths.lab("postfix-syslog.log")

  static func count(_ args: [String]) -> Int? {
    Int(
      run(["grep", "--year", "2026", "-c"] + args + [postfix]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  @Test("-i matches either case, wherever it stands; -w matches whole words only")
  func caseAndWords() throws {
    let exact = try #require(Self.count(["-e", "Relay access"]))
    #expect(exact > 0)
    #expect(Self.count(["-e", "relay access"]) == 0)
    #expect(Self.count(["-i", "-e", "relay access"]) == exact)
    #expect(Self.count(["-e", "relay access", "--ignore-case"]) == exact, "-i after -e applies to it too")
    #expect(Self.count(["-w", "-e", "Relay acces"]) == 0)
    #expect(Self.count(["-w", "-e", "Relay access"]) == exact)
    #expect(Self.count(["-w", "-i", "-e", "RELAY ACCESS"]) == exact)
  }

  @Test("TextPattern -w: the characters around the match decide")
  func wholeWordPattern() throws {
    let p = try TextPattern("5\\.7\\.1", wholeWords: true)
    #expect(withByteView("550 5.7.1 denied") { p.matches($0) })
    #expect(!withByteView("550 15.7.1 denied") { p.matches($0) })
    #expect(!withByteView("550 5.7.10 denied") { p.matches($0) })
    #expect(withByteView("5.7.10 then 5.7.1") { p.matches($0) }, "a later whole-word match counts")
    let word = try TextPattern("greylisted", ignoresCase: true, wholeWords: true)
    #expect(withByteView("450 4.7.1 Greylisted, try later") { word.matches($0) })
    #expect(!withByteView("450 4.7.1 ungreylisted_x") { word.matches($0) })
  }

  @Test("--hint selects the refusals whose code the log omits; 'any' takes every hint; a wrong name is refused")
  func hintFilter() throws {
    let events = run(["events", "--year", "2026", Self.postfix]).stdout.split(separator: "\n")
    let starttls = events.filter { $0.contains("\"hint\":\"starttls-required\"") }.count
    let any = events.filter { $0.contains("\"hint\":\"") }.count
    #expect(starttls == 4, "the lab's submission port refuses MAIL before STARTTLS 4 times")
    #expect(Self.count(["--hint", "starttls-required"]) == starttls)
    #expect(try #require(Self.count(["--hint", "any"])) >= starttls)
    #expect(any >= starttls)
    let wrong = run(["grep", "--hint", "starttls", Self.postfix])
    #expect(wrong.status == 2 && wrong.stderr.contains("expected any, starttls-required"))
  }

  @Test("grep 530 on a log that never prints one: status 1, and a note with the hinted refusals and the command")
  func noteForHintedCode() {
    let r = run(["grep", "--year", "2026", "530", Self.postfix])
    #expect(r.status == 1 && r.stdout.isEmpty)
    #expect(
      r.stderr
        == "mailcodes: note: no 530 in the log, but 4 refusals whose code the log omits likely had one "
        + "(starttls-required 4); see them: mailcodes grep --hint starttls-required \(Self.postfix)\n")
    // Quiet modes say nothing; a code no hint points at gets no note.
    #expect(run(["grep", "-q", "530", Self.postfix]).stderr.isEmpty)
    #expect(run(["grep", "--year", "2026", "452", Self.postfix]).stderr.isEmpty)
    // A match: no note.
    #expect(run(["grep", "--year", "2026", "-c", "503", Self.postfix]).stderr.isEmpty)
  }
}
