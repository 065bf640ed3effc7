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

/// How `mailcodes explain` reads its arguments.
@Suite("Knowledge: explain argument parsing")
struct KnowledgeExplainParsingTests {
  static func parse(_ arguments: String..., language: ReferenceLanguage = .en) throws(ExplainError) -> ExplainQuery {
    try ExplainQuery.parse(arguments, language: language)
  }

  static func error(_ arguments: String..., language: ReferenceLanguage = .en) -> ExplainError? {
    do throws(ExplainError) {
      _ = try ExplainQuery.parse(arguments, language: language)
      return nil
    } catch {
      return error
    }
  }

  static let fiveSevenTwentySix = EnhancedStatusCode("5.7.26")!

  @Test func singleCodes() throws {
    #expect(try Self.parse("530") == .single(.basic(530)))
    #expect(try Self.parse(" 221 ") == .single(.basic(221)))
    #expect(try Self.parse("5.7.1") == .single(.enhanced(EnhancedStatusCode("5.7.1")!)))
    #expect(try Self.parse("X.7.1") == .single(.enhancedAnyClass(subject: 7, detail: 1)))
    #expect(try Self.parse("x.1.10") == .single(.enhancedAnyClass(subject: 1, detail: 10)))
  }

  @Test func pastedReplies() throws {
    #expect(try Self.parse("550 5.7.26") == .single(.reply(basic: 550, enhanced: Self.fiveSevenTwentySix, text: "")))
    #expect(
      try Self.parse("550-5.7.26 This mail is unauthenticated, which poses a security risk")
        == .single(
          .reply(
            basic: 550, enhanced: Self.fiveSevenTwentySix,
            text: "This mail is unauthenticated, which poses a security risk")))
    #expect(
      try Self.parse("550 5.7.1 <x@y>: Relay access denied")
        == .single(.reply(basic: 550, enhanced: EnhancedStatusCode("5.7.1")!, text: "<x@y>: Relay access denied")))
    #expect(
      try Self.parse(
        "550-5.7.26 This mail is unauthenticated,\n550-5.7.26 which poses a security risk\n550 5.7.26 to the sender.")
        == .single(
          .reply(
            basic: 550, enhanced: Self.fiveSevenTwentySix,
            text: "This mail is unauthenticated, which poses a security risk to the sender.")))
    #expect(
      try Self.parse("550 Unrouteable address")
        == .single(.reply(basic: 550, enhanced: nil, text: "Unrouteable address")))
    #expect(
      try Self.parse("5.7.1 Relay access denied")
        == .single(.reply(basic: nil, enhanced: EnhancedStatusCode("5.7.1")!, text: "Relay access denied")))
  }

  @Test func unquotedRepliesSpreadOverArguments() throws {
    #expect(try Self.parse("550", "5.7.26") == .single(.reply(basic: 550, enhanced: Self.fiveSevenTwentySix, text: "")))
    #expect(
      try Self.parse("550", "5.7.1", "<x@y>:", "Relay", "access", "denied")
        == .single(.reply(basic: 550, enhanced: EnhancedStatusCode("5.7.1")!, text: "<x@y>: Relay access denied")))
    #expect(
      try Self.parse("550-5.7.26", "This", "mail", "is", "unauthenticated")
        == .single(.reply(basic: 550, enhanced: Self.fiveSevenTwentySix, text: "This mail is unauthenticated")))
  }

  @Test func comparisons() throws {
    #expect(try Self.parse("221", "530") == .comparison([.basic(221), .basic(530)]))
    #expect(
      try Self.parse("5.1.1", "5.7.1")
        == .comparison([.enhanced(EnhancedStatusCode("5.1.1")!), .enhanced(EnhancedStatusCode("5.7.1")!)]))
    // A basic code followed by an enhanced code of another class is not one reply.
    #expect(try Self.parse("221", "5.7.1") == .comparison([.basic(221), .enhanced(EnhancedStatusCode("5.7.1")!)]))
    #expect(
      try Self.parse("421", "4.4.2", "221")
        == .comparison([.reply(basic: 421, enhanced: EnhancedStatusCode("4.4.2")!, text: ""), .basic(221)]))
  }

  @Test func patterns() throws {
    guard case .list(let patterns) = try Self.parse("5xx") else {
      Issue.record("5xx is a list")
      return
    }
    let rows = ExplainListing.rows(for: patterns, language: .en)
    #expect(rows.map(\.label) == ReplyCodeReference.basicEntries.filter { $0.code / 100 == 5 }.map { String($0.code) })
    #expect(rows.first?.label == "500" && rows.first?.meaning == "Syntax error, command unrecognized")

    guard case .list(let fiftyFive) = try Self.parse("55x") else {
      Issue.record("55x is a list")
      return
    }
    #expect(
      ExplainListing.rows(for: fiftyFive, language: .en).map(\.label) == [
        "550", "551", "552", "553", "554", "555", "556",
      ])

    guard case .list(let securityFive) = try Self.parse("5.7.*") else {
      Issue.record("5.7.* is a list")
      return
    }
    let security = ExplainListing.rows(for: securityFive, language: .en).map(\.label)
    #expect(security.first == "5.7.0" && security.last == "5.7.30")
    #expect(!security.contains("5.7.12"), "X.7.12 is only used as 4.7.12")
    guard case .list(let upper) = try Self.parse("5.7.X"), case .list(let lower) = try Self.parse("5.7.x") else {
      Issue.record("5.7.X and 5.7.x are lists")
      return
    }
    #expect(ExplainListing.rows(for: upper, language: .en) == ExplainListing.rows(for: lower, language: .en))

    guard case .list(let anyClass) = try Self.parse("x.7.x") else {
      Issue.record("x.7.x is a list")
      return
    }
    #expect(ExplainListing.rows(for: anyClass, language: .en).count == 31)

    guard case .list(let both) = try Self.parse("4xx", "5xx") else {
      Issue.record("4xx 5xx is a list")
      return
    }
    #expect(
      ExplainListing.rows(for: both, language: .en).count
        == ReplyCodeReference.basicEntries.filter { $0.code >= 400 }.count)
  }

  @Test func badArgumentsNameTheArgumentAndGiveAHint() {
    let notPlausible = Self.error("999")
    #expect(notPlausible?.argument == "999")
    #expect(notPlausible?.description.contains("\"999\"") == true)
    #expect(notPlausible?.description.contains("2-5") == true)

    let badSubject = Self.error("5.9.9")
    #expect(badSubject?.description.contains("\"5.9.9\"") == true)
    #expect(badSubject?.description.contains("0-7") == true)

    let badClass = Self.error("3.1.1")
    #expect(badClass?.description.contains("2, 4 or 5") == true)

    let notACode = Self.error("abc")
    #expect(notACode?.argument == "abc")
    #expect(notACode?.description.contains("\"abc\"") == true)
    #expect(notACode?.description.contains("5xx") == true)

    #expect(Self.error("6xx")?.description.contains("not a valid pattern") == true)
    #expect(Self.error("5.9.x")?.description.contains("not a valid pattern") == true)
    #expect(Self.error("260")?.argument == "260")
    #expect(Self.error("5.7.1000")?.description.contains("three digits") == true)
    #expect(Self.error("221", "abc")?.argument == nil, "a reply code followed by text is a pasted reply")
    #expect(Self.error("abc", "221")?.argument == "abc")
    #expect(Self.error("999 text")?.argument == "999")
    #expect(Self.error("hello world")?.argument == "hello world")
    #expect(Self.error("5xx", "221")?.argument == "5xx")
    #expect(Self.error("221", "5xx")?.argument == "5xx")
    #expect(Self.error()?.argument == "")
    #expect(Self.error("  ")?.argument == "")

    let pasted = Self.error("this is\nnot a reply at all, but a long pasted paragraph of text from somewhere")
    #expect(pasted.map { !$0.description.contains("\n") && $0.description.contains("...") } == true)

    for error in [notPlausible, badSubject, badClass, notACode] {
      #expect(error.map { !$0.description.contains("\n") } == true, "one-line messages")
    }
  }

  @Test func errorsSpeakTheChosenLanguage() {
    let error = Self.error("abc", language: .zh)
    #expect(error?.description.contains("“abc”") == true)
    #expect(error.map { KnowledgeReferenceTextTests.containsCJK($0.description) } == true)
  }

  @Test func renderThrowsTheSameErrors() {
    #expect(throws: ExplainError.self) { try Explainer.render(arguments: ["abc"], language: .en, format: .text) }
    #expect(throws: ExplainError.self) { try Explainer.render(arguments: ["5.9.9"], language: .en, format: .json) }
    #expect(throws: ExplainError.self) { try Explainer.render(arguments: [], language: .zh, format: .markdown) }
  }

  @Test func unknownButWellFormedCodesAreExplainedByTheirDigits() throws {
    let basic = try Explainer.render(arguments: ["526"], language: .en, format: .text)
    #expect(basic.hasPrefix("526  Permanent negative: connections (52x)\n"))
    #expect(basic.contains("not defined by any RFC"))
    let enhanced = try Explainer.render(arguments: ["5.7.606"], language: .en, format: .text)
    #expect(enhanced.hasPrefix("5.7.606  Permanent failure: security or policy status\n"))
    #expect(enhanced.contains("not in the IANA registry"))
    let unusual = try Explainer.render(arguments: ["5.1.5"], language: .en, format: .text)
    #expect(unusual.contains("the registry uses this code as 2.1.5"))
  }
}
