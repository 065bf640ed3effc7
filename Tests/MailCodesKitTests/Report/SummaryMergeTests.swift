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

@Suite("Summaries: merge and JSON round trip")
struct SummaryMergeTests {
  static let dayA = Fixtures.lab("postfix-syslog.log.1.gz")
  static let dayB = Fixtures.lab("postfix-syslog.log")

  @Test("the merge of two halves of a log equals the summary of the whole log")
  func halves() {
    let (whole, _) = Engine.summary([Self.dayA, Self.dayB])
    var merged = Engine.summary([Self.dayA]).0
    merged.merge(Engine.summary([Self.dayB]).0)
    #expect(merged == whole)
    #expect(SummaryJSON.render(merged) == SummaryJSON.render(whole))
    #expect(TextRenderer().render(Report(summary: merged)) == TextRenderer().render(Report(summary: whole)))
  }

  @Test("Exim: the mainlog cut in two halves between sessions merges back exactly")
  func eximHalves() throws {
    let lines = try String(contentsOfFile: Fixtures.lab("exim-mainlog"), encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Cut where no session is open: after a line that ends the last open connection.
    let cut = try #require(lines.indices.dropFirst(lines.count / 2).first { lines[$0].contains("Completed") })
    let first = Fixtures.temporaryFile(lines[...cut].joined(separator: "\n") + "\n")
    let second = Fixtures.temporaryFile(lines[(cut + 1)...].joined(separator: "\n"))
    defer {
      try? FileManager.default.removeItem(atPath: first)
      try? FileManager.default.removeItem(atPath: second)
    }
    var a = Engine.summary([first]).0
    let b = Engine.summary([second]).0
    a.merge(b)
    let whole = Engine.summary([Fixtures.lab("exim-mainlog")]).0
    #expect(a.replies.counts == whole.replies.counts)
    #expect(a.deliveries.counts == whole.deliveries.counts)
    #expect(a.hourly.counts == whole.hourly.counts)
  }

  @Test("JSON written and read back gives the same document")
  func roundTrip() throws {
    for files in [[Self.dayA, Self.dayB], [Fixtures.lab("exim-mainlog")], [Fixtures.lab("swaks-transcripts.txt")]] {
      let (summary, _) = Engine.summary(files)
      let json = SummaryJSON.render(summary)
      let back = try SummaryJSONReader.read(json)
      #expect(SummaryJSON.render(back) == json)
      #expect(back.replies.counts == summary.replies.counts)
      #expect(back.sessions.counts == summary.sessions.counts)
    }
  }

  @Test("session peers keep their direction; a summary written before the field reads as inbound")
  func sessionPeerDirections() throws {
    let (summary, _) = Engine.summary([Fixtures.lab("swaks-transcripts.txt")])
    // swaks is the client: its sessions are outbound and their peers are the servers.
    #expect(!summary.sessionPeers.counts.isEmpty)
    #expect(summary.sessionPeers.counts.keys.allSatisfy { $0.direction == .outbound })
    let text = TextRenderer().render(Report(summary: summary))
    #expect(text.contains("remote servers: ") && !text.contains("clients: "))
    let json = SummaryJSON.render(summary)
    let back = try SummaryJSONReader.read(json)
    #expect(back.sessionPeers.counts == summary.sessionPeers.counts)
    // The session_peers rows alone: `"stage":"EHLO","direction":"outbound",` (no other row
    // has a stage before its direction).
    let withoutField = json.replacingOccurrences(
      of: #"("stage":"[^"]*",)"direction":"outbound","#, with: "$1", options: .regularExpression)
    #expect(withoutField != json)
    let old = try SummaryJSONReader.read(withoutField)
    #expect(old.replies.counts == summary.replies.counts)
    #expect(old.sessionPeers.counts.keys.contains { $0.direction == .inbound })
  }

  @Test("the reader refuses what is not a summary")
  func refusals() {
    #expect(throws: SummaryJSONReader.Failure.self) { try SummaryJSONReader.read("{\"schema\":\"mailcodes.table/1\"}") }
    #expect(throws: SummaryJSONReader.Failure.self) { try SummaryJSONReader.read("not json") }
    #expect(throws: SummaryJSONReader.Failure.self) { try SummaryJSONReader.read("{\"replies\":[]}") }
  }
}

@Suite("JSON parser")
struct JSONParserTests {
  @Test func values() throws {
    let v = try JSONParser.parse(#"{"a":[1,2.5,-3e2,true,false,null],"b":"x\"y\\\n\u00e9\ud83d\ude00"}"#)
    #expect(v["a"]?.array?.count == 6)
    #expect(v["a"]?.array?[2] == .number(-300))
    #expect(v["b"]?.string == "x\"y\\\né😀")
  }

  @Test func errors() {
    for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"\\ud800\"", "1 2", "\"a\u{1}\""] {
      #expect(throws: JSONParser.Failure.self, "\(bad.debugDescription)") { try JSONParser.parse(bad) }
    }
  }
}
