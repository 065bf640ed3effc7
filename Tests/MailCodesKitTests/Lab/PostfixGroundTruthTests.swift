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

/// The real Postfix logs of the lab (`Fixtures/lab`, copied from `../shared/lab/out`) against
/// the lab's ground truth: what every client actually received, per client address.
@Suite("Postfix logs against the lab's ground truth")
struct PostfixGroundTruthTests {
  /// Phase A (rotated, gzip), phase B (live file), phase C (postlogd's own file).
  static let classicFiles = ["postfix-syslog.log.1.gz", "postfix-syslog.log", "postfix-maillog_file.log"]
    .map(Fixtures.lab)
  static let rfc3339Files = ["postfix-rfc3339.log.1.gz", "postfix-rfc3339.log", "postfix-maillog_file.log"]
    .map(Fixtures.lab)

  /// Client addresses that are MTAs of the lab, not scenario clients.
  static let mtaAddresses: Set<String> = ["127.0.0.253", "127.0.0.254"]

  /// Replies Postfix sends but whose code its log does not show at all, or shows only as a
  /// failed command in the `disconnect` counters (an event without a code). Each entry is a
  /// documented Postfix behaviour seen in these real logs (see the lab README).
  static let knownGaps: [String: (codes: [String: Int], unlogged: Int)] = [
    // 530 5.7.0 Must issue a STARTTLS command first: only `mail=0/1`.
    "127.0.1.5": (["530": 4], 4),
    // 452 4.5.3 too many recipients: not logged, and the counters even say rcpt=25.
    "127.0.1.38": (["452": 5], 0),
    // 501/502 syntax errors: counted as failed EHLO/MAIL/VRFY; the empty command line (500)
    // is not counted by Postfix at all. The failed unknown command is an inferred 500 5.5.2.
    "127.0.1.30": (["500": 2, "501": 4, "502": 2], 6),
    // 503 sequence errors: failed MAIL/RCPT/DATA in the counters, with a MAIL that succeeded
    // and an RSET in between (no single reply is certain).
    "127.0.1.31": (["503": 8], 8),
  ]

  /// `debug_peer_list` peers: Postfix logs their whole dialogue (`> host[ip]: 250 ...`), so
  /// every code they received is in the log (see Formats/Transcript/PostfixVerboseLines.swift).
  static let verbosePeers: Set<String> = ["127.0.0.2"]

  static func isVisible(_ code: String) -> Bool {
    code == "221" || code.hasPrefix("4") || code.hasPrefix("5")
  }

  @Test("codes by client agree with what each client received")
  func codesByClient() throws {
    let truth = try Fixtures.groundTruth()
    let rows = truth["per_client_ip"] as! [[String: Any]]
    let table = Engine.table(Self.classicFiles, by: [.client, .code])
    var ours: [String: [String: Int]] = [:]
    var unlogged: [String: Int] = [:]
    for row in table.rows {
      let client = row.values[0]
      let code = row.values[1]
      if code.isEmpty {
        unlogged[client, default: 0] += row.count
      } else {
        ours[client, default: [:]][code, default: 0] += row.count
      }
    }
    var checked = 0
    for row in rows where row["server"] as? String == "postfix" {
      let client = row["client_ip"] as! String
      guard !Self.mtaAddresses.contains(client) else { continue }
      let received = row["reply_codes_received"] as? [String: Int] ?? [:]
      var expected = received.filter { Self.isVisible($0.key) || Self.verbosePeers.contains(client) }
      var expectedUnlogged = 0
      if let gap = Self.knownGaps[client] {
        for (code, n) in gap.codes { expected[code, default: 0] -= n }
        expected = expected.filter { $0.value != 0 }
        expectedUnlogged = gap.unlogged
      }
      #expect(ours[client] ?? [:] == expected, "codes for \(client)")
      #expect(unlogged[client] ?? 0 == expectedUnlogged, "refusals without a code for \(client)")
      checked += 1
    }
    #expect(checked >= 50)
  }

