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

/// The remote of a `==` line after a connect failure, carried over from the smtp transport's
/// per-host line (`EximConnectFailures`, `ParseOutput.eventBytes`); the catalogue's
/// `exim-deferral-connection-*` blocks hold the shapes.
@Suite("Exim connect failures")
struct EximConnectFailureTests {
  static let address = withByteView("198.51.100.3") { IPAddress.parse($0)! }

  @Test("an address line for a failure the table replaced is counted; a failure nobody asks for is not")
  func forgottenIsCounted() {
    var table = EximConnectFailures(capacity: 2)
    let reason = withByteView("Connection refused") { EximConnectFailures.reasonHash($0) }
    withByteView("mx.example.net") { name in
      table.note(message: 1, address: Self.address, name: name, reason: reason)
      table.note(message: 2, address: Self.address, name: name, reason: reason)
      #expect(table.failure(message: 1, reason: reason).map { Array($0.name) } == Array("mx.example.net".utf8))
      // Message 1 was asked for, message 2 not (its next host may have taken it): replacing
      // them loses nothing yet.
      table.note(message: 3, address: Self.address, name: name, reason: reason)
      table.note(message: 4, address: Self.address, name: name, reason: reason)
      #expect(table.forgotten == 0)
      // Now message 2's address line comes: its remote was lost to the bound.
      #expect(table.failure(message: 2, reason: reason) == nil)
      #expect(table.forgotten == 1)
      // A message the table never saw is not a loss of the bound.
      #expect(table.failure(message: 9, reason: reason) == nil)
      #expect(table.forgotten == 1)
      // Another reason than the per-host line's is not the same failure.
      #expect(table.failure(message: 4, reason: reason &+ 1) == nil)
    }
  }

  @Test("a name longer than any DNS name is not kept and is counted; the address still is")
  func longNameIsCounted() {
    let name = String(repeating: "a", count: EximConnectFailures.maxNameLength + 1) + ".example"
    let log = """
      2026-11-28 06:30:01 1tAbCd-000Abc4DeFg-Xy12 H=\(name) [198.51.100.3] Connection refused
      2026-11-28 06:30:01 1tAbCd-000Abc4DeFg-Xy12 == bob@example.net R=dnslookup T=remote_smtp defer (111): Connection refused

      """
    let events = Engine.events(of: log)
    #expect(events.count == 1)
    #expect(events.first?["remote_ip"] as? String == "198.51.100.3")
    #expect(events.first?["remote"] == nil || events.first?["remote"] is NSNull)
    var table = EximConnectFailures(capacity: 1)
    withByteView(name) { table.note(message: 1, address: Self.address, name: $0, reason: 0) }
    #expect(table.namesTooLong == 1)
    #expect(table.failure(message: 1, reason: 0)?.name.isEmpty == true)
  }

  @Test("the carried name reaches the remote filter and the event output")
  func carriedNameIsUsedDownstream() {
    let log = """
      2026-11-28 06:30:01 1tAbCd-000Abc4DeFg-Xy12 H=mx.example.net [198.51.100.3] Connection refused
      2026-11-28 06:30:01 1tAbCd-000Abc4DeFg-Xy12 == bob@example.net R=dnslookup T=remote_smtp defer (111): Connection refused

      """
    let path = Fixtures.temporaryFile(log)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var filter = EventFilter()
    filter.remotes = ["mx.example.net"]
    let names = NameTable()
    let output = ByteOutput(.memory)
    var sink = FilteredSink(EventLinesWriter(output: output, names: names), filter: filter)
    _ = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &sink)
    output.flush()
    #expect(output.text.split(separator: "\n").count == 1)
    #expect(output.text.contains(#""remote":"mx.example.net""#))
  }
}
