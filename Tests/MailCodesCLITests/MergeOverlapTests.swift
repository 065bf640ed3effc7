import Foundation
import Testing

@testable import MailCodesCLI

/// `merge` never counts an input twice: summaries that counted the same data over overlapping
/// periods are refused (status 2) unless `--force`; daily summaries of one log merge.
@Suite("merge refuses to count an input twice")
struct MergeOverlapTests {
  static let lab = Paths.lab("postfix-syslog.log")

  static func summary(_ dir: ScratchDirectory, _ name: String, _ arguments: [String]) throws -> String {
    let path = dir.path + "/" + name
    let r = run(["analyze", "--year", "2026", "--format", "json", "-o", path] + arguments)
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  @Test("merge a.json a.json: refused with a clear message, status 2; --force merges with a warning")
  func sameSummaryTwice() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let a = try Self.summary(dir, "a.json", [Self.lab])
    let r = run(["merge", a, a])
    #expect(r.status == 2 && r.stdout.isEmpty)
    #expect(
      r.stderr == "mailcodes: \(a) and \(a) both counted '\(Self.lab)', the same file, over "
        + "2026-11-29T00:12:02 to 2026-11-29T00:15:04\nMerging them would count it twice; --force merges anyway.\n")
    let forced = run(["merge", "--force", "--format", "json", a, a])
    #expect(forced.status == 0)
    #expect(forced.stderr.hasPrefix("mailcodes: warning: \(a) and \(a) both counted"))
    #expect(forced.stderr.hasSuffix(": merged anyway (--force), it is counted twice\n"))
    let single = try #require(StrictJSONCheck.object(try String(contentsOfFile: a, encoding: .utf8)))
    let double = try #require(StrictJSONCheck.object(forced.stdout))
    let replies = { (o: [String: Any]) in (o["totals"] as? [String: Any])?["replies"] as? Int ?? 0 }
    #expect(replies(double) == 2 * replies(single) && replies(single) > 0)
  }

  @Test("the same data under another name (a gzipped copy) is refused too; other files merge")
  func copiesAndOthers() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let copy = dir.path + "/mail.log.1.gz"
    let gzip = try shell(#"gzip -c "\#(Self.lab)" > "\#(copy)""#)
    #expect(gzip.status == 0)
    let a = try Self.summary(dir, "a.json", [Self.lab])
    let b = try Self.summary(dir, "b.json", [copy])
    let r = run(["merge", a, b])
    #expect(r.status == 2)
    #expect(r.stderr.contains("both counted '\(Self.lab)' and '\(copy)', the same data under another name or inode"))
    let other = try Self.summary(dir, "c.json", [Paths.lab("postfix-syslog.log.1.gz")])
    #expect(run(["merge", a, other]).status == 0)
  }

  @Test("daily summaries of one log share the file, not the period: they merge")
  func dailyWindows() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let day28 = try Self.summary(dir, "28.json", ["--day", "2026-11-28", Self.lab])
    let day29 = try Self.summary(dir, "29.json", ["--day", "2026-11-29", Self.lab])
    let r = run(["merge", day28, day29])
    #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
    #expect(r.stdout.contains("INCOMPLETE: problems may be missing from this report\n"), "Nov 28 holds no line")
    let hour = try Self.summary(
      dir, "hour.json", ["--since", "2026-11-29T00:00", "--until", "2026-11-29T00", Self.lab])
    #expect(run(["merge", day29, hour]).status == 2, "the hour is inside the day")
    // A day without a log line stays a gap of the merged week, through a merge of merges too.
    let merged = dir.path + "/merged.json"
    #expect(run(["merge", "--format", "json", "-o", merged, day28, day29]).status == 0)
    let again = run(["merge", "--alert", merged])
    #expect(again.status == 1)
    #expect(
      again.stdout.contains("\n  no log line between 2026-11-28T00:00:00 and 2026-11-29T00:00:00 (the logs run\n"))
  }

  @Test("summaries written before fingerprints: the same name and size is the same input")
  func olderSummaries() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let a = try Self.summary(dir, "a.json", [Self.lab])
    var text = try String(contentsOfFile: a, encoding: .utf8)
    text = text.replacingOccurrences(of: #","fingerprint":\{[^}]*\}"#, with: "", options: .regularExpression)
    #expect(!text.contains("fingerprint"))
    let old = dir.file("old.json", text)
    #expect(run(["merge", old]).status == 0, "an older summary is read")
    let r = run(["merge", old, old])
    #expect(r.status == 2 && r.stderr.contains("the same name and size"))
  }
}
