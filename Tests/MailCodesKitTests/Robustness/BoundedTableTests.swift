import Foundation
import MailCodesTestSupport
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

/// Full tables never print a wrong number as right: what a bound keeps out is counted under
/// "(other)", so rows and totals stay exact, and a number that became a lower bound (distinct
/// clients) is printed `>= N`, in every format. Small bounds stand in for the real ones.
@Suite("Bounded tables: exact or marked as bounds")
struct BoundedTableTests {
  /// 300 clients rejected once each (550), 200 sessions from distinct clients that lose their
  /// connection, 120 deferrals by distinct remote servers (451), then 60 rejections (554) of
  /// one client, each in a different hour.
  static func log() -> String {
    func ip(_ k: Int) -> String { "10.\(k / 65536 % 256).\(k / 256 % 256).\(k % 256)" }
    var lines: [String] = []
    let head = "Nov 28 06:25:01 mx postfix/smtpd"
    for k in 0..<300 {
      lines.append(
        "\(head)[\(1000 + k)]: NOQUEUE: reject: RCPT from c\(k)[\(ip(k))]: 550 5.1.1 <u@example.com>: "
          + "Recipient address rejected: User unknown; from=<s@example.org> to=<u@example.com> proto=ESMTP helo=<c>")
    }
    for k in 0..<200 {
      let client = "s\(k)[\(ip(10_000 + k))]"
      lines.append("\(head)[\(5000 + k)]: connect from \(client)")
      lines.append("\(head)[\(5000 + k)]: lost connection after CONNECT from \(client)")
      lines.append("\(head)[\(5000 + k)]: disconnect from \(client) commands=0/0")
    }
    for k in 0..<120 {
      let remote = "mx\(k).example[198.51.100.\(k)]"
      lines.append(
        "Nov 28 06:25:02 mx postfix/smtp[900]: 4AB\(String(k, radix: 16, uppercase: true))CD: "
          + "to=<u@d\(k).example>, relay=\(remote):25, delay=1, delays=0/0/0/1, dsn=4.3.0, status=deferred "
          + "(host \(remote) said: 451 4.3.0 Try again later (in reply to RCPT TO command))")
    }
    for k in 0..<60 {
      let day = 10 + k / 24
      let hour = k % 24
      lines.append(
        "2026-11-\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z mx postfix/smtpd[7]: NOQUEUE: reject: RCPT "
          + "from c[192.0.2.1]: 554 5.7.1 <u@example.com>: Relay access denied; from=<s@example.org> "
          + "to=<u@example.com> proto=ESMTP helo=<c>")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func summary(_ path: String) -> Summary {
    let names = NameTable()
    var builder = SummaryBuilder(names: names, maxPeerRows: 100, maxDeliveryRows: 50, maxHourRows: 20)
    let totals = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &builder)
    return builder.finish(totals: totals)
  }

  static func count(_ s: Summary, code: UInt16) -> Int {
    s.replies.counts.filter { $0.key.code == code }.reduce(0) { $0 + $1.value }
  }

  @Test("the summary: every row and total exact, what the bounds kept out under (other)")
  func summaryIsExact() throws {
    let path = Fixtures.temporaryFile(Self.log())
    defer { try? FileManager.default.removeItem(atPath: path) }
    let s = Self.summary(path)
    #expect(Self.count(s, code: 550) == 300 && Self.count(s, code: 554) == 60 && Self.count(s, code: 451) == 120)
    // Peers: each reply kind's rows add up to its count; 100 named clients, the rest lumped.
    for (reply, n) in s.replies.counts {
      let rows = s.peers.entries.filter { $0.key.reply == reply }.reduce(0) { $0 + $1.count }
      #expect(rows == n, "peer rows of \(reply.code) add up to its count")
    }
    #expect(s.peers.entries.filter { $0.key.peer != Summary.other }.count == 100)
    // Sessions: 200 lost connections, 100 clients named, 100 in (other).
    let lost = s.sessionPeers.entries.filter { $0.key.outcome == .lostConnection }
    #expect(lost.reduce(0) { $0 + $1.count } == 200)
    #expect(lost.first { $0.key.peer == Summary.other }?.count == 100)
    // Deliveries: 120 in all, 70 of them under the remote (other).
    #expect(s.deliveries.total == 120)
    #expect(s.deliveries.entries.first { $0.key.remote == Summary.other }?.count == 70)
    // Hours: 20 rows, the 42 replies of later hours under (other); the sum is every reply.
    #expect(s.hourly.total == 480)
    #expect(s.hourly.entries.filter { $0.key.hour == Summary.other }.reduce(0) { $0 + $1.count } == 42)
    #expect(s.fullTables.map(\.table) == ["peers", "session_peers", "deliveries", "hourly"])
    #expect(s.fullTables.map(\.countsInOther) == [380, 100, 70, 42])
  }

  @Test("text, JSON, CSV, HTML and OpenMetrics: exact numbers, bounds marked")
  func everyFormat() throws {
    let path = Fixtures.temporaryFile(Self.log())
    defer { try? FileManager.default.removeItem(atPath: path) }
    let s = Self.summary(path)
    let report = Report(summary: s, top: 3)

    let text = TextRenderer(width: 80).render(report)
    #expect(text.contains("\n        >= 101 clients: (other) (200), 10.0.0.0 (1), 10.0.0.1 (1), ...\n"), "\(text)")
    #expect(!text.contains(" 101 clients:") || text.contains(">= 101 clients:"))
    #expect(text.contains("\n  deferred  451  4.3.0      RCPT             120  Requested action aborted"))
    #expect(text.contains("remotes: (other) (70), mx0.example (1), mx1.example (1)"))
    #expect(text.contains("\n  table full: 42 replies of other hours not shown\n"))
    #expect(text.contains("\nLIMITS AND HAND-OVERS\n"))
    #expect(
      text.contains(
        "\n  table full: peers, 380 counts in (other): the number of clients per reply is a\n"
          + "              lower bound\n"))
    #expect(text.contains("\n  table full: hourly, 42 counts in (other): some hours of replies are not shown\n"))

    let json = try #require(StrictJSON.object(SummaryJSON.render(s)))
    let limits = try #require(json["limits"] as? [String: Any])
    let full = try #require(limits["full_tables"] as? [String: Int])
    #expect(full == ["peers": 380, "session_peers": 100, "deliveries": 70, "hourly": 42])
    #expect((json["totals"] as? [String: Any])?["replies"] as? Int == 480)
    // Read back and merged with itself: still exact, still marked.
    let read = try SummaryJSONReader.read(SummaryJSON.render(s))
    #expect(read.fullTables == s.fullTables)

    #expect(SummaryCSV.render(s).contains("\ninbound,550,5.1.1,RCPT,reject,false,300\n"))

    let html = HTMLRenderer().render(report)
    #expect(html.contains("<h2>Limits and hand-overs</h2>"))
    #expect(html.contains("<span class=\"num\">&gt;= 101</span>"))
    #expect(html.contains("Table full: 42 replies of other hours not shown."))

    let metrics = OpenMetricsRenderer.render(s)
    #expect(metrics.contains("\nmailcodes_limit_hits_total{limit=\"full_table_peers\"} 380\n"))
    #expect(metrics.contains("\nmailcodes_limit_hits_total{limit=\"full_table_deliveries\"} 70\n"))
    let deliveries = metrics.split(separator: "\n").filter { $0.hasPrefix("mailcodes_deliveries_total") }
    #expect(deliveries.reduce(0) { $0 + (Int($1.split(separator: " ").last ?? "") ?? 0) } == 120)
  }

