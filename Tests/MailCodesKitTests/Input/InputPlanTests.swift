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

@Suite("Input plan: rotated series oldest first")
struct InputPlanTests {
  func order(_ names: [String]) -> [String] { InputPlan.order(names.map(InputFile.init(path:))).map(\.path) }

  @Test func numberedRotations() {
    #expect(
      order(["mail.log", "mail.log.1", "mail.log.3.gz", "mail.log.2.gz"])
        == ["mail.log.3.gz", "mail.log.2.gz", "mail.log.1", "mail.log"])
  }

  @Test("bzip2, xz and zstd rotations belong to their series")
  func otherCompressions() {
    #expect(
      order(["mail.log", "mail.log.2.zst", "mail.log.1", "mail.log.4.bz2", "mail.log.3.xz"])
        == ["mail.log.4.bz2", "mail.log.3.xz", "mail.log.2.zst", "mail.log.1", "mail.log"])
    #expect(
      order(["maillog", "maillog-20261127.xz", "maillog-20261126.zst"])
        == ["maillog-20261126.zst", "maillog-20261127.xz", "maillog"])
  }

  @Test func dateSuffixes() {
    #expect(
      order(["maillog", "maillog-20261128.gz", "maillog-20261126", "maillog-20261127.gz"])
        == ["maillog-20261126", "maillog-20261127.gz", "maillog-20261128.gz", "maillog"])
  }

  @Test func seriesKeepTheirOrderAndStandardInputStays() {
    #expect(
      order(["b/mail.log", "a/mail.log.1", "-", "a/mail.log", "b/mail.log.1"])
        == ["b/mail.log.1", "b/mail.log", "a/mail.log.1", "a/mail.log", "-"])
  }

  @Test("Exim rejectlog series are read after the mainlog, in whichever order they are named")
  func rejectlogLast() {
    #expect(
      order(["exim4/rejectlog", "exim4/mainlog.1", "exim4/rejectlog.1", "exim4/mainlog"])
        == ["exim4/mainlog.1", "exim4/mainlog", "exim4/rejectlog.1", "exim4/rejectlog"])
    #expect(order(["exim_rejectlog", "mail.log"]) == ["mail.log", "exim_rejectlog"])
  }

  @Test("The lab's Exim logs give the same counts with the rejectlog named first")
  func rejectlogFirstSameReport() {
    let mainlog = Fixtures.lab("exim-mainlog")
    let rejectlog = Fixtures.lab("exim-rejectlog")
    let fields: [GroupField] = [.code, .outcome, .client]
    let usual = Engine.table([mainlog, rejectlog], by: fields)
    let swapped = Engine.table([rejectlog, mainlog], by: fields)
    #expect(usual.counts == swapped.counts)
    // Rejections belong to their sessions: most of the lab's 550s went to clients that then
    // said QUIT (read from the rejectlog first, they had no session and no outcome).
    let quit550 = swapped.counts.filter { $0.key.hasPrefix("550|quit|") }.values.reduce(0, +)
    #expect(quit550 >= 50)
  }

  @Test func groups() {
    let g = InputPlan.groups(["x.log", "y.log", "x.log.1"].map(InputFile.init(path:)))
    #expect(g.count == 2)
    #expect(g[0].files.map(\.path) == ["x.log.1", "x.log"])
  }
}
