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

/// The real Exim 4.96 logs of the lab (`Fixtures/lab`, copied from `../shared/lab/out`) against
/// the lab's ground truth: what every client actually received, per client address.
///
/// Three views of the same run: Exim's own mainlog; the syslog copy (`syslog_timestamp =
/// false`, multi-line entries split into `[1\7]` pieces); and the mainlog read together with
/// the rejectlog, which repeats every rejection and must not count twice.
@Suite("Exim logs against the lab's ground truth")
struct EximGroundTruthTests {
  static let mainlog = [Fixtures.lab("exim-mainlog")]
  static let syslog = [Fixtures.lab("exim-syslog.log")]
  static let mainAndReject = [Fixtures.lab("exim-mainlog"), Fixtures.lab("exim-rejectlog")]
  /// Named the other way round: the rejectlog's copies count, the mainlog's still end sessions.
  static let rejectAndMain = [Fixtures.lab("exim-rejectlog"), Fixtures.lab("exim-mainlog")]

  /// Client addresses that are MTAs of the lab (Postfix relaying to Exim), not scenario clients.
  static let mtaAddresses: Set<String> = ["127.0.0.253", "127.0.0.254"]

  /// Replies Exim sends but does not log, or logs once for several (each checked against
  /// Exim 4.96's smtp_in.c and seen in these real logs).
  static let knownGaps: [String: [String: Int]] = [
    // `VRFY` without an address: `501 <errmess>` is sent straight from the VRFY case of
    // smtp_in.c, never logged (the MAIL syntax error of the same sessions is).
    "127.0.2.10": ["501": 2],
    // 25 RCPTs with recipients_max = 20: five `452 too many recipients`, but Exim logs only
    // the first excess one (`too many recipients: excess temporarily rejected`).
    "127.0.2.27": ["452": 4],
  ]

  static func isVisible(_ code: String) -> Bool {
    code == "221" || code.hasPrefix("4") || code.hasPrefix("5")
  }

  static func eximRows() throws -> [[String: Any]] {
    let truth = try Fixtures.groundTruth()
    return (truth["per_client_ip"] as! [[String: Any]]).filter { $0["server"] as? String == "exim" }
  }

  /// `--by client,code` of `paths`: codes per client, and refusals without a code per client.
  static func codesByClient(_ paths: [String]) -> (codes: [String: [String: Int]], unlogged: [String: Int]) {
    let table = Engine.table(paths, by: [.client, .code])
    var codes: [String: [String: Int]] = [:]
    var unlogged: [String: Int] = [:]
    for row in table.rows {
      let client = row.values[0]
      let code = row.values[1]
      if code.isEmpty {
        unlogged[client, default: 0] += row.count
      } else {
        codes[client, default: [:]][code, default: 0] += row.count
      }
    }
    return (codes, unlogged)
  }

  func checkCodesByClient(_ paths: [String], _ label: String) throws {
    let (ours, unlogged) = Self.codesByClient(paths)
    var checked = 0
    for row in try Self.eximRows() {
      let client = row["client_ip"] as! String
      guard !Self.mtaAddresses.contains(client) else { continue }
      let received = row["reply_codes_received"] as? [String: Int] ?? [:]
      var expected = received.filter { Self.isVisible($0.key) }
      for (code, n) in Self.knownGaps[client] ?? [:] { expected[code, default: 0] -= n }
      expected = expected.filter { $0.value != 0 }
      #expect(ours[client] ?? [:] == expected, "\(label): codes for \(client)")
      #expect(unlogged[client] ?? 0 == 0, "\(label): refusals without a code for \(client)")
      checked += 1
    }
    #expect(checked >= 40, "\(label)")
    // No inbound reply is counted for an address the ground truth does not know.
    let known = Set(try Self.eximRows().map { $0["client_ip"] as! String })
    #expect(Set(ours.keys).subtracting(known).filter { !$0.isEmpty }.isEmpty, "\(label): \(ours.keys.sorted())")
  }

