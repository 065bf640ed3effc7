import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesExplain
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesKnowledge
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// The client transcripts of the lab (`Fixtures/lab`: swaks, smtplib and raw-socket clients of
/// real Postfix and Exim servers and of the srv221 responders) against the lab's ground truth,
/// session by session, and the lab's Postfix log where the same signals show on the server.
///
/// Join: every run in a transcript file follows a header `########## session SEQ |
/// scenario=... | client=IP | ...`; an engine session belongs to the header before its first
/// line, an event to the header before its line, and `SEQ` is the `seq` of `sessions.jsonl`.
@Suite("Transcripts against the lab's ground truth")
struct TranscriptGroundTruthTests {
  struct Header {
    var line: Int
    var seq: Int
    var scenario: String
    var client: String
  }

  /// What the engine made of one run.
  struct Observed {
    var codes: [String] = []
    var events: [[String: Any]] = []
    var sessions: [SessionRecord] = []
  }

  static let files = [
    "swaks-transcripts.txt": "swaks", "smtplib-transcripts.txt": "python-smtplib",
    "python-raw-transcripts.txt": "python-raw",
  ]

  static func truth() throws -> [Int: [String: Any]] {
    var out: [Int: [String: Any]] = [:]
    for line in try String(contentsOfFile: Fixtures.lab("sessions.jsonl"), encoding: .utf8).split(separator: "\n") {
      let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      out[row["seq"] as! Int] = row
    }
    return out
  }

