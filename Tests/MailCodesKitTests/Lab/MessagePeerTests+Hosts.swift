import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesKit
@testable import MailCodesRendering

/// eximstats's tables of hosts and users against mailcodes's `--by` tables of the same lab log.
extension MessagePeerTests {
  /// The rows of an eximstats table: the first number and the last word of each row.
  static func eximstatsRows(_ title: String) throws -> [(count: Int, name: String)] {
    try section("eximstats-lab.txt", title).dropFirst().map {
      let w = words($0)
      return (Int(w[0]) ?? -1, w[w.count - 1])
    }
  }

  @Test("eximstats sending hosts by count: --by client --count messages, a host's address for its name")
  func eximstatsSendingHosts() throws {
    let table = Engine.table([Self.eximLog], by: [.client], messages: true)
    var ours: [String: Int] = [:]
    for row in table.rows { ours[row.values[0]] = row.count }
    // eximstats names a host as the log does (`(helo)`, the first word after `H=`); each of the
    // lab's names has one address.
    var addressOf: [String: String] = [:]
    let regex = try NSRegularExpression(pattern: #" <= \S+ .*H=(\S+) (?:\([^)]*\) )?\[([^\]]+)\]"#)
    for line in try Self.grep(Self.eximLog, " <= ") {
      guard let m = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
        let name = Range(m.range(at: 1), in: line), let ip = Range(m.range(at: 2), in: line)
      else { continue }
      #expect(addressOf[String(line[name])].map { $0 == String(line[ip]) } ?? true, "\(line)")
      addressOf[String(line[name])] = String(line[ip])
    }
    let rows = try Self.eximstatsRows("Top 50 sending hosts by message count")
    #expect(rows.count == 17 && rows.reduce(0) { $0 + $1.count } == 260)
    let notifications = Self.messages(Self.eximLog).totals.notifications
    for (count, host) in rows {
      if host == "local" {
        // Exim's own bounces (`<= <> R=... U=Debian-exim P=local`) are local submissions to
        // eximstats, notifications to mailcodes.
        #expect(ours["local"] == 25 && count == 25 + notifications, "\(host)")
      } else {
        #expect(ours[addressOf[host] ?? "?"] == count, "\(host)")
      }
    }
    #expect(table.total == 242)
  }

  @Test("eximstats local senders: --by local_user --count messages (Exim's Debian-exim bounces are notifications)")
  func eximstatsLocalSenders() throws {
    let table = Engine.table([Self.eximLog], by: [.localUser], messages: true)
    var ours: [String: Int] = [:]
    for row in table.rows { ours[row.values[0]] = row.count }
    let rows = try Self.eximstatsRows("Top 50 local senders by message count")
    #expect(rows.map(\.name) == ["root", "Debian-exim"])
    for (count, user) in rows {
      if user == "Debian-exim" {
        #expect(ours[user] == nil)
        #expect((try Self.grep(Self.eximLog, " <= <> R=.* U=Debian-exim ")).count == count)
        #expect(Self.messages(Self.eximLog).totals.notifications == count)
      } else {
        #expect(ours[user] == count, "\(user)")
      }
    }
    // Postfix's pickup names the submitter's uid.
    let postfix = Engine.table([Self.postfixLog], by: [.localUser, .client], messages: true)
    #expect(
      postfix.rows.first { $0.values == ["0", "local"] }?.count
        == (try Self.grep(Self.postfixLog, "pickup.* uid=0 ")).count)
  }

