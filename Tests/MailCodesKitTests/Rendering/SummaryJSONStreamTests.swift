import Testing

@testable import MailCodesAnalysis
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// The JSON summary is written as it is made (`SummaryJSON.write`): the same bytes as the
/// document built in memory, rows in the same order.
@Suite("JSON summary written as a stream")
struct SummaryJSONStreamTests {
  @Test("the streamed document has JSONDocument's bytes")
  func documentLayout() {
    let shapes: [[(String, [String]?)]] = [
      [],
      [("a", nil)],
      [("a", []), ("b", nil)],
      [("rows", ["{\"x\":1}"]), ("empty", []), ("more", ["1", "2", "3"]), ("k\"ey", nil)],
    ]
    for shape in shapes {
      var built = JSONDocument()
      let output = ByteOutput(.memory)
      var stream = JSONDocumentStream(output)
      for (key, rows) in shape {
        if let rows {
          built.add(key, rows: rows)
          stream.rows(key, rows)
        } else {
          built.add(key, json: "{\"v\":true}")
          stream.field(key, json: "{\"v\":true}")
        }
      }
      stream.finish()
      output.flush()
      #expect(output.text == built.render())
    }
  }

  @Test("numbers print as String(n) does")
  func decimals() {
    for n in [0, 7, -7, 10, 99, 100, 1_234_567, Int.max, Int.min] {
      var w = JSONObjectWriter()
      w.number("n", n)
      #expect(w.finish() == "{\"n\":\(n)}")
    }
  }

  @Test("strings escape as before: the plain-ASCII fast path and the walk agree")
  func strings() {
    let cases: [(String, String)] = [
      ("", "\"\""), ("plain text 1.2.3.4", "\"plain text 1.2.3.4\""), ("a\"b", "\"a\\\"b\""),
      ("back\\slash", "\"back\\\\slash\""), ("tab\there", "\"tab\\there\""), ("del\u{7F}", "\"del\\u007F\""),
      ("é", "\"é\""), ("nl\n", "\"nl\\n\""),
    ]
    for (text, json) in cases { #expect(Sanitizer.jsonString(text) == json) }
  }

  /// A summary with many peers under a few reply kinds, counts with many ties, peers that
  /// sort differently as text than as addresses, and two kinds that differ only in their
  /// enhanced code.
  static func crowdedSummary() -> Summary {
    var summary = Summary()
    let kinds = [
      Summary.ReplyKey(
        direction: .inbound, code: 554, enhanced: "5.7.1", command: .rcpt, kind: .reject,
        inferred: false, hint: .none),
      Summary.ReplyKey(
        direction: .inbound, code: 554, enhanced: "5.7.2", command: .rcpt, kind: .reject,
        inferred: false, hint: .none),
      Summary.ReplyKey(
        direction: .inbound, code: 450, enhanced: "", command: .helo, kind: .reject,
        inferred: true, hint: .none),
      Summary.ReplyKey(
        direction: .outbound, code: 0, enhanced: "", command: .none, kind: .reject,
        inferred: false, hint: .none),
    ]
    var random = UInt64(0x9E37_79B9_7F4A_7C15)
    func next() -> Int {
      random ^= random << 13
      random ^= random >> 7
      random ^= random << 17
      return Int(random >> 33)
    }
    for i in 0..<3000 {
      let kind = kinds[next() % kinds.count]
      let peer = i % 97 == 0 ? "" : "10.\(next() % 3).\(next() % 256).\(i % 256)"
      let n = 1 + next() % 4
      summary.replies.add(kind, n)
      summary.peers.add(Summary.PeerKey(reply: kind, peer: peer), n)
      summary.sessionPeers.add(Summary.SessionPeerKey(outcome: .rejected, stage: .rcpt, peer: peer), n)
      summary.deliveries.add(
        Summary.DeliveryKey(
          status: i % 3 == 0 ? "sent" : "deferred", kind: .deferred, remote: "mx\(next() % 50).example",
          code: 250, enhanced: "", command: .data), n)
    }
    return summary
  }

  @Test("rows come in the order of Tally.sorted(by: <)")
  func rowOrder() throws {
    let summary = Self.crowdedSummary()
    let json = try JSONParser.parse(SummaryJSON.render(summary))
    let peers = try #require(json["peers"]?.array)
    let expected = summary.peers.sorted(by: <)
    #expect(peers.count == expected.count)
    for (row, (key, n)) in zip(peers, expected) {
      #expect(row["peer"]?.string ?? "" == key.peer)
      #expect(row["count"]?.int == n)
      #expect(row["enhanced"]?.string ?? "" == key.reply.enhanced)
      #expect(row["code"]?.int ?? 0 == Int(key.reply.code))
    }
    let sessionPeers = try #require(json["session_peers"]?.array)
    #expect(sessionPeers.map { $0["peer"]?.string ?? "" } == summary.sessionPeers.sorted(by: <).map(\.key.peer))
    let deliveries = try #require(json["deliveries"]?.array)
    #expect(deliveries.map { $0["remote"]?.string ?? "" } == summary.deliveries.sorted(by: <).map(\.key.remote))
    #expect(deliveries.map { $0["count"]?.int ?? 0 } == summary.deliveries.sorted(by: <).map(\.count))
  }
}
