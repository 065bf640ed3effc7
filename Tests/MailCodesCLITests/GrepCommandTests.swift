import Foundation
import Testing

@testable import MailCodesCLI

/// `mailcodes grep` against a straightforward oracle: the events of the same log (from
/// `mailcodes events`) filtered in plain Swift, on the lab's real logs.
@Suite("mailcodes grep")
struct GrepCommandTests {
  static let postfix = Paths.lab("postfix-syslog.log")
  static let exim = Paths.lab("exim-mainlog")

  typealias Event = [String: Any]

  static func events(_ path: String) -> [Event] {
    run(["events", "--year", "2026", path]).stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? Event
    }
  }

  nonisolated(unsafe) static let postfixEvents = events(postfix)
  nonisolated(unsafe) static let eximEvents = events(exim)

  /// Line numbers printed by `grep -n`.
  func grepLines(_ args: [String], _ path: String) -> [Int] {
    run(["grep", "--year", "2026", "-n"] + args + [path]).stdout.split(separator: "\n").compactMap {
      Int($0.split(separator: ":").first ?? "")
    }
  }

  /// Distinct line numbers of the events the oracle accepts, in order.
  func oracle(_ events: [Event], _ accept: (Event) -> Bool) -> [Int] {
    var seen = Set<Int>()
    return events.filter(accept).compactMap { $0["line"] as? Int }.filter { seen.insert($0).inserted }
  }

  static func code(_ e: Event) -> Int? { e["code"] as? Int }
  static func string(_ e: Event, _ key: String) -> String? { e[key] as? String }

  nonisolated(unsafe) static let cases: [(String, [String], (Event) -> Bool)] = [
    ("code", ["535"], { code($0) == 535 }),
    ("class", ["5xx"], { (code($0) ?? 0) / 100 == 5 }),
    ("55x", ["55x"], { (code($0) ?? 0) / 10 == 55 }),
    ("enhanced", ["5.7.1"], { string($0, "enhanced") == "5.7.1" }),
    ("enhanced wildcard", ["5.7.*"], { string($0, "enhanced")?.hasPrefix("5.7.") == true }),
    ("4.*.*", ["4.*.*"], { string($0, "enhanced")?.hasPrefix("4.") == true }),
    ("not-code", ["--code", "5xx", "--not-code", "550"], { (code($0) ?? 0) / 100 == 5 && code($0) != 550 }),
    ("client CIDR", ["--client", "127.0.1.0/24"], { string($0, "client")?.hasPrefix("127.0.1.") == true }),
    ("client and code", ["550", "--client", "127.0.3.2"], { code($0) == 550 && string($0, "client") == "127.0.3.2" }),
    ("remote", ["--remote", "127.0.9.2"], { string($0, "remote_ip") == "127.0.9.2" }),
    ("command", ["--command", "RCPT"], { string($0, "command") == "RCPT" }),
    (
      "two commands", ["--command", "MAIL", "--command", "DATA"], { ["MAIL", "DATA"].contains(string($0, "command")) }
    ),
    ("kind", ["--kind", "auth-failure"], { string($0, "kind") == "auth-failure" }),
    (
      "direction", ["--direction", "outbound", "4xx"],
      {
        string($0, "direction") == "outbound" && (code($0) ?? 0) / 100 == 4
      }
    ),
    ("regexp", ["-e", "Relay access"], { string($0, "text")?.contains("Relay access") == true }),
    ("observed only", ["--observed", "421"], { code($0) == 421 && ($0["inferred"] as? Bool) == false }),
    (
      "since-until", ["--since", "2026-11-29T00:12:10", "--until", "2026-11-29T00:12:20", "5xx"],
      {
        guard let t = string($0, "time") else { return false }
        return (code($0) ?? 0) / 100 == 5 && t >= "2026-11-29T00:12:10" && t < "2026-11-29T00:12:21"
      }
    ),
  ]

  @Test("each filter kind selects exactly the oracle's lines (Postfix and Exim)", arguments: cases.indices)
  func filters(_ index: Int) {
    let (name, args, accept) = Self.cases[index]
    for (path, events) in [(Self.postfix, Self.postfixEvents), (Self.exim, Self.eximEvents)] {
      let expected = oracle(events, accept)
      #expect(grepLines(args, path) == expected, "\(name) on \(path.split(separator: "/").last!)")
    }
    #expect(!oracle(Self.postfixEvents + Self.eximEvents, accept).isEmpty, "\(name) selects something")
  }

  // --id, --from and --to select whole messages: GrepMessageTests.

  @Test("--outcome: lines of sessions that ended that way")
  func outcome() {
    var outcomes: [Int: String] = [:]
    for e in Self.postfixEvents {
      if let s = e["session"] as? Int, let o = Self.string(e, "outcome") { outcomes[s] = o }
    }
    let expected = Set(
      oracle(Self.postfixEvents) { e in
        guard let s = e["session"] as? Int else { return false }
        return outcomes[s] == "idle-timeout"
      })
    let got = grepLines(["--outcome", "idle-timeout"], Self.postfix)
    #expect(Set(got) == expected)
    #expect(got.count == expected.count)
  }

  @Test("-c, -v, -m, -q")
  func counting() {
    let expected = oracle(Self.postfixEvents) { Self.code($0) == 554 }
    #expect(run(["grep", "-c", "554", Self.postfix]).stdout == "\(expected.count)\n")
    let total =
      try! String(contentsOfFile: Self.postfix, encoding: .utf8).split(
        separator: "\n", omittingEmptySubsequences: false
      ).count - 1
    #expect(run(["grep", "-c", "-v", "554", Self.postfix]).stdout == "\(total - expected.count)\n")
    #expect(grepLines(["-m", "3", "554"], Self.postfix) == Array(expected.prefix(3)))
    let q = run(["grep", "-q", "554", Self.postfix])
    #expect(q.status == 0 && q.stdout.isEmpty)
  }

  @Test("-l, -L, -H, -h with several files")
  func files() {
    let l = run(["grep", "-l", "530", Self.postfix, Self.exim])
    #expect(l.stdout == "\(Self.exim)\n")
    let bigL = run(["grep", "-L", "530", Self.postfix, Self.exim])
    #expect(bigL.stdout == "\(Self.postfix)\n")
    let withNames = run(["grep", "535", Self.postfix, Self.exim]).stdout.split(separator: "\n")
    #expect(withNames.allSatisfy { $0.hasPrefix(Self.postfix + ":") || $0.hasPrefix(Self.exim + ":") })
    let without = run(["grep", "-h", "535", Self.postfix, Self.exim]).stdout.split(separator: "\n")
    #expect(without.count == withNames.count && without.allSatisfy { !$0.hasPrefix("/") })
    let counts = run(["grep", "-c", "535", Self.postfix, Self.exim]).stdout
    #expect(counts == "\(Self.postfix):9\n\(Self.exim):6\n")
  }

  @Test("-s prints whole sessions: every line of the matching session, and its queue lines")
  func sessions() {
    let r = run(["grep", "-s", "-n", "--client", "127.0.1.28", "450", Self.postfix])
    let groups = r.stdout.components(separatedBy: "--\n")
    #expect(groups.count == 3)
    for group in groups {
      let lines = group.split(separator: "\n")
      #expect(lines.first?.contains("connect from unknown[127.0.1.28]") == true)
      #expect(lines.contains { $0.contains("450 4.2.0") })
      #expect(lines.last?.contains("disconnect from unknown[127.0.1.28]") == true)
    }
    // A delivered session: the smtpd lines and the queue id's later lines (cleanup, qmgr, local).
    let delivered = run(["grep", "-s", "--client", "127.0.1.1", "221", Self.postfix]).stdout
    #expect(delivered.contains("connect from unknown[127.0.1.1]"))
    #expect(delivered.contains("status=sent (delivered to mailbox)"))
    #expect(delivered.contains(": removed"))
  }

  @Test("exit status: 0 matched, 1 nothing, 2 error even when something matched")
  func exitStatus() {
    #expect(run(["grep", "535", Self.postfix]).status == 0)
    #expect(run(["grep", "530", Self.postfix]).status == 1)
    #expect(run(["grep", "535", Self.postfix, "/nonexistent.log"]).status == 2)
    #expect(run(["grep", "-q", "535", Self.postfix, "/nonexistent.log"]).status == 0)
    #expect(run(["grep", "999", Self.postfix]).status == 2)
  }

  @Test("--format jsonl prints the matching events")
  func jsonl() throws {
    let r = run(["grep", "--format", "jsonl", "535", Self.exim])
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 6)
    for line in lines {
      let e = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? Event)
      #expect(e["code"] as? Int == 535)
    }
  }

  @Test("colour: never on a pipe, always when asked, NO_COLOR honoured")
  func color() {
    #expect(!run(["grep", "535", Self.exim]).stdout.contains("\u{1B}["))
    let always = run(["grep", "--color=always", "535", Self.exim]).stdout
    #expect(always.contains("\u{1B}[1;31m535"))
    #expect(always.contains("\u{1B}[1;36m127.0.2.6"))
    #expect(!run(["grep", "--color", "535", Self.exim], environment: ["NO_COLOR": "1"]).stdout.contains("\u{1B}["))
  }
}

