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

/// Input groups read in parallel give the results of the sequential run (`MergeableSink`).
@Suite("Parallel input groups")
struct ParallelRunTests {
  /// Four groups: two rotated Postfix series, postlogd's file, syslog-wrapped Exim.
  static let independent = [
    "postfix-syslog.log", "postfix-syslog.log.1.gz", "postfix-rfc3339.log", "postfix-rfc3339.log.1.gz",
    "postfix-maillog_file.log", "exim-syslog.log",
  ].map(Fixtures.lab)

  static func options(threads: Int) -> AnalysisOptions {
    var options = Engine.options()
    options.threads = threads
    return options
  }

  static func summaryJSON(_ paths: [String], threads: Int) -> (String, RunTotals) {
    let names = NameTable()
    var sink = SinkPair(SummaryBuilder(names: names), RunMonitor(unparsed: nil))
    let totals = Pipeline.run(
      paths.map(InputFile.init(path:)), options: options(threads: threads), names: names,
      sink: &sink)
    return (SummaryJSON.render(sink.first.finish(totals: totals)), totals)
  }

  static func table(_ paths: [String], fields: [GroupField], sessions: Bool, threads: Int) -> GroupTable {
    let names = NameTable()
    var sink = SinkPair(GroupByTable(fields: fields, countSessions: sessions, names: names), RunMonitor(unparsed: nil))
    _ = Pipeline.run(paths.map(InputFile.init(path:)), options: options(threads: threads), names: names, sink: &sink)
    sink.first.flushPending()
    return sink.first.table()
  }

  @Test("The summary of independent groups is the sequential one")
  func summaries() {
    let (sequential, totals1) = Self.summaryJSON(Self.independent, threads: 1)
    let (parallel, totals2) = Self.summaryJSON(Self.independent, threads: 2)
    #expect(parallel == sequential)
    // Four threads merge the groups' builders in another order: message tables are still
    // summed in group order.
    #expect(Self.summaryJSON(Self.independent, threads: 4).0 == sequential)
    #expect(sequential.contains("\"message_senders\": [\n    {"), "the groups have message tables to merge")
    #expect(sequential.contains("\"message_relayed\": [\n    {"), "the groups have relayed messages to merge")
    #expect(totals1.sessionsOpened == totals2.sessionsOpened)
    #expect(totals1.postscreenHandoffs == totals2.postscreenHandoffs)
  }

  @Test(
    "--by tables of independent groups are the sequential ones",
    arguments: [
      ([GroupField.code, .client, .host, .service], false),
      ([GroupField.file, .remote, .senderDomain, .recipientDomain, .hour], false),
      ([GroupField.outcome, .stage, .client, .service], true),
      ([GroupField.code, .enhanced, .outcome, .file], false),
      // Message fields: the table counts messages and deliveries (`--count messages`).
      ([GroupField.transport, .sender, .delay], false),
      // A reception's client (`local` for local submissions) and its local user.
      ([GroupField.client, .localUser, .sender], false),
    ])
  func tables(_ fields: [GroupField], _ sessions: Bool) {
    let sequential = Self.table(Self.independent, fields: fields, sessions: sessions, threads: 1)
    let parallel = Self.table(Self.independent, fields: fields, sessions: sessions, threads: 2)
    #expect(parallel == sequential)
    #expect(parallel.rows.count > 5)
  }

  @Test("--count connect-time tables of independent groups are the sequential ones")
  func connectTimes() {
    func table(threads: Int) -> GroupTable {
      let names = NameTable()
      var sink = SinkPair(
        GroupByTable(fields: [.client, .service], countSessions: true, names: names, countConnectTime: true),
        RunMonitor(unparsed: nil))
      _ = Pipeline.run(
        Self.independent.map(InputFile.init(path:)), options: Self.options(threads: threads), names: names,
        sink: &sink)
      sink.first.flushPending()
      return sink.first.table()
    }
    let sequential = table(threads: 1)
    #expect(table(threads: 2) == sequential)
    #expect(sequential.rows.count > 5 && sequential.rows.contains { ($0.longest ?? 0) > 0 })
  }

  @Test("A mainlog and its rejectlog are read in order: a rejection in both counts once")
  func eximDuplicatesFallBackToOrder() {
    let paths = ["exim-mainlog", "exim-rejectlog", "postfix-syslog.log"].map(Fixtures.lab)
    #expect(Self.summaryJSON(paths, threads: 2).0 == Self.summaryJSON(paths, threads: 1).0)
    let fields: [GroupField] = [.code, .client, .file]
    #expect(
      Self.table(paths, fields: fields, sessions: false, threads: 2)
        == Self.table(paths, fields: fields, sessions: false, threads: 1))
  }
}
