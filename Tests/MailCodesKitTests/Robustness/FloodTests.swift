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

/// Floods, scaled down from the million-line runs of `Docs/Limits.md`: every bound holds and
/// what it kept out is counted exactly.
@Suite("Floods (scaled down)")
struct FloodTests {
  /// A flood log from `Fuzz/flood.sh KIND COUNT` (the generator of the by-hand runs).
  static func floodLog(_ kind: String, _ count: Int) throws -> String {
    let path = NSTemporaryDirectory() + "mailcodes-flood-\(kind)-\(count)-\(UUID().uuidString).log"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    let script = (Fixtures.testsDirectory as NSString).deletingLastPathComponent + "/../Fuzz/flood.sh"
    process.arguments = ["-c", "\"$0\" \"$1\" \"$2\" > \"$3\"", script, kind, String(count), path]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return path
  }

  @Test("50,000 sessions that never end, at most 1,000 open: 49,000 evicted, all 50,000 reported open")
  func sessionsThatNeverEnd() throws {
    let path = try Self.floodLog("sessions", 50_000)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (summary, totals) = Engine.summary([path], options: Engine.options(maxSessions: 1000))
    #expect(totals.sessionsOpened == 50_000)
    #expect(totals.evictedSessions == 49_000)
    #expect(summary.limits.evictedSessions == 49_000)
    #expect(summary.sessions.total == 50_000)
    #expect(summary.sessions.counts.keys.allSatisfy { $0.outcome == .open })
    let sessions = Engine.sessions([path], options: Engine.options(maxSessions: 1000))
    #expect(sessions.filter(\.evicted).count == 49_000)
    #expect(sessions.count == 50_000)
  }

  @Test("50,000 distinct clients with tables of 1,000: 49,000 counts in (other), totals exact")
  func distinctClients() throws {
    let path = try Self.floodLog("clients", 50_000)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let names = NameTable()
    var builder = SummaryBuilder(names: names, maxPeerRows: 1000)
    let totals = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &builder)
    let summary = builder.finish(totals: totals)
    #expect(summary.replies.total == 50_000, "every reply is counted")
    #expect(summary.peers.counts.count == 1001, "1,000 clients and (other)")
    #expect(summary.peers.counts.first { $0.key.peer == Summary.other }?.value == 49_000)
    #expect(summary.limits.overflowedCounts == 49_000)

    let table = Engine.table([path], by: [.client], options: Engine.options())
    #expect(table.rows.count == 50_000, "the default bound (1,000,000 rows) is not hit")
    let names2 = NameTable()
    var bounded = GroupByTable(fields: [.client], countSessions: false, names: names2, maxRows: 1000)
    _ = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names2, sink: &bounded)
    bounded.flushPending()
    let small = bounded.table()
    #expect(small.rows.count == 1000)
    #expect(small.overflow == 49_000)
    #expect(small.total == 50_000)
    #expect(TableRenderer.csv(small).hasSuffix("\n(other),49000\n"))
  }

  @Test("one session of 50,000 lines in grep -s mode, 100 kept: 49,902 dropped and reported")
  func longSession() throws {
    let path = try Self.floodLog("session-lines", 50_000)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var filter = EventFilter()
    filter.codes = [CodePattern("550")!]
    var options = GrepOptions()
    options.sessions = true
    options.maxLinesPerSession = 100
    let output = ByteOutput(.memory)
    let names = NameTable()
    var sink = GrepMatcher(filter: filter, options: options, output: output, names: names)
    _ = Pipeline.run([InputFile(path: path)], options: Engine.options(), names: names, sink: &sink)
    sink.finish()
    output.flush()
    #expect(output.text.split(separator: "\n").count == 100)
    #expect(
      sink.droppedReports == [
        "\(path): session at line 1: 49,902 lines not shown (more than 100 lines per session, or 1000000 buffered)"
      ])
  }

  @Test("20,000 postscreen passes never handed to smtpd, 1,000 sessions open: only the open ones count as handed off")
  func postscreenPasses() throws {
    let path = try Self.floodLog("postscreen", 20_000)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (summary, totals) = Engine.summary([path], options: Engine.options(maxSessions: 1000))
    #expect(totals.evictedSessions == 19_000)
    #expect(totals.postscreenHandoffs == 1000, "an evicted session was already reported open, not handed off")
    #expect(summary.sessions.total == 19_000, "the evicted ones, reported open")
  }
}