  static func headers(_ path: String) throws -> [Header] {
    var out: [Header] = []
    // Split bytes, not Characters: swaks' message lines end in CR LF, one Character in Swift.
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    for (index, bytes) in data.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
      let line = String(decoding: bytes, as: UTF8.self)
      guard line.hasPrefix("########## session ") else { continue }
      var fields: [String: String] = [:]
      for part in line.split(separator: "|") {
        let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
        if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
      }
      let seq = Int(line.split(separator: " ")[2])!
      out.append(Header(line: index + 1, seq: seq, scenario: fields["scenario"] ?? "", client: fields["client"] ?? ""))
    }
    return out
  }

  /// The header a line belongs to (the last one before it).
  static func header(of line: Int, in headers: [Header]) -> Header? {
    var low = 0
    var high = headers.count - 1
    var found: Header?
    while low <= high {
      let mid = (low + high) / 2
      if headers[mid].line < line {
        found = headers[mid]
        low = mid + 1
      } else {
        high = mid - 1
      }
    }
    return found
  }

  static func observe(_ file: String) throws -> (headers: [Header], runs: [Int: Observed]) {
    let path = Fixtures.lab(file)
    let headers = try headers(path)
    var runs: [Int: Observed] = [:]
    for event in Engine.events([path]) {
      guard let header = header(of: event["line"] as! Int, in: headers) else {
        Issue.record("\(file): an event before the first header")
        continue
      }
      runs[header.seq, default: Observed()].events.append(event)
      if let code = event["code"] as? Int { runs[header.seq, default: Observed()].codes.append(String(code)) }
    }
    for session in Engine.sessions([path]) {
      guard let header = header(of: session.startLine, in: headers) else { continue }
      runs[header.seq, default: Observed()].sessions.append(session)
    }
    return (headers, runs)
  }

  /// The outcome the ground truth implies: QUIT answered, the client leaving, or the server
  /// closing (an idle timeout when the scenario idles or the closing reply says it timed out).
  static func expectedOutcome(_ row: [String: Any]) -> Outcome {
    if row["quit_acked"] as! Bool { return .quit }
    if row["closed_by"] as! String == "client" { return .lostConnection }
    let scenario = row["scenario"] as! String
    let last = ((row["reply_texts"] as! [String]).last ?? "").lowercased()
    if scenario.contains("idle") || last.contains("timeout") || last.contains("timed out") { return .idleTimeout }
    return .rejected
  }

  @Test("every run agrees with the ground truth: codes in order, QUIT answered, 221 without QUIT, outcome")
  func sessionsAgree() throws {
    let truth = try Self.truth()
    var agreed: [String: Int] = [:]
    for (file, tool) in Self.files.sorted(by: { $0.key < $1.key }) {
      let (headers, runs) = try Self.observe(file)
      #expect(headers.count == truth.values.filter { $0["tool"] as? String == tool }.count, "\(file): runs")
      for header in headers {
        let row = try #require(truth[header.seq], "\(file): session \(header.seq) is not in sessions.jsonl")
        #expect(row["scenario"] as? String == header.scenario && row["client_ip"] as? String == header.client)
        let run = runs[header.seq] ?? Observed()
        let label = "\(file) session \(header.seq) (\(header.scenario))"
        guard run.sessions.count == 1, let session = run.sessions.first else {
          Issue.record("\(label): \(run.sessions.count) engine sessions")
          continue
        }
        let replies = row["replies"] as! [String]
        let quitAcked = row["quit_acked"] as! Bool
        let server221 = row["server_221_without_quit"] as! Bool
        let closedBy = row["closed_by"] as! String
        let engine221 = run.events.contains { $0["code"] as? Int == 221 && $0["command"] as? String != "QUIT" }
        let lastCode = replies.last ?? ""
        let closingWithoutQuit = server221 || (!quitAcked && (lastCode == "421" || lastCode == "521"))
        var ok = true
        func check(_ condition: Bool, _ what: String) {
          if !condition {
            ok = false
            Issue.record("\(label): \(what)")
          }
        }
        check(run.codes == replies, "codes \(run.codes), expected \(replies)")
        check((session.outcome == .quit) == quitAcked, "outcome \(session.outcome), QUIT answered: \(quitAcked)")
        check(engine221 == server221, "221 without QUIT: \(engine221), expected \(server221)")
        check(session.closedWithoutQuit == closingWithoutQuit, "closedWithoutQuit \(session.closedWithoutQuit)")
        check(session.outcome == Self.expectedOutcome(row), "outcome \(session.outcome) at \(session.stage)")
        switch session.outcome {
        case .lostConnection: check(closedBy == "client", "lost connection but closed by \(closedBy)")
        case .idleTimeout, .rejected: check(closedBy == "server", "ended by the server but closed by \(closedBy)")
        case .quit: check(closedBy == (tool == "python-raw" ? "server" : "client"), "quit, closed by \(closedBy)")
        case .open: check(false, "open")
        }
        check(session.direction == .outbound && session.family == .transcript, "direction or family")
        check(run.events.allSatisfy { $0["side"] as? String == "client" }, "side")
        if ok { agreed[tool, default: 0] += 1 }
      }
    }
    #expect(agreed == ["swaks": 798, "python-smtplib": 12, "python-raw": 74])
  }

  /// The srv221 responders, each with the stage the session must end at.
  static let srv221Stages: [String: (Outcome, SMTPCommand)] = [
    "srv221-swaks-mail221": (.rejected, .mail), "srv221-swaks-rcpt221": (.rejected, .rcpt),
    "srv221-swaks-data221": (.idleTimeout, .endOfData), "srv221-smtplib-mail221": (.rejected, .mail),
    "srv221-raw-idle221-connect": (.idleTimeout, .connect), "srv221-raw-idle221-ehlo": (.idleTimeout, .ehlo),
    "srv221-raw-idle221-mail": (.idleTimeout, .mail), "srv221-raw-idle421-bare": (.idleTimeout, .ehlo),
  ]

  @Test("srv221: 221s and 421s without QUIT end as idle timeouts or hang-ups at the right stage")
  func srv221Stages() throws {
    var seen: [String: Int] = [:]
    for file in Self.files.keys {
      let (headers, runs) = try Self.observe(file)
      for header in headers {
        guard let (outcome, stage) = Self.srv221Stages[header.scenario] else { continue }
        let session = try #require(runs[header.seq]?.sessions.first)
        #expect(
          session.outcome == outcome && session.stage == stage && session.closedWithoutQuit,
          "\(header.scenario) #\(header.seq): \(session.outcome) at \(session.stage)")
        seen[header.scenario, default: 0] += 1
      }
    }
    #expect(
      seen == [
        "srv221-swaks-mail221": 3, "srv221-swaks-rcpt221": 3, "srv221-swaks-data221": 2,
        "srv221-smtplib-mail221": 2, "srv221-raw-idle221-connect": 1, "srv221-raw-idle221-ehlo": 2,
        "srv221-raw-idle221-mail": 1, "srv221-raw-idle421-bare": 2,
      ])
  }

  @Test("--by code,outcome shows the 221s whose session did not end with QUIT, per remote and stage")
  func closingRepliesByOutcome() throws {
    let paths = Self.files.keys.sorted().map(Fixtures.lab)
    let table = Engine.table(paths, by: [.code, .outcome, .stage, .remote]).counts
    let notQuit = table.filter { $0.key.hasPrefix("221|") && !$0.key.hasPrefix("221|quit|") }
    #expect(
      notQuit == [
        "221|rejected|MAIL|127.0.9.21": 5, "221|rejected|RCPT|127.0.9.22": 3,
        "221|idle-timeout|END-OF-DATA|127.0.9.23": 2, "221|idle-timeout|CONNECT|127.0.9.20": 1,
        "221|idle-timeout|EHLO|127.0.9.20": 2, "221|idle-timeout|MAIL|127.0.9.20": 1,
      ])
    let quit221 = table.filter { $0.key.hasPrefix("221|quit|QUIT|") }.values.reduce(0, +)
    let quitAcked = try Self.truth().values.filter { $0["quit_acked"] as! Bool }.count
    #expect(quit221 == quitAcked)
  }

  @Test("--count sessions --by outcome,remote: the servers that hung up on our clients")
  func sessionsByRemote() {
    let paths = Self.files.keys.sorted().map(Fixtures.lab)
    let sessions = Engine.table(paths, by: [.outcome, .remote], sessions: true).counts
    // Client-side transcripts: every session is outbound, its peer a remote server.
    #expect(sessions["rejected|127.0.9.21"] == 5 && sessions["rejected|127.0.9.22"] == 3)
    #expect(sessions["idle-timeout|127.0.9.23"] == 2 && sessions["idle-timeout|127.0.9.20"] == 4)
    let byClient = Engine.table(paths, by: [.outcome, .client], sessions: true).counts
    #expect(byClient.keys.allSatisfy { $0.hasSuffix("|") }, "no outbound session has a client")
  }

  @Test("the debug peer's dialogue in the Postfix log agrees with what its client received")
  func postfixDebugPeer() throws {
    let truth = try Self.truth().values.filter { $0["scenario"] as? String == "pf-debug-peer" }
    #expect(truth.count == 2)
    let events = Engine.events([Fixtures.lab("postfix-syslog.log")]).filter { $0["client"] as? String == "127.0.0.2" }
    let bySession = Dictionary(grouping: events.filter { $0["code"] is Int }, by: { $0["session"] as! Int })
    #expect(bySession.count == 2)
    for (_, list) in bySession {
      let codes = list.sorted { ($0["line"] as! Int) < ($1["line"] as! Int) }.map { String($0["code"] as! Int) }
      #expect(codes == truth[0]["replies"] as! [String])
      // The dialogue lines are the server's side; the 221 comes from `quit=1`, once.
      #expect(list.filter { $0["code"] as? Int == 221 }.count == 1)
      #expect(list.filter { $0["side"] as? String == "server" }.count == codes.count - 1)
      #expect(list.last?["outcome"] as? String == "quit")
    }
    let sessions = Engine.sessions([Fixtures.lab("postfix-syslog.log")])
      .filter { $0.client?.description == "127.0.0.2" }
    #expect(sessions.map(\.outcome) == [.quit, .quit])
  }

  @Test("srv221-out-pf: Postfix reports the remote's hang-ups without QUIT, not clean deliveries")
  func postfixOutboundHangups() throws {
    let groundTruth = try Fixtures.groundTruth()
    let groups = (groundTruth["outbound"] as! [[String: Any]]).filter {
      ($0["id"] as! String).hasPrefix("srv221-out-pf")
    }
    #expect(groups.count == 4)
    var expected: [String: Int] = [:]
    for group in groups {
      for check in group["log_checks"] as! [[String: Any]] where check["log"] as? String == "postfix" {
        let regex = check["regex"] as! String
        let recipient = group["recipient"] as! String
        let key: String
        if regex.contains("while sending RCPT TO") {
          key = "\(recipient)|remote-hangup|RCPT|-|deferred"
        } else if regex.contains("while sending DATA") {
          key = "\(recipient)|remote-hangup|DATA|-|deferred"
        } else if regex.contains("while sending MAIL FROM") {
          key = "\(recipient)|remote-hangup|MAIL|-|deferred"
        } else if regex.contains("status=sent \\(221") {
          key = "\(recipient)|remote-hangup|END-OF-DATA|221|sent"
        } else {
          key = "\(recipient)|delivered|END-OF-DATA|250|sent"
        }
        expected[key, default: 0] += check["expected"] as! Int
      }
    }
    var observed: [String: Int] = [:]
    for event in Engine.events([Fixtures.lab("postfix-syslog.log")]) {
      guard let recipient = event["recipient"] as? String, recipient.contains("221.sink.test") else { continue }
      let code = (event["code"] as? Int).map(String.init) ?? "-"
      let key = "\(recipient)|\(event["kind"]!)|\(event["command"]!)|\(code)|\(event["delivery"]!)"
      observed[key, default: 0] += 1
    }
    #expect(observed == expected)
    #expect(expected.count == 5)
  }
}