  @Test("a report without a full table prints no bound: plain counts, no LIMITS part")
  func noBoundNoMark() throws {
    let path = Fixtures.temporaryFile(Self.log())
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (s, _) = Engine.summary([path])
    #expect(s.fullTables.isEmpty)
    let text = TextRenderer(width: 100).render(Report(summary: s, top: 3))
    #expect(text.contains("\n        300 clients: 10.0.0.0 (1), 10.0.0.1 (1), 10.0.0.10 (1), ...\n"))
    #expect(!text.contains(">=") && !text.contains("table full"))
    #expect(!HTMLRenderer().render(Report(summary: s)).contains("Limits and hand-overs"))
  }

  @Test("merging into a full table: the counts that do not fit go to (other), totals exact")
  func mergeIntoFullTable() {
    let reply = Summary.ReplyKey(
      direction: .inbound, code: 550, enhanced: "5.1.1", command: .rcpt, kind: .reject,
      inferred: false, hint: .none)
    var a = Summary()
    a.peers = Tally(limit: 2)
    a.replies.add(reply, 2)
    a.peers.add(Summary.PeerKey(reply: reply, peer: "192.0.2.1"), 1)
    a.peers.add(Summary.PeerKey(reply: reply, peer: "192.0.2.2"), 1)
    var b = Summary()
    b.replies.add(reply, 3)
    for k in 3...5 { b.peers.add(Summary.PeerKey(reply: reply, peer: "192.0.2.\(k)"), 1) }
    a.merge(b)
    #expect(a.peers.total == 5 && a.peers.overflow == 0)
    #expect(a.peers[Summary.PeerKey(reply: reply, peer: Summary.other)] == 3)
    #expect(a.fullTables.map(\.countsInOther) == [3])
    #expect(Report(summary: a).inbound.first?.peersAtLeast == true)
  }

  @Test("--by tables: the (other) row, and the text says the table was full")
  func groupByTable() throws {
    let path = Fixtures.temporaryFile(Self.log())
    defer { try? FileManager.default.removeItem(atPath: path) }
    let names = NameTable()
    var table = GroupByTable(fields: [.client], countSessions: false, names: names, maxRows: 10)
    _ = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &table)
    table.flushPending()
    let t = table.table()
    #expect(t.total == 480)
    let text = TableRenderer.text(t)
    #expect(
      text.hasSuffix(
        "total: 480 reply events\ntable full: \(TextLayout.number(t.overflow)) counted in the (other) row\n"))
  }
}

/// Foundation's strict JSON parser on a rendered document.
enum StrictJSON {
  static func object(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
  }
}
