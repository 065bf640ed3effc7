import Foundation
import Testing

@testable import MailCodesCLI

/// `grep -A/-B/-C`: the lines around each matching line as grep prints them, checked against
/// an oracle built from `grep -n` (the matching line numbers) and the log's own lines.
@Suite("grep: context lines")
struct GrepContextTests {
  static let postfix = Paths.lab("postfix-syslog.log")

  /// What grep prints with `-n`, `before`/`after` context and at most `max` matches.
  static func expected(_ lines: [String], matches: [Int], before: Int, after: Int, max: Int?) -> String {
    let selected = Array(matches.prefix(max ?? matches.count))
    var out = ""
    var last = 0  // last printed line number
    var printedAny = false
    for (k, m) in selected.enumerated() {
      let start = Swift.max(m - before, last + 1, 1)
      if printedAny && start > last + 1 { out += "--\n" }
      for n in start..<m { out += "\(n)-\(lines[n - 1])\n" }
      out += "\(m):\(lines[m - 1])\n"
      last = m
      printedAny = true
      // After-context stops at the next match (which is printed as a match) or the file's end.
      let next = k + 1 < selected.count ? selected[k + 1] : Int.max
      let end = Swift.min(m + after, lines.count, next - 1)
      if end > m {
        for n in (m + 1)...end {
          out += "\(n)-\(lines[n - 1])\n"
          last = n
        }
      }
    }
    return out
  }

  @Test(
    "-A, -B, -C against the oracle, with -m",
    arguments: [(0, 1, nil), (1, 0, nil), (2, 2, nil), (3, 1, 2), (1, 3, 1), (5, 5, 4)] as [(Int, Int, Int?)])
  func againstOracle(before: Int, after: Int, max: Int?) throws {
    let text = try String(contentsOfFile: Self.postfix, encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    for code in ["5.7.1", "450", "221"] {
      let matches = run(["grep", "--year", "2026", "-n", code, Self.postfix]).stdout.split(separator: "\n").compactMap {
        Int($0.split(separator: ":").first ?? "")
      }
      #expect(!matches.isEmpty)
      var args = ["grep", "--year", "2026", "-n", "--raw", "-B", "\(before)", "-A", "\(after)"]
      if let max { args += ["-m", "\(max)"] }
      let r = run(args + [code, Self.postfix])
      #expect(r.status == 0)
      #expect(r.stdout == Self.expected(lines, matches: matches, before: before, after: after, max: max), "\(code)")
    }
  }

  @Test("-C with two files: '--' between their groups, the file name with '-' on context lines")
  func twoFiles() {
    let r = run(["grep", "--year", "2026", "-C", "1", "-m", "1", "5.7.1", Self.postfix, Self.postfix])
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 7, "\(r.stdout)")
    #expect(lines[0].hasPrefix(Self.postfix + "-") && lines[1].hasPrefix(Self.postfix + ":"))
    #expect(lines[2].hasPrefix(Self.postfix + "-") && lines[3] == "--")
  }

  @Test("-A with -s or --format jsonl is a usage error; a bad number is refused")
  func refusals() {
    #expect(run(["grep", "-s", "-A", "1", "554", Self.postfix]).status == 2)
    #expect(run(["grep", "--format", "jsonl", "-C", "1", "554", Self.postfix]).status == 2)
    #expect(run(["grep", "-B", "x", "554", Self.postfix]).status == 2)
  }
}
