import Foundation
import Testing

@testable import MailCodesCLI

/// The journal as users read it: `journalctl -o json` piped in or in a file, and `--journal`
/// (run here against a stand-in `journalctl` that records its arguments).
@Suite("The journal: journalctl -o json and --journal")
struct JournalInputTests {
  /// The events of a run without the fields that differ between a journal and a file: the
  /// file name and the time (the journal's carries microseconds and the zone).
  static func comparable(_ jsonl: String) -> [String] {
    jsonl.split(separator: "\n").map { line in
      line.replacingOccurrences(of: #""file":"[^"]*","#, with: "", options: .regularExpression)
        .replacingOccurrences(of: #""time":"[^"]*","#, with: "", options: .regularExpression)
    }
  }

  /// A directory with an executable `journalctl` that writes its arguments to `args` and then
  /// runs `body` (a shell script).
  static func stubJournalctl(_ body: String) -> ScratchDirectory {
    let dir = ScratchDirectory()
    // Its own PATH: the tests run mailcodes with PATH set to this directory alone, so that the
    // stand-in is the journalctl found, and the stand-in still finds cat and sleep.
    let script = dir.file(
      "journalctl", "#!/bin/sh\nPATH=/usr/bin:/bin\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n\(body)\n")
    try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
    return dir
  }

  @Test("a journalctl -o json file gives the events of the same lines read from syslog")
  func sameEvents() {
    let journal = run(["events", Paths.fixture("journal/plain.json")])
    let syslog = run(["events", "--year", "2026", Paths.fixture("input/plain.log")])
    #expect(journal.status == 0 && syslog.status == 0, "\(journal.stderr)")
    #expect(Self.comparable(journal.stdout).count > 20)
    #expect(Self.comparable(journal.stdout) == Self.comparable(syslog.stdout))
  }

  @Test("journalctl -o json on standard input: grep counts and prints readable lines")
  func standardInput() throws {
    let capture = try String(contentsOfFile: Paths.fixture("journal/captured.json"), encoding: .utf8)
    let count = try shell("\"$0\" grep -c 5xx", stdin: capture)
    #expect(count.status == 0 && count.stdout == "2\n", "\(count.stderr)")
    let lines = try shell("\"$0\" grep 554", stdin: capture)
    #expect(
      lines.stdout.contains(" vm postfix/smtpd[17168]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 "))
  }

  @Test("--journal runs journalctl -o json on the mail units with the window, and reads its entries")
  func journalOption() throws {
    let dir = Self.stubJournalctl("cat '\(Paths.fixture("journal/plain.json"))'")
    defer { dir.remove() }
    let r = run(
      ["analyze", "--journal", "--day", "2026-11-29", "--by", "code", "--format", "csv"],
      environment: ["PATH": dir.path])
    #expect(r.status == 0, "\(r.stderr)")
    let file = run([
      "analyze", "--year", "2026", "--day", "2026-11-29", "--by", "code", "--format", "csv",
      Paths.fixture("input/plain.log"),
    ])
    #expect(r.stdout == file.stdout && r.stdout.split(separator: "\n").count > 3)
    let args = try String(contentsOfFile: dir.path + "/args", encoding: .utf8)
    #expect(
      args == [
        "-o", "json", "--all", "--no-pager", "-u", "postfix@*", "-u", "postfix", "-u", "exim4",
        "--since", "2026-11-29 00:00:00", "--until", "2026-11-30 00:00:00",
      ].joined(separator: "\n") + "\n")
  }

  @Test("--journal-unit replaces the units; --compare previous widens the window journalctl is asked for")
  func unitsAndCompare() throws {
    let dir = Self.stubJournalctl("cat '\(Paths.fixture("journal/plain.json"))'")
    defer { dir.remove() }
    let r = run(
      ["analyze", "--journal-unit", "postfix@mx2", "--day", "2026-11-29", "--compare", "previous"],
      environment: ["PATH": dir.path])
    #expect(r.status == 0, "\(r.stderr)")
    let args = try String(contentsOfFile: dir.path + "/args", encoding: .utf8).split(separator: "\n")
    #expect(Array(args.prefix(6)) == ["-o", "json", "--all", "--no-pager", "-u", "postfix@mx2"])
    #expect(Array(args.suffix(4)) == ["--since", "2026-11-28 00:00:00", "--until", "2026-11-30 00:00:00"])
  }

  @Test("a journalctl that fails is an error naming the command, exit status 2")
  func journalctlFails() {
    let dir = Self.stubJournalctl("echo 'Failed to add match' >&2; exit 1")
    defer { dir.remove() }
    let r = run(["analyze", "--journal"], environment: ["PATH": dir.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("mailcodes: journalctl -o json --all --no-pager -u 'postfix@*'"))
    #expect(r.stderr.contains(": exited with status 1"))
  }

  @Test("--journal without journalctl in PATH is a usage error")
  func noJournalctl() {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let r = run(["grep", "--journal", "554"], environment: ["PATH": dir.path])
    #expect(
      r.status == 2 && r.stderr.hasPrefix("mailcodes: --journal needs journalctl (systemd), which is not in PATH"))
  }

  @Test("grep -q stops journalctl at the first match instead of waiting for it")
  func stopsEarly() {
    // The stand-in prints the entries, then waits as `journalctl` would on a slow pipe.
    let dir = Self.stubJournalctl("cat '\(Paths.fixture("journal/plain.json"))'; exec sleep 300")
    defer { dir.remove() }
    let start = Date()
    let r = run(["grep", "-q", "--journal", "554"], environment: ["PATH": dir.path])
    #expect(r.status == 0)
    #expect(Date().timeIntervalSince(start) < 30)
  }
}