  @Test("sessions and QUITs per client agree with the log checks of the lab")
  func sessionsAndQuitsByClient() throws {
    let truth = try Fixtures.groundTruth()
    let rows = truth["per_client_ip"] as! [[String: Any]]
    let table = Engine.table(Self.classicFiles, by: [.client, .outcome], sessions: true)
    var sessions: [String: Int] = [:]
    var quits: [String: Int] = [:]
    for row in table.rows {
      sessions[row.values[0], default: 0] += row.count
      if row.values[1] == "quit" { quits[row.values[0], default: 0] += row.count }
    }
    for row in rows where row["server"] as? String == "postfix" {
      let client = row["client_ip"] as! String
      #expect(sessions[client] ?? 0 == row["log_connections"] as! Int, "sessions of \(client)")
      #expect(quits[client] ?? 0 == row["log_quit"] as! Int, "QUITs of \(client)")
    }
  }

  @Test("sessions without QUIT end as idle timeouts, lost connections or rejections")
  func outcomesByScenario() throws {
    let truth = try Fixtures.groundTruth()
    let scenarios = truth["scenarios"] as! [[String: Any]]
    let table = Engine.table(Self.classicFiles, by: [.client, .outcome], sessions: true)
    var byClient: [String: [String: Int]] = [:]
    for row in table.rows { byClient[row.values[0], default: [:]][row.values[1], default: 0] += row.count }
    var checked = 0
    for scenario in scenarios where scenario["server"] as? String == "postfix" {
      let id = scenario["id"] as! String
      let ips = scenario["client_ips"] as! [String: Int]
      guard ips.count == 1, let ip = ips.keys.first, !ip.hasPrefix("127.0.8.4"), !ip.hasPrefix("127.0.8.9") else {
        continue
      }
      let withoutQuit = scenario["sessions_without_quit"] as! Int
      let expectedOutcome: String
      if id.contains("idle") {
        expectedOutcome = "idle-timeout"
      } else if id.contains("drop") || id == "pscrn-hangup" {
        expectedOutcome = "lost-connection"
      } else {
        expectedOutcome = "rejected"
      }
      let counts = byClient[ip] ?? [:]
      let notQuit = counts.filter { $0.key != "quit" }
      if withoutQuit == 0 {
        #expect(notQuit.isEmpty, "\(id): \(notQuit)")
      } else {
        #expect(notQuit == [expectedOutcome: withoutQuit], "\(id)")
      }
      checked += 1
    }
    #expect(checked >= 40)
  }

  @Test("SASL failures are inferred 535 5.7.8, marked inferred")
  func inferredAuthFailures() throws {
    let events = Engine.events(Self.classicFiles).filter { $0["code"] as? Int == 535 }
    #expect(events.count == 11)
    #expect(events.allSatisfy { $0["inferred"] as? Bool == true && $0["enhanced"] as? String == "5.7.8" })
    #expect(events.allSatisfy { $0["kind"] as? String == "auth-failure" && $0["command"] as? String == "AUTH" })
    let clients = Dictionary(grouping: events, by: { $0["client"] as! String }).mapValues(\.count)
    #expect(clients == ["127.0.1.7": 6, "127.0.1.8": 3, "127.0.6.5": 2])
  }

  @Test("classic and RFC 3339 copies of the same stream give the same tables")
  func formatParity() {
    let fields: [GroupField] = [.client, .code, .enhanced, .command, .kind, .inferred, .hour]
    let classic = Engine.table(Self.classicFiles, by: fields)
    let rfc3339 = Engine.table(Self.rfc3339Files, by: fields)
    #expect(classic.rows == rfc3339.rows)
    #expect(classic.total > 400)
  }

  @Test("every line is classified, and no Postfix line of the lab is unrecognized")
  func lineClasses() {
    let (summary, totals) = Engine.summary(Self.classicFiles)
    #expect(totals.errors.isEmpty)
    for input in summary.inputs {
      #expect(input.recognized + input.ignored + input.unrecognized == input.lines)
      #expect(input.unrecognized == 0, "\(input.name)")
    }
  }
}