  @Test(
    "eximstats rejected ips: --by client,reason refusals per client; the differences are lines eximstats misreads or never sees"
  )
  func eximstatsRejectedIPs() throws {
    let table = Engine.table([Self.eximLog], by: [.client, .reason])
    var ours: [String: Int] = [:]
    for row in table.rows where !row.values[1].isEmpty { ours[row.values[0], default: 0] += row.count }
    var theirs: [String: Int] = [:]
    for (count, ip) in try Self.eximstatsRows("Top 50 rejected ips by message count") {
      theirs[String(ip.dropFirst().dropLast())] = count
    }
    #expect(theirs.values.reduce(0, +) == 89)
    // eximstats reads `ID H=127.0.9.9 [127.0.9.9] Connection refused`, a delivery that could
    // not connect (outbound), as a rejection for its word "refused".
    let refused = try Self.grep(Self.eximLog, #" H=127\.0\.9\.9 \[127\.0\.9\.9\] Connection refused"#)
    #expect(theirs["127.0.9.9"] == refused.count && ours["127.0.9.9"] == nil)
    // A client that drops after too many errors: eximstats counts the `dropped` line, mailcodes
    // each refused command (503 RCPT, 500).
    for ip in ["127.0.2.19", "127.0.2.20"] {
      #expect(theirs[ip] == (try Self.grep(Self.eximLog, #"\[\#(ip)\]:\d+ dropped: "#)).count)
      #expect(ours[ip] == 8)
    }
    // Protocol errors Exim answers without a line that says rejected (503 sender already
    // given, 501 MAIL syntax, 503 AUTH not advertised): eximstats has no line to count.
    for ip in ["127.0.2.30", "127.0.2.10", "127.0.2.5"] {
      #expect(theirs[ip] == nil && (ours[ip] ?? 0) > 0, "\(ip)")
      #expect((try Self.grep(Self.eximLog, #"\[\#(ip)\].* (rejected|refused|dropped)"#)).isEmpty)
    }
    // Greylisting: eximstats's table of temporarily rejected ips.
    let temporary = try Self.eximstatsRows("Top 50 temporarily rejected ips by message count")
    #expect(temporary.count == 1 && temporary[0].name == "[127.0.2.24]" && ours["127.0.2.24"] == temporary[0].count)
    let explained: Set = [
      "127.0.9.9", "127.0.2.19", "127.0.2.20", "127.0.2.30", "127.0.2.10", "127.0.2.5", "127.0.2.24",
    ]
    var equal = 0
    for ip in Set(theirs.keys).union(ours.keys) where !explained.contains(ip) {
      #expect(ours[ip] == theirs[ip], "\(ip)")
      equal += 1
    }
    #expect(equal == 22)
  }
}

extension MessagePeerTests {
  @Test("eximstats relayed messages: the same paths and counts (received from a host, sent on to a host, no alias)")
  func eximstatsRelayed() throws {
    let m = Self.messages(Self.eximLog)
    // `      2 (localhost)[127.0.0.1] labuser@lab.test` then `      => 127.0.9.1[127.0.9.1] dave@ok.sink.test`.
    let lines = try Self.section("eximstats-lab.txt", "Relayed messages")
    var theirs: [MessageSummary.RelayedKey: Int] = [:]
    var i = 0
    while i + 1 < lines.count, !lines[i].contains("Total:") {
      let from = Self.words(lines[i])
      let to = Self.words(lines[i + 1])
      let host = from[1]
      let ip = String(host[host.index(after: host.lastIndex(of: "[")!)..<host.lastIndex(of: "]")!])
      let key = MessageSummary.RelayedKey(client: ip, sender: from[2], remote: to[1], recipient: to[2])
      theirs[key] = Int(from[0])
      i += 2
    }
    #expect(theirs.values.reduce(0, +) == 6)
    #expect(try PeerReportFixtureTests.number(in: "eximstats-lab.txt", #"^\s+Total: (\d+) \(plus 0 unshown\)"#) == 6)
    var ours: [MessageSummary.RelayedKey: Int] = [:]
    for (key, n) in m.relayed.counts {
      // mailcodes keeps the remote as Exim logs it (`127.0.9.1 [127.0.9.1]`); eximstats joins it.
      var k = key
      k.remote = key.remote.replacingOccurrences(of: " ", with: "")
      ours[k] = n
    }
    #expect(ours == theirs)
    #expect(m.totals.relayed == 6)
    // Postfix: the same scenarios (a MUA's and localhost's messages to ok.sink.test).
    let postfix = Self.messages(Self.postfixLog)
    #expect(postfix.totals.relayed == postfix.relayed.counts.values.reduce(0, +))
    #expect(Set(postfix.relayed.counts.keys.map(\.recipient)) == ["friend@ok.sink.test", "dave@ok.sink.test"])
  }
}

extension MessagePeerTests {
  /// pflogsumm reads the connections of these smtpd services only.
  static let pflogsummServices: Set = ["postfix/smtpd", "postfix/submission/smtpd", "postfix/smtps/smtpd"]

  /// `0:00:57` -> 57.
  static func seconds(_ hms: String) -> Int {
    hms.split(separator: ":").reduce(0) { $0 * 60 + (Int($1) ?? 0) }
  }

  @Test("pflogsumm connect times per hour and per client: --count connect-time, sessions of its three smtpd services")
  func pflogsummConnectTimes() throws {
    // Per hour: `0000-0100  474  0:00:57  0s  6s`.
    let perHour = Engine.table([Self.postfixLog], by: [.service, .hour], connectTime: true)
    #expect(perHour.countsConnectTime && perHour.unit == "seconds")
    let hours = try Self.section("pflogsumm-lab-detail.txt", "Per-Hour SMTPD Connection Summary").dropFirst(2)
    #expect(hours.count == 1)
    for row in hours {
      let w = Self.words(row)
      let ours = perHour.rows.filter { Self.pflogsummServices.contains($0.values[0]) }
      let sessions = ours.reduce(0) { $0 + ($1.sessions ?? 0) }
      let seconds = ours.reduce(0) { $0 + $1.count }
      #expect(sessions == Int(w[1]) && seconds == Self.seconds(w[2]), "\(row)")
      #expect(seconds / sessions == Int(w[3].dropLast()), "\(row)")
      #expect(ours.map { $0.longest ?? 0 }.max() == Int(w[4].dropLast()), "\(row)")
    }
    #expect(try Self.pflogsumm("connections") == 474)
    #expect(
      Self.seconds(try Self.section("pflogsumm-lab-detail.txt", "smtpd")[3].split(separator: " ")[0].description) == 57)
    // mailcodes also times the sessions pflogsumm does not read: postscreen's, and the smtpd
    // instances of other names (pregreet, ratelimit).
    #expect(perHour.rows.reduce(0) { $0 + ($1.sessions ?? 0) } == 498)
    #expect(TableRenderer.csv(perHour).hasPrefix("service,hour,sessions,seconds,max_seconds\npostfix/smtpd,"))
    #expect(TableRenderer.json(perHour).contains(#""sessions":450,"count":57,"max_seconds":6"#))
    #expect(TableRenderer.text(perHour).contains("total: 498 sessions"))

