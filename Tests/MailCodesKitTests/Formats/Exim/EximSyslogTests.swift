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

/// Exim through syslog and journald, next to other programs; `--format exim`; a rejectlog
/// read with its mainlog.
@Suite("Exim in syslog, mixed files, rejectlog copies")
struct EximSyslogTests {
  @Test("a syslog file mixing Exim (with and without its own timestamp), Postfix, dovecot, opendkim")
  func mixedSyslog() {
    let path = EximFixture.path("syslog-mixed.log")
    let events = Engine.events([path]).filter { $0["kind"] as? String != "connect" }
    let exim = events.filter { $0["format"] as? String == "exim" }
    let postfix = events.filter { $0["format"] as? String == "postfix" }
    #expect(
      exim.replies == ["550/RCPT/reject*", "550/END-OF-DATA/reject*", "221/QUIT/disconnect*", "535/AUTH/auth-failure"])
    #expect(exim.map { $0["client"] as? String } == ["192.0.2.60", "192.0.2.60", "192.0.2.60", "192.0.2.61"])
    #expect(postfix.replies.contains("554/RCPT/reject") && postfix.replies.contains("221/QUIT/disconnect*"))
    // The rejection split into syslog pieces counts once, with its message id.
    #expect(exim[1]["queue_id"] as? String == "1tAbCo-0005vo-Xy")
    // Times come from syslog (Exim's own stamp after the tag is skipped, not read).
    #expect((exim[2]["time"] as? String)?.hasPrefix("2026-11-28T10:00:03") == true)
    let sessions = Engine.sessions([path])
    #expect(sessions.filter { $0.family == .exim }.map(\.outcome) == [.quit])
    #expect(sessions.filter { $0.family == .postfix }.map(\.outcome) == [.quit])
    let (summary, _) = Engine.summary([path])
    let input = summary.inputs[0]
    #expect(input.unrecognized == 0)
    // dovecot, opendkim and the two header pieces.
    #expect(input.ignored == 4)
  }

  @Test("--format exim reads Exim text without any header; header dumps are ignored")
  func forcedFormat() {
    let text = """
      H=(x.example) [192.0.2.95]:46000 F=<a@example.org> rejected RCPT <u@example.net>: relay not permitted
      Envelope-from: <a@example.org>
      P Received: from [192.0.2.95] (port=46000 helo=x.example)
      \tby mx.example.net with esmtp (Exim 4.97)
        Subject: hello
      1tAbCq-0005vq-Xy ** u@example.com: retry timeout exceeded

      """
    let path = Fixtures.temporaryFile(text)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let options = Engine.options(family: .exim)
    let events = Engine.events([path], options: options)
    #expect(events.replies == ["550/RCPT/reject*", "-/-/expired"])
    let (summary, _) = Engine.summary([path], options: options)
    #expect(summary.inputs[0].ignored == 4 && summary.inputs[0].unrecognized == 0)
  }

  @Test("a rejectlog read with its mainlog repeats nothing; repeats within one file all count")
  func rejectlogCopies() {
    let main = EximFixture.path("duplicates.mainlog")
    let reject = EximFixture.path("duplicates.rejectlog")
    let both = Engine.table([main, reject], by: [.client, .code]).counts
    // Two equal refusals in one second are two refusals; the rejectlog's own line counts too.
    #expect(both == ["192.0.2.90|550": 3, "192.0.2.91|550": 1])
    #expect(Engine.table([reject], by: [.client, .code]).counts == both)
    #expect(Engine.table([main], by: [.client, .code]).counts == ["192.0.2.90|550": 3])
    let (summary, _) = Engine.summary([main, reject])
    #expect(summary.inputs.allSatisfy { $0.unrecognized == 0 })
  }

  @Test("the duplicate filter stays bounded and forgets the oldest first")
  func boundedFilter() {
    var filter = EximDuplicateFilter(capacity: 2)
    filter.beginInput()
    let first = [filter.isDuplicate(1), filter.isDuplicate(2), filter.isDuplicate(3)]
    #expect(first == [false, false, false])
    filter.beginInput()
    // 1 was forgotten (capacity 2); 3 is a copy; a second 3 is more than the first input had.
    let second = [filter.isDuplicate(1), filter.isDuplicate(3), filter.isDuplicate(3)]
    #expect(second == [false, true, false])
  }
}
