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

/// The output of `mailcodes explain` against golden files (`MAILCODES_RECORD_GOLDEN=1`
/// rewrites them).
@Suite("Knowledge: explain golden outputs")
struct KnowledgeExplainGoldenTests {
  static func render(_ arguments: [String], _ language: ReferenceLanguage = .en, _ format: ExplainFormat = .text) throws
    -> String
  {
    try Explainer.render(arguments: arguments, language: language, format: format)
  }

  @Test func explain530() throws {
    ExplainGoldenFile.check(try Self.render(["530"]), against: "explain-530.txt")
  }

  @Test func explain221Versus530() throws {
    ExplainGoldenFile.check(try Self.render(["221", "530"]), against: "explain-221-530.txt")
  }

  @Test func explainEnhanced571InChinese() throws {
    ExplainGoldenFile.check(try Self.render(["5.7.1"], .zh), against: "explain-5.7.1-zh.txt")
  }

  @Test func explainPastedReply() throws {
    let reply =
      "550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked."
    ExplainGoldenFile.check(try Self.render([reply]), against: "explain-550-5.7.26.txt")
  }

  @Test func explainListOf55x() throws {
    ExplainGoldenFile.check(try Self.render(["55x"]), against: "explain-55x.txt")
  }

  @Test func explain530AsJSON() throws {
    ExplainGoldenFile.check(try Self.render(["530"], .en, .json), against: "explain-530.json")
  }

  @Test func explain221Versus530AsMarkdown() throws {
    ExplainGoldenFile.check(try Self.render(["221", "530"], .en, .markdown), against: "explain-221-530.md")
  }

  @Test func comparisonInChineseAsMarkdown() throws {
    ExplainGoldenFile.check(try Self.render(["221", "530"], .zh, .markdown), against: "explain-221-530-zh.md")
  }
}