  @Test("codes by client (mainlog) agree with what each client received")
  func codesByClientMainlog() throws { try checkCodesByClient(Self.mainlog, "mainlog") }

  @Test("codes by client (syslog copy) agree with what each client received")
  func codesByClientSyslog() throws { try checkCodesByClient(Self.syslog, "syslog") }

  @Test("mainlog and rejectlog together count each rejection once")
  func codesByClientWithRejectlog() throws {
    try checkCodesByClient(Self.mainAndReject, "mainlog+rejectlog")
    try checkCodesByClient(Self.rejectAndMain, "rejectlog+mainlog")
    // The other way round the rejectlog's copies are the ones counted (without a session), but
    // the mainlog's copies still end their sessions: outcomes are those of the mainlog alone.
    let outcomes = Engine.sessions(Self.rejectAndMain).map { "\($0.client?.description ?? "")|\($0.outcome)" }
    let mainOutcomes = Engine.sessions(Self.mainlog).map { "\($0.client?.description ?? "")|\($0.outcome)" }
    #expect(outcomes.sorted() == mainOutcomes.sorted())
    let fields: [GroupField] = [.client, .code, .command, .kind, .inferred]
    #expect(Engine.table(Self.mainAndReject, by: fields).rows == Engine.table(Self.mainlog, by: fields).rows)
    // Read alone, the rejectlog still counts its rejections (it is all some hosts keep).
    let rejectOnly = Engine.table([Fixtures.lab("exim-rejectlog")], by: [.code]).counts
    // 50 RCPT + 3 connect-ACL + 2 after-DATA 550s; the rejectlog has no QUIT, timeout or 503,
    // and of the 500s only the `too many unrecognized commands` drops (LOG_REJECT), each the 500
    // of its last command (whose syntax error line is in the mainlog only).
    #expect(rejectOnly == ["550": 55, "535": 6, "530": 4, "552": 4, "554": 4, "501": 4, "451": 3, "452": 1, "500": 2])
  }

  @Test("sessions and QUITs per client agree with the log checks of the lab")
  func sessionsAndQuitsByClient() throws {
    for (paths, label) in [(Self.mainlog, "mainlog"), (Self.syslog, "syslog"), (Self.mainAndReject, "main+reject")] {
      let table = Engine.table(paths, by: [.client, .outcome], sessions: true)
      var sessions: [String: Int] = [:]
      var quits: [String: Int] = [:]
      for row in table.rows {
        sessions[row.values[0], default: 0] += row.count
        if row.values[1] == "quit" { quits[row.values[0], default: 0] += row.count }
      }
      var total = 0
      for row in try Self.eximRows() {
        let client = row["client_ip"] as! String
        #expect(sessions[client] ?? 0 == row["log_connections"] as! Int, "\(label): sessions of \(client)")
        #expect(quits[client] ?? 0 == row["log_quit"] as! Int, "\(label): QUITs of \(client)")
        total += row["log_connections"] as! Int
      }
      // Outbound events have no inbound session and no client: each counts on its own, under "".
      let inbound = sessions.filter { !$0.key.isEmpty }
      #expect(inbound.values.reduce(0, +) == total, "\(label): no session outside the lab's clients")
    }
  }