@Suite("mailcodes grep, the real binary")
struct GrepBinaryTests {
  @Test("| head -1 ends quietly with status 0; NO_COLOR and pipes get no colour")
  func pipe() throws {
    let r = try shell(
      #""$0" grep 2xx "$1" | head -1; echo "status=${PIPESTATUS[0]}""#
        .replacingOccurrences(of: "$1", with: Paths.lab("postfix-syslog.log")))
    #expect(r.stdout.hasSuffix("status=0\n"))
    #expect(r.stdout.split(separator: "\n").count == 2)
    #expect(r.stderr.isEmpty)
    let colour = try shell(
      #"NO_COLOR=1 "$0" grep --color=auto 535 "$1""#
        .replacingOccurrences(of: "$1", with: Paths.lab("exim-mainlog")))
    #expect(!colour.stdout.contains("\u{1B}["))
  }

  @Test("standard input and gzip")
  func inputs() throws {
    let gz = try shell(
      #""$0" grep -c 550 "$1""#.replacingOccurrences(of: "$1", with: Paths.lab("postfix-syslog.log.1.gz")))
    #expect(gz.stdout == "4\n")
    let stdin = try shell(
      #""$0" grep -c 535"#, stdin: try String(contentsOfFile: Paths.lab("exim-mainlog"), encoding: .utf8))
    #expect(stdin.stdout == "6\n" && stdin.status == 0)
  }
}
