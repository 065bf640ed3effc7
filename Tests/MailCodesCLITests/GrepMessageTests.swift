import Foundation
import Testing

@testable import MailCodesCLI

/// `grep --id`, `--from`, `--to` print whole messages (exigrep's and collate.pl's view),
/// checked against an oracle that reads the lab logs as text: the lines whose text starts
/// with the message's id.
@Suite("mailcodes grep: whole messages")
struct GrepMessageTests {
  static let postfix = Paths.lab("postfix-syslog.log")
  static let exim = Paths.lab("exim-mainlog")

  /// (line number, the message id that starts the line's text or nil, the text) of a log.
  static func lines(_ path: String) -> [(number: Int, id: String?, text: String)] {
    let content = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    let postfixID = try! NSRegularExpression(pattern: #"\]: ([0-9A-Za-z]{5,}): "#)
    let eximID = try! NSRegularExpression(
      pattern: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ([0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}) "#)
    return content.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, raw in
      let line = String(raw)
      guard !line.isEmpty else { return nil }
      let range = NSRange(line.startIndex..., in: line)
      var id: String?
      for regex in [postfixID, eximID] {
        if let m = regex.firstMatch(in: line, range: range), let r = Range(m.range(at: 1), in: line) {
          // Postfix: the first `]: ` is the tag's; `NOQUEUE` is no message.
          if line.distance(from: line.startIndex, to: r.lowerBound) < 80, line[r] != "NOQUEUE" { id = String(line[r]) }
          break
        }
      }
      return (index + 1, id, line)
    }
  }

  /// Line numbers printed by `grep -n ARGS PATH`.
  static func grep(_ args: [String], _ path: String) -> [Int] {
    run(["grep", "--year", "2026", "-n"] + args + [path]).stdout.split(separator: "\n").compactMap {
      Int($0.split(separator: ":").first ?? "")
    }
  }

  @Test("--id: every line of a Postfix message received by smtpd and delivered locally")
  func postfixLocalDelivery() {
    let all = Self.lines(Self.postfix)
    // A message of the lab's inbound volume: smtpd client=, cleanup, qmgr, local, removed.
    let id = all.first { candidate in
      candidate.text.contains("postfix/smtpd[") && candidate.text.contains(": client=") && candidate.id != nil
        && all.contains { $0.id == candidate.id && $0.text.contains("postfix/local[") }
    }!.id!
    let expected = all.filter { $0.id == id }.map(\.number)
    #expect(expected.count == 5)
    #expect(Self.grep(["--id", id], Self.postfix) == expected)
    let texts = all.filter { $0.id == id }.map(\.text)
    #expect(
      texts[0].contains("client=") && texts.contains { $0.contains("status=sent (delivered to mailbox)") }
        && texts.last!.hasSuffix(": removed"))
  }

  @Test("--id: a bounced Postfix message, with the line that made its notification, and the notification")
  func postfixBounce() {
    let all = Self.lines(Self.postfix)
    let bounced = all.first { $0.text.contains("status=bounced") }!.id!
    let notice = all.first { $0.id == bounced && $0.text.contains(" notification: ") }!
    let child = String(notice.text.split(separator: " ").last!)
    #expect(Self.grep(["--id", bounced], Self.postfix) == all.filter { $0.id == bounced }.map(\.number))
    // The notification's trace holds the parent's line that named it.
    let expected = all.filter { $0.id == child || $0.number == notice.number }.map(\.number)
    #expect(Self.grep(["--id", child], Self.postfix) == expected)
  }

  @Test("-s --id: the smtpd session that received the message, then the message's later lines")
  func postfixSession() {
    let all = Self.lines(Self.postfix)
    let received = all.first { $0.text.contains("postfix/smtpd[") && $0.text.contains(": client=") }!
    let id = received.id!
    let pid = received.text.components(separatedBy: "smtpd[")[1].components(separatedBy: "]")[0]
    let out = run(["grep", "--year", "2026", "-s", "--id", id, Self.postfix]).stdout
    let printed = out.split(separator: "\n").map(String.init)
    // The session's connect and disconnect lines, and every line of the message.
    #expect(printed.first?.contains("smtpd[\(pid)]: connect from") == true)
    #expect(printed.contains { $0.contains("smtpd[\(pid)]: disconnect from") })
    for line in all where line.id == id { #expect(printed.contains(line.text), "\(line.text)") }
  }

  @Test("--id on Exim: arrival, deliveries or failures, the bounce it caused, Completed")
  func exim() {
    let all = Self.lines(Self.exim)
    let failed = all.first { $0.text.contains(" ** ") }!.id!
    let bounce = all.first { $0.text.contains(" <= <> R=\(failed) ") }!
    let expected = all.filter { $0.id == failed || $0.number == bounce.number }.map(\.number)
    #expect(Self.grep(["--id", failed], Self.exim) == expected)
    #expect(expected.count >= 4)
    let local = all.first { $0.text.contains(" => ") && $0.text.contains("T=local_mailbox") }!.id!
    #expect(Self.grep(["--id", local], Self.exim) == all.filter { $0.id == local }.map(\.number))
  }

  @Test(
    "--from and --to select whole messages (and refusals naming the address)",
    arguments: [
      (["--to", "dave@ok.sink.test"], "postfix"),
      (["--from", "labuser@lab.test", "--to", "bob@ok.sink.test"], "postfix"),
      (["--to", "carol@exim.lab.test"], "exim"), (["--from", "@client5.example"], "exim"),
    ])
  func fromTo(_ args: [String], _ family: String) {
    let path = family == "postfix" ? Self.postfix : Self.exim
    let all = Self.lines(path)
    let from = args.firstIndex(of: "--from").map { args[$0 + 1] }
    let to = args.firstIndex(of: "--to").map { args[$0 + 1] }
    func names(_ text: String, _ address: String, _ marks: [String]) -> Bool {
      marks.contains { mark in
        address.hasPrefix("@")
          ? text.range(of: #"\#(mark)[^@> ]*\#(address)[>, ]"#, options: .regularExpression) != nil
          : text.contains(mark + address + ">") || text.contains(mark + address + " ") || text.contains(" <\(address)>")
      }
    }
    var sent: Set<String> = []
    var received: Set<String> = []
    for line in all {
      guard let id = line.id else { continue }
      if let from, names(line.text, from, [": from=<", " <= "]) { sent.insert(id) }
      if let to, names(line.text, to, [" to=<", " => ", " -> "]) { received.insert(id) }
    }
    let messages = (from == nil ? received : to == nil ? sent : sent.intersection(received))
    #expect(!messages.isEmpty)
    let expected = Set(all.filter { l in l.id.map(messages.contains) ?? false }.map(\.number))
    let got = Self.grep(args, path)
    // Refusal lines of no message that name the address (NOQUEUE ... from=<...>) are printed too.
    let refusals = Set(got).subtracting(expected)
    for number in refusals {
      let line = all.first { $0.number == number }!
      #expect(line.id == nil, "\(line.text)")
    }
    #expect(Set(got).isSuperset(of: expected))
    #expect(got.count == Set(got).count)
  }
}