  @Test("sessions without QUIT end as idle timeouts, lost connections or rejections")
  func outcomesByScenario() throws {
    let truth = try Fixtures.groundTruth()
    let scenarios = truth["scenarios"] as! [[String: Any]]
    let table = Engine.table(Self.mainlog, by: [.client, .outcome], sessions: true)
    var byClient: [String: [String: Int]] = [:]
    for row in table.rows { byClient[row.values[0], default: [:]][row.values[1], default: 0] += row.count }
    var checked = 0
    for scenario in scenarios where scenario["server"] as? String == "exim" {
      let id = scenario["id"] as! String
      let ips = scenario["client_ips"] as! [String: Int]
      guard ips.count == 1, let ip = ips.keys.first else { continue }
      let withoutQuit = scenario["sessions_without_quit"] as! Int
      let expectedOutcome = id.contains("idle") ? "idle-timeout" : id.contains("drop") ? "lost-connection" : "rejected"
      let notQuit = (byClient[ip] ?? [:]).filter { $0.key != "quit" }
      if withoutQuit == 0 {
        #expect(notQuit.isEmpty, "\(id): \(notQuit)")
      } else {
        #expect(notQuit == [expectedOutcome: withoutQuit], "\(id)")
      }
      checked += 1
    }
    #expect(checked >= 25)
    // vol-ex-drop-after-ehlo: 12 sessions over the volume pool, lost after EHLO.
    let stages = Engine.table(Self.mainlog, by: [.outcome, .stage], sessions: true).counts
    #expect(stages["lost-connection|EHLO"] == 12)
    #expect(stages["idle-timeout|EHLO"] == 3 && stages["idle-timeout|CONNECT"] == 2 && stages["idle-timeout|DATA"] == 2)
    #expect(
      stages["lost-connection|CONNECT"] == 4 && stages["lost-connection|MAIL"] == 3
        && stages["lost-connection|DATA"] == 2)
  }

  @Test("535 failures are observed (printed by Exim), idle timeouts are inferred 421")
  func authFailuresAndTimeouts() {
    let events = Engine.events(Self.mainAndReject)
    let auth = events.filter { $0["code"] as? Int == 535 }
    #expect(auth.count == 6)
    #expect(
      auth.allSatisfy {
        $0["inferred"] as? Bool == false && $0["kind"] as? String == "auth-failure"
          && $0["command"] as? String == "AUTH"
          && $0["client"] as? String == "127.0.2.6"
      })
    let timeouts = events.filter { $0["kind"] as? String == "timeout" }
    #expect(timeouts.count == 7)
    #expect(timeouts.allSatisfy { $0["code"] as? Int == 421 && $0["inferred"] as? Bool == true })
    let lost = events.filter { $0["kind"] as? String == "lost-connection" && $0["direction"] as? String == "inbound" }
    #expect(lost.count == 21)
    #expect(lost.allSatisfy { $0["code"] is NSNull || $0["code"] == nil })
  }

  @Test("outbound: remote replies, hang-ups without QUIT and expiries")
  func outbound() {
    let events = Engine.events(Self.mainlog).filter { $0["direction"] as? String == "outbound" }
    func count(_ kind: String, _ code: Int? = nil, remote: String? = nil) -> Int {
      events.filter {
        $0["kind"] as? String == kind && (code == nil || $0["code"] as? Int == code)
          && (remote == nil || $0["remote_ip"] as? String == remote)
      }.count
    }
    // Delivered with the remote's confirmation; the two srv221 `C="221 ..."` are hang-ups.
    #expect(count("delivered", 250) == 11)
    #expect(count("remote-hangup", 221) == 2)
    #expect(count("bounced", 550) == 2 && count("bounced", 552) == 1 && count("bounced", 553) == 1)
    #expect(count("bounced", 554) == 3)
    #expect(count("deferred", 450) == 12)
    // `defer (-18)`: mail221, rcpt221 and drop closed without QUIT, on every try.
    #expect(count("remote-hangup", remote: "127.0.9.21") == 7 && count("remote-hangup", remote: "127.0.9.22") == 7)
    #expect(count("expired") == 11)
    let rcpt550 = events.first { $0["code"] as? Int == 550 }
    #expect(rcpt550?["command"] as? String == "RCPT" && rcpt550?["enhanced"] as? String == "5.1.1")
  }

  @Test("every Exim line of the lab is recognized or deliberately ignored")
  func lineClasses() {
    for paths in [Self.mainlog, Self.syslog, Self.mainAndReject] {
      let (summary, totals) = Engine.summary(paths)
      #expect(totals.errors.isEmpty)
      for input in summary.inputs {
        #expect(input.recognized + input.ignored + input.unrecognized == input.lines)
        #expect(input.unrecognized == 0, "\(input.name)")
        #expect(input.recognized > input.lines / 2, "\(input.name)")
      }
    }
  }
}