    // Per client: `51  0:00:00  0s  0s  127.0.3.8`, the clients of every one of those services together.
    let perClient = Engine.table([Self.postfixLog], by: [.service, .client], connectTime: true)
    var ours: [String: (sessions: Int, seconds: Int, longest: Int)] = [:]
    for row in perClient.rows where Self.pflogsummServices.contains(row.values[0]) {
      let known = ours[row.values[1]] ?? (0, 0, 0)
      ours[row.values[1]] = (
        known.sessions + (row.sessions ?? 0), known.seconds + row.count, max(known.longest, row.longest ?? 0)
      )
    }
    let clients = try Self.section("pflogsumm-lab-detail.txt", "Host/Domain Summary: SMTPD Connections").dropFirst(2)
    #expect(clients.count == 10)
    for row in clients {
      let w = Self.words(row)
      let mine = ours[w[4]]
      #expect(mine?.sessions == Int(w[0]) && mine?.seconds == Self.seconds(w[1]), "\(row)")
      #expect(mine.map { $0.seconds / max(1, $0.sessions) } == Int(w[2].dropLast()), "\(row)")
      #expect(mine?.longest == Int(w[3].dropLast()), "\(row)")
    }
    #expect(ours.count == (try Self.pflogsumm("hosts/domains")))
  }
}

extension MessagePeerTests {
  /// eximstats's volume: bytes below 10,000, else `NKB` (rounded to the nearest KB).
  static func eximstatsVolume(_ text: String, equals bytes: Int) -> Bool {
    if text.hasSuffix("KB") { return (bytes + 512) / 1024 == Int(text.dropLast(2)) }
    return Int(text) == bytes
  }

  @Test("eximstats sending hosts and local senders by volume: --count bytes (Exim's bounces are notifications)")
  func eximstatsVolumes() throws {
    let hosts = Engine.table([Self.eximLog], by: [.client], bytes: true)
    #expect(hosts.countsBytes && hosts.unit == "bytes" && hosts.total == 111_647)
    var ours: [String: Int] = [:]
    for row in hosts.rows { ours[row.values[0]] = row.count }
    // The bytes of the bounces Exim made (`<= <> R=... S=N`): local submissions to eximstats.
    let bounces = try Self.grep(Self.eximLog, " <= <> R=").reduce(0) { sum, line in
      sum + (Int(line.components(separatedBy: " S=").last?.split(separator: " ").first ?? "") ?? 0)
    }
    #expect(bounces > 0)
    let received = try Self.grep(Self.eximLog, " <= ")
    var rows = 0
    for row in try Self.section("eximstats-lab.txt", "Top 50 sending hosts by volume").dropFirst() {
      let w = Self.words(row)
      let host = w[3]
      var bytes: Int
      if host == "local" {
        bytes = (ours["local"] ?? 0) + bounces
      } else {
        // The host's address, as the log gives it with its name.
        let line = received.first { $0.contains("H=\(host) [") }
        let ip = line.flatMap { $0.components(separatedBy: "H=\(host) [").last?.split(separator: "]").first }
        bytes = ours[ip.map(String.init) ?? "?"] ?? -1
      }
      #expect(Self.eximstatsVolume(w[1], equals: bytes), "\(row)")
      rows += 1
    }
    #expect(rows == 17)
    let users = Engine.table([Self.eximLog], by: [.localUser], bytes: true)
    let root = users.rows.first { $0.values == ["root"] }?.count ?? -1
    for row in try Self.section("eximstats-lab.txt", "Top 50 local senders by volume").dropFirst() {
      let w = Self.words(row)
      #expect(Self.eximstatsVolume(w[1], equals: w[3] == "root" ? root : bounces), "\(row)")
    }
    // Delivery fields: a delivery line has no size; the table counts receptions only.
    #expect(Engine.table([Self.eximLog], by: [.recipient], bytes: true).rows.isEmpty)
  }
}
