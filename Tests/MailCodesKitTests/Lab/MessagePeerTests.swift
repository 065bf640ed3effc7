import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// The message model against pflogsumm's and eximstats's reports of the same lab logs
/// (`Fixtures/peers`): every number is equal, or the test says why it differs and checks the
/// reason on the log itself.
///
/// The two reasons that recur: pflogsumm 1.1.5 reads only the syslog names `postfix/X`,
/// `postfix/smtps/X` and `postfix/submission/X`, so the lab's `postfix/ratelimit/smtpd` and
/// `postfix/pregreet/smtpd` instances are invisible to it (mailcodes reads every instance); and
/// eximstats counts Exim's own bounce messages (`<= <> R=...`) as received, where mailcodes
/// counts them as notifications, as Postfix's are (pflogsumm does not count those either).
@Suite("Messages: the model against pflogsumm and eximstats on the lab logs")
struct MessagePeerTests {
  static let postfixLog = Fixtures.lab("postfix-syslog.log")
  static let eximLog = Fixtures.lab("exim-mainlog")

  static func messages(_ path: String) -> MessageSummary { Engine.summary([path]).0.messages }

  /// The lines of section `title` of peer report `name`: from the line after its underline to
  /// the next blank line.
  static func section(_ name: String, _ title: String) throws -> [String] {
    let lines = try Fixtures.text("peers/" + name).split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    guard let start = lines.firstIndex(where: { $0.hasPrefix(title) }) else {
      Issue.record("no section \(title) in \(name)")
      return []
    }
    var i = start + 1
    if i < lines.count, lines[i].hasPrefix("---") { i += 1 }
    while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
    var out: [String] = []
    while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).isEmpty {
      out.append(lines[i])
      i += 1
    }
    return out
  }

  /// `  355   received` -> 355, for the grand totals of pflogsumm.
  static func pflogsumm(_ label: String) throws -> Int {
    try PeerReportFixtureTests.number(in: "pflogsumm-lab-detail.txt", #"^\s+(\d+)\s+"# + label)
  }

  static func words(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }

  /// Lines of `path` that match `pattern`.
  static func grep(_ path: String, _ pattern: String) throws -> [String] {
    let regex = try NSRegularExpression(pattern: pattern)
    return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init).filter {
      regex.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil
    }
  }

  // MARK: - pflogsumm

  @Test("pflogsumm grand totals: delivered, forwarded, deferred, bounced, held, discarded, bytes delivered are equal")
  func pflogsummEqualTotals() throws {
    let t = Self.messages(Self.postfixLog).totals
    #expect(t.delivered == (try Self.pflogsumm("delivered")))
    #expect(t.forwarded == (try Self.pflogsumm("forwarded")))
    #expect(t.deferredMessages == (try Self.pflogsumm("deferred")))
    let deferrals = try PeerReportFixtureTests.number(
      in: "pflogsumm-lab-detail.txt", #"deferred\s+\((\d+)\s+deferrals\)"#)
    #expect(t.deferrals == deferrals)
    #expect(t.bounced == (try Self.pflogsumm("bounced")))
    #expect(t.held == (try Self.pflogsumm("held")))
    #expect(t.discarded == (try Self.pflogsumm(#"discarded"#)))
    #expect(t.deliveredBytes == Int64(try Self.pflogsumm("bytes delivered")))
    // The numbers themselves, so that a change of both sides cannot pass unnoticed.
    #expect((t.delivered, t.deferredMessages, t.deferrals, t.bounced, t.deliveredBytes) == (376, 13, 111, 6, 230_581))
    // Not in pflogsumm: the 12 messages qmgr gave up on, and the notifications Postfix made.
    #expect(t.expiredMessages == (try Self.grep(Self.postfixLog, "qmgr.*status=expired")).count)
    #expect(t.notifications == (try Self.grep(Self.postfixLog, "bounce.* notification: ")).count)
  }

  @Test("pflogsumm grand totals: distinct senders, sending domains, recipients and recipient domains are equal")
  func pflogsummDistinct() throws {
    let report = MessageReport(Self.messages(Self.postfixLog), top: 10)
    #expect(report.distinct.senders == (try Self.pflogsumm("senders")))
    #expect(report.distinct.senderDomains == (try Self.pflogsumm("sending hosts/domains")))
    #expect(report.distinct.recipients == (try Self.pflogsumm("recipients")))
    #expect(report.distinct.recipientDomains == (try Self.pflogsumm("recipient hosts/domains")))
    #expect(!report.distinct.atLeast)
  }

  @Test("pflogsumm received and bytes received: mailcodes also counts the postfix/ratelimit/smtpd instance")
  func pflogsummReceived() throws {
    let t = Self.messages(Self.postfixLog).totals
    let received = try Self.pflogsumm("received")
    let bytes = try Self.pflogsumm("bytes received")
    #expect((received, bytes) == (355, 146_369))
    // The client= lines pflogsumm does not read, and the sizes qmgr logged for those messages.
    let skipped = try Self.grep(Self.postfixLog, #"postfix/ratelimit/smtpd\[\d+\]: [0-9A-F]+: client="#)
    #expect(skipped.count == 3)
    var skippedBytes = 0
    for line in skipped {
      let id = Self.words(line)[5].dropLast()
      let queued = try Self.grep(Self.postfixLog, "qmgr\\[\\d+\\]: \(id): from=<.*size=")
      skippedBytes += Int(queued.first?.components(separatedBy: "size=").last?.split(separator: ",").first ?? "") ?? 0
    }
    #expect(skippedBytes > 0)
    #expect(t.received == received + skipped.count)
    #expect(t.receivedBytes == Int64(bytes + skippedBytes))
    #expect(t.receivedSMTP + t.receivedLocal == t.received)
    #expect(t.receivedLocal == (try Self.grep(Self.postfixLog, "postfix/pickup")).count)
  }

  @Test(
    "pflogsumm rejected: its reject lines, minus postfix/pregreet/smtpd's; mailcodes adds refusals other lines report")
  func pflogsummRejected() throws {
    let summary = Engine.summary([Self.postfixLog]).0
    let t = summary.messages.totals
    let pflogsumm = try Self.pflogsumm(#"rejected \("#)
    let rejectLines = try Self.grep(Self.postfixLog, #"\]: [^ ]+: (milter-)?reject: "#)
    let pregreet = rejectLines.filter { $0.contains("postfix/pregreet/smtpd[") }
    #expect(pflogsumm == 106 && rejectLines.count == 108 && pregreet.count == 2)
    #expect(rejectLines.count - pregreet.count == pflogsumm)
    // Refusals whose code the engine infers from a line that is not a reject line: `too many
    // errors` (421), anvil limits (421), `queue file size limit exceeded` (552), postscreen's
    // PREGREET/HANGUP/COMMAND drops (521) and its `DATA without valid RCPT` (554).
    // Not counted: refusals inferred from the counters of `disconnect` lines alone
    // (`CounterInference`: the unknown commands of a `too many errors` session answered 500
    // 5.5.2, an EHLO after a CONNECT refusal answered 503 5.7.0): a refusal the log does not
    // report is not a rejected message (`MessageSummary.Totals.rejected`).
    var fromOtherLines = 0
    var fromCounters = 0
    for (key, n) in summary.replies.counts
    where key.direction == .inbound && (key.kind == .reject || key.kind == .authRequired) && key.inferred
      && !(key.command == .endOfData && key.code == 550)
    {
      if (key.code, key.enhanced, key.command) == (500, "5.5.2", .unknown)
        || (key.code, key.enhanced, key.command) == (503, "5.7.0", .ehlo)
      {
        fromCounters += n
      } else {
        fromOtherLines += n
      }
    }
    #expect(fromCounters == 24)
    #expect(fromOtherLines == 13)
    #expect(t.rejected == rejectLines.count + fromOtherLines)
    // The rate: pflogsumm divides by delivered recipients + rejected + discarded; mailcodes by
    // received messages + rejected.
    #expect(Int(Double(pflogsumm) / Double(t.delivered + pflogsumm + t.discarded) * 100) == 21)
    #expect(abs(t.rejectionRate - Double(t.rejected) * 100 / Double(t.received + t.rejected)) < 1e-9)
  }

  @Test("pflogsumm reject detail: each of its reasons is one text of a mailcodes reason, with the same count")
  func pflogsummRejectDetail() throws {
    let m = Self.messages(Self.postfixLog)
    var byText: [String: Int] = [:]
    var byReason: [RejectionReason: Int] = [:]
    for (key, n) in m.rejections.counts {
      byText[key.text, default: 0] += n
      byReason[key.reason, default: 0] += n
    }
    func ours(_ fragment: String) -> Int { byText.filter { $0.key.contains(fragment) }.values.reduce(0, +) }
    let detail = try Self.section("pflogsumm-lab-detail.txt", "message reject detail")
    var checked = 0
    for line in detail where line.contains("(total: ") {
      let reason = line.trimmingCharacters(in: .whitespaces).components(separatedBy: " (top ").first ?? ""
      let total = Int(line.components(separatedBy: "(total: ").last?.dropLast() ?? "") ?? -1
      switch reason {
      case "from=<sender@client.example>":
        // pflogsumm splits postscreen's `RCPT from [ip]:port: 450 4.3.2 ...` at the port's colon.
        #expect(ours("Service currently unavailable") == total)
      case "header":
        #expect(ours("Message content rejected") == total)
      case "5.3.4 Message size exceeds fixed limit":
        #expect(ours("Message size exceeds fixed limit") == total)
      default:
        #expect(ours(reason) == total, "\(reason)")
      }
      checked += 1
    }
    #expect(checked == 16)
    // `554 5.7.1 RCPT` (37 replies) splits into its causes.
    var causes: [RejectionReason: Int] = [:]
    for (key, n) in m.rejections.counts where key.code == 554 && key.enhanced == "5.7.1" && key.command == .rcpt {
      causes[key.reason, default: 0] += n
    }
    #expect(causes == [.relayDenied: 31, .clientHost: 3, .sender: 3])
    #expect(byReason[.unknownRecipient] == 38 && byReason[.greylisting] == 3)
    // The rejected sender and recipient are kept per reason.
    #expect(
      m.rejectedParties[MessageSummary.RejectedPartyKey(reason: .sender, role: .sender, value: "spammer@bad.example")]
        == 3)
    #expect(
      m.rejectedParties[
        MessageSummary.RejectedPartyKey(
          reason: .unknownRecipient, role: .recipient,
          value: "nosuchuser@lab.test")] == 5)
  }

  @Test("pflogsumm per-domain delivery: sent, bytes, deferrals, average and longest delay are equal")
  func pflogsummDomains() throws {
    let m = Self.messages(Self.postfixLog)
    let rows = try Self.section("pflogsumm-lab-detail.txt", "Host/Domain Summary: Message Delivery").dropFirst(2)
    #expect(rows.count == 10)
    for row in rows {
      let w = Self.words(row)
      guard w.count == 8, let stats = m.domains.rows[w[7]] else {
        Issue.record("no row for \(row)")
        continue
      }
      #expect(stats.delivered == Int(w[0]) && stats.bytes == Int64(w[1]) ?? -1 && stats.deferred == Int(w[2]), "\(row)")
      // pflogsumm prints seconds with one decimal, or minutes above 100 s.
      func seconds(_ value: String, _ unit: String) -> Double { (Double(value) ?? -1) * (unit == "m" ? 60 : 1) }
      let average = Double(stats.averageDelay ?? 0) / 1000
      #expect(abs(average - seconds(w[3], w[4])) <= (w[4] == "m" ? 3 : 0.05), "\(row)")
      #expect(abs(Double(stats.delayMax) / 1000 - seconds(w[5], w[6])) <= (w[6] == "m" ? 3 : 0.05), "\(row)")
    }
  }

  @Test("pflogsumm top recipients by count and size, and messages received per domain, are equal")
  func pflogsummTopLists() throws {
    let m = Self.messages(Self.postfixLog)
    for row in try Self.section("pflogsumm-lab-detail.txt", "top 10 Recipients by message count") {
      let w = Self.words(row)
      #expect(m.recipients.rows[w[1]]?.count == Int(w[0]), "\(row)")
    }
    for row in try Self.section("pflogsumm-lab-detail.txt", "top 10 Recipients by message size") {
      let w = Self.words(row)
      #expect(m.recipients.rows[w[1]]?.bytes == Int64(w[0]), "\(row)")
    }
    for row in try Self.section("pflogsumm-lab-detail.txt", "Host/Domain Summary: Messages Received").dropFirst(2) {
      let w = Self.words(row)
      let ours = m.senderDomains.rows[w[2]]
      if w[2] == "client.example" {
        // The 3 messages of postfix/ratelimit/smtpd come from sender@client.example.
        #expect(ours?.count == Int(w[0])! + 3 && ours!.bytes > Int64(w[1])!, "\(row)")
      } else {
        #expect(ours?.count == Int(w[0]) && ours?.bytes == Int64(w[1]), "\(row)")
      }
    }
    for row in try Self.section("pflogsumm-lab-detail.txt", "top 10 Senders by message count") {
      let w = Self.words(row)
      #expect(m.senders.rows[w[1]]?.count == Int(w[0])! + (w[1] == "sender@client.example" ? 3 : 0), "\(row)")
    }
  }

  @Test("pflogsumm warnings and master messages: the same counts per daemon")
  func pflogsummWarnings() throws {
    let m = Self.messages(Self.postfixLog)
    var perDaemon: [String: Int] = [:]
    var notices = 0
    for (key, n) in m.problems.counts {
      if key.severity == .notice {
        notices += n
        continue
      }
      #expect(key.severity == .warning)
      // pflogsumm names the daemon without `postfix/` and without `submission/`.
      let daemon = key.program.replacingOccurrences(of: "postfix/", with: "").replacingOccurrences(
        of: "submission/", with: "")
      perDaemon[daemon, default: 0] += n
    }
    let warnings = try Self.section("pflogsumm-lab-detail.txt", "Warnings")
    for line in warnings where line.contains("(total: ") {
      let daemon = line.trimmingCharacters(in: .whitespaces).components(separatedBy: " (top").first ?? ""
      let total = Int(line.components(separatedBy: "(total: ").last?.dropLast() ?? "") ?? -1
      #expect(perDaemon[daemon] == total, "\(daemon)")
    }
    #expect(perDaemon.values.reduce(0, +) == 93)
    #expect(notices == (try Self.section("pflogsumm-lab-detail.txt", "Master daemon messages")).count)
    #expect(
      m.problems[
        MessageSummary.ProblemKey(program: "postfix/master", severity: .notice, text: "terminating on signal 15")] == 1)
  }

  // MARK: - eximstats

  @Test("eximstats grand total: received (with its notifications), delayed, failed, delivered addresses")
  func eximstatsTotals() throws {
    let t = Self.messages(Self.eximLog).totals
    let received = try Self.section("eximstats-lab.txt", "Grand total summary").first { $0.contains("Received") }.map(
      Self.words)
    let delivered = try Self.section("eximstats-lab.txt", "Grand total summary").first { $0.contains("Delivered") }.map(
      Self.words)
    // `Received 141KB 260 17 11 4.2% 18 6.9%`: messages, hosts, delayed, failed.
    #expect(received?[2] == "260" && received?[4] == "11" && received?[6] == "18")
    // Exim's own bounces are notifications in mailcodes (`<= <> R=...`, 18 of them).
    #expect(t.received + t.notifications == 260)
    #expect(t.notifications == (try Self.grep(Self.eximLog, " <= <> R=")).count)
    #expect(t.deferredMessages == 11)
    #expect(t.bouncedMessages + t.expiredMessages == 18)
    // `Delivered 151KB 261 261 5`: eximstats's messages are `=>` lines, its addresses `=>` and
    // `->` lines; mailcodes counts recipients (261) and distinct messages with a delivery.
    #expect(delivered?[2] == "261" && delivered?[3] == "261")
    #expect(t.delivered == 261)
    #expect((try Self.grep(Self.eximLog, " => ")).count == 261)
    #expect(t.deliveredMessages == 242)
  }

  @Test("eximstats deliveries by transport are equal")
  func eximstatsTransports() throws {
    let m = Self.messages(Self.eximLog)
    var ours: [String: Int] = [:]
    for (key, volume) in m.transports.rows { ours[key.name] = volume.count }
    var theirs: [String: Int] = [:]
    for row in try Self.section("eximstats-lab.txt", "Deliveries by transport").dropFirst() {
      let w = Self.words(row)
      theirs[w[0]] = Int(w[2])
    }
    #expect(theirs == ["local_mailbox": 248, "remote_smtp": 10, "remote_smtp_slow": 1, "smtp_to_postfix": 2])
    #expect(ours == theirs)
    #expect(m.transports.rows.keys.first { $0.name == "local_mailbox" }?.agent == .local)
    #expect(m.transports.rows.keys.first { $0.name == "remote_smtp" }?.agent == .smtp)
  }

  @Test("eximstats time on the queue: the same messages under one and five minutes")
  func eximstatsQueueTimes() throws {
    let h = Self.messages(Self.eximLog).queueTimes
    let under1m = h.counts.filter { $0.key < 60_000 }.values.reduce(0, +)
    let under5m = h.counts.filter { $0.key >= 60_000 && $0.key < 300_000 }.values.reduce(0, +)
    #expect(under1m == 249 && under5m == 11 && h.count == 260)
  }

  @Test("eximstats local destinations: mailcodes counts addresses, eximstats the local user of each")
  func eximstatsLocalDestinations() throws {
    let m = Self.messages(Self.eximLog)
    var byUser: [String: Int] = [:]
    for (address, volume) in m.recipients.rows {
      var user = address.components(separatedBy: "@").first ?? address
      user = user.components(separatedBy: "+").first ?? user
      // Local deliveries: the lab's own domains (postfix.lab.test is the Postfix host, remote).
      if address.hasSuffix("@lab.test") || address.hasSuffix("@exim.lab.test") {
        byUser[user, default: 0] += volume.count
      }
    }
    for row in try Self.section("eximstats-lab.txt", "Top 50 local destinations by message count").dropFirst() {
      let w = Self.words(row)
      #expect(byUser[w[4]] == Int(w[0]), "\(row)")
    }
  }

  @Test("eximstats rejection reasons: each named reason is one mailcodes text with the same count")
  func eximstatsRejections() throws {
    let m = Self.messages(Self.eximLog)
    var byText: [String: Int] = [:]
    for (key, n) in m.rejections.counts { byText[key.text, default: 0] += n }
    let expected: [(String, String)] = [
      ("Rejected RCPT: relay not permitted", "relay not permitted"),
      ("Rejected RCPT: Unrouteable address", "Unrouteable address"),
      ("Rejected RCPT: Sender rejected", "Sender rejected: your domain is blocked"),
      ("Rejected RCPT: This mailbox does not accept mail", "This mailbox does not accept mail"),
      ("Message content rejected (spam)", "Message content rejected (spam)"),
      ("Rejected MAIL: 530 5.7.0 Authentication required", "Authentication required"),
    ]
    for (theirs, ours) in expected {
      let count = try PeerReportFixtureTests.number(
        in: "eximstats-lab.txt", #"^\s+(\d+)\s+"# + NSRegularExpression.escapedPattern(for: theirs))
      #expect(byText[ours] == count, "\(theirs)")
    }
    let greylisted = try PeerReportFixtureTests.number(
      in: "eximstats-lab.txt", #"^\s+(\d+)\s+Temporarily rejected RCPT: Greylisted"#)
    #expect(m.rejections.counts.filter { $0.key.reason == .greylisting }.values.reduce(0, +) == greylisted)
  }
}
