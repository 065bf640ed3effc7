import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesPipeline
@testable import MailCodesTestSupport

/// The lab's `pf-content-filter` variant (a real Postfix 3.7 log): every message passes an
/// after-queue filter that re-injects it through `postfix/10025/smtpd`, so Postfix queues it
/// twice. The report counts it once: as received where it came in, delivered where it left,
/// and the hand-over to the filter is neither a delivery nor a reception. The truth comes from
/// the log's own lines.
@Suite("Messages: an after-queue content filter counts each message once (lab)")
struct ContentFilterLabTests {
  static let path = Fixtures.path("lab-variants/pf-content-filter/postfix-syslog.log.gz")

  static func lines() throws -> [String] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let source = GzipSource(wrapping: MemorySource(Array(data), step: 65_536))
    return readLines(source, reader: LineReader()).map { String(decoding: $0.0, as: UTF8.self) }
  }

  @Test("received, filter hops and deliveries equal what the log's lines say")
  func countedOnce() throws {
    let lines = try Self.lines()
    let reinjected = lines.filter { $0.contains("postfix/10025/smtpd[") && $0.contains(": client=") }.count
    let fromClients = lines.filter {
      !$0.contains("postfix/10025/") && $0.contains("/smtpd[") && $0.contains(": client=")
    }
    .count
    let submitted = lines.filter { $0.contains("postfix/pickup[") && $0.contains(": uid=") }.count
    let handOffs = lines.filter { $0.contains("relay=127.0.0.1[127.0.0.1]:10024") && $0.contains("status=sent") }.count
    let sent = lines.filter { $0.contains("status=sent") }.count
    // Some re-injections carry no `orig_queue_id=` (local submissions): only the filter's
    // `queued as NEWID` links them to their original.
    let unlinked = lines.filter {
      $0.contains("postfix/10025/smtpd[") && $0.contains(": client=") && !$0.contains("orig_queue_id=")
    }
    .count
    #expect(reinjected > 50 && handOffs > reinjected && unlinked > 0 && submitted > 0)

    let totals = Engine.summary([Self.path]).0.messages.totals
    #expect(totals.received == fromClients + submitted)
    #expect(totals.receivedSMTP == fromClients)
    #expect(totals.receivedLocal == submitted)
    #expect(totals.filterHops == reinjected)
    #expect(totals.delivered == sent - handOffs)
  }

  @Test("the same counts whatever the order of a copy's delivery and the filter's answer")
  func sameAsDefaultRun() throws {
    // The default run of the same scenarios has no filter: its deliveries are the same
    // messages' (same recipients), and its local submissions the same.
    let filtered = Engine.summary([Self.path]).0.messages.totals
    let plain = Engine.summary([Fixtures.path("lab-variants/default/postfix-syslog.log.gz")]).0.messages.totals
    #expect(filtered.receivedLocal == plain.receivedLocal)
    #expect(filtered.bounced == plain.bounced)
    #expect(filtered.rejected == plain.rejected)
  }
}
