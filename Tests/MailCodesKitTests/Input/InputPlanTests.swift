import Testing

@testable import MailCodesKit

@Suite("Input plan: rotated series oldest first")
struct InputPlanTests {
  func order(_ names: [String]) -> [String] { InputPlan.order(names.map(InputFile.init(path:))).map(\.path) }

  @Test func numberedRotations() {
    #expect(order(["mail.log", "mail.log.1", "mail.log.3.gz", "mail.log.2.gz"])
      == ["mail.log.3.gz", "mail.log.2.gz", "mail.log.1", "mail.log"])
  }

  @Test func dateSuffixes() {
    #expect(order(["maillog", "maillog-20261128.gz", "maillog-20261126", "maillog-20261127.gz"])
      == ["maillog-20261126", "maillog-20261127.gz", "maillog-20261128.gz", "maillog"])
  }

  @Test func seriesKeepTheirOrderAndStandardInputStays() {
    #expect(order(["b/mail.log", "a/mail.log.1", "-", "a/mail.log", "b/mail.log.1"])
      == ["b/mail.log.1", "b/mail.log", "a/mail.log.1", "a/mail.log", "-"])
  }

  @Test func groups() {
    let g = InputPlan.groups(["x.log", "y.log", "x.log.1"].map(InputFile.init(path:)))
    #expect(g.count == 2)
    #expect(g[0].files.map(\.path) == ["x.log.1", "x.log"])
  }
}
