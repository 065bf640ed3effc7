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

/// Every entry is complete in English and in Chinese, and its data is consistent.
@Suite("Knowledge: reference texts")
struct KnowledgeReferenceTextTests {
  static func containsCJK(_ text: String) -> Bool {
    text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
  }

  /// Checks one text of one entry: both languages present, Chinese really Chinese, English free
  /// of Chinese.
  static func checkText(_ text: LocalizedText, field: String, entry: String) {
    #expect(!text.en.isEmpty, "\(entry) \(field): English text empty")
    #expect(!text.zh.isEmpty, "\(entry) \(field): Chinese text empty")
    #expect(containsCJK(text.zh), "\(entry) \(field): Chinese text has no CJK character: \(text.zh)")
    #expect(!containsCJK(text.en), "\(entry) \(field): English text contains CJK: \(text.en)")
    #expect(text.en.utf8.allSatisfy { $0 < 0x80 }, "\(entry) \(field): English text is plain ASCII: \(text.en)")
    #expect(!text.en.contains("\n") && !text.zh.contains("\n"), "\(entry) \(field): texts are single paragraphs")
  }

  @Test func everyBasicEntryHasAllTextsInBothLanguages() {
    for entry in ReplyCodeReference.basicEntries {
      let name = String(entry.code)
      Self.checkText(entry.meaning, field: "meaning", entry: name)
      Self.checkText(entry.description, field: "description", entry: name)
      Self.checkText(entry.whenItAppears, field: "whenItAppears", entry: name)
      Self.checkText(entry.clientFix, field: "clientFix", entry: name)
      Self.checkText(entry.serverFix, field: "serverFix", entry: name)
      Self.checkText(entry.action, field: "action", entry: name)
      if let note = entry.retryNote { Self.checkText(note, field: "retryNote", entry: name) }
      #expect(!entry.meaning.en.hasSuffix("."), "\(name): a meaning is a title, without a final period")
    }
  }

  @Test func everyEnhancedEntryHasAllTextsInBothLanguages() {
    for entry in ReplyCodeReference.enhancedEntries {
      Self.checkText(entry.meaning, field: "meaning", entry: entry.label)
      Self.checkText(entry.description, field: "description", entry: entry.label)
      Self.checkText(entry.whenItAppears, field: "whenItAppears", entry: entry.label)
      Self.checkText(entry.clientFix, field: "clientFix", entry: entry.label)
      Self.checkText(entry.serverFix, field: "serverFix", entry: entry.label)
      Self.checkText(entry.action, field: "action", entry: entry.label)
      #expect(!entry.meaning.en.hasSuffix("."), "\(entry.label): a meaning is a title, without a final period")
    }
  }

  @Test func classMeaningsExistInBothLanguages() {
    for digit in 2...5 {
      Self.checkText(CodeClassMeaning.basicClass(digit)!.title, field: "class", entry: "\(digit)xx")
    }
    for digit in 0...5 {
      Self.checkText(CodeClassMeaning.basicCategory(digit)!.explanation, field: "category", entry: "x\(digit)x")
    }
    for digit in [2, 4, 5] {
      Self.checkText(CodeClassMeaning.enhancedClass(digit)!.explanation, field: "class", entry: "\(digit).x.x")
    }
    for subject in 0...7 {
      Self.checkText(CodeClassMeaning.enhancedSubject(subject)!.title, field: "subject", entry: "x.\(subject).x")
    }
    #expect(CodeClassMeaning.basicClass(6) == nil)
    #expect(CodeClassMeaning.enhancedSubject(8) == nil)
  }

  /// A typical text must be a reply to its own code: `530 ...` under 530, a text with `x.7.1`
  /// under X.7.1 in an allowed class, and class digits that agree.
  @Test func typicalTextsBelongToTheirEntries() {
    for entry in ReplyCodeReference.basicEntries {
      for vendorText in entry.typicalTexts {
        let text = vendorText.text
        #expect(
          text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "\(entry.code): typical texts are printable ASCII: \(text)")
        #expect(text.hasPrefix("\(entry.code) "), "\(entry.code): \(text)")
        let tokens = text.split(separator: " ")
        if tokens.count > 1, let enhanced = EnhancedStatusCode(String(tokens[1])) {
          #expect(Int(enhanced.statusClass) == entry.code / 100, "\(entry.code): class mismatch in \(text)")
        }
      }
    }
    for entry in ReplyCodeReference.enhancedEntries {
      for vendorText in entry.typicalTexts {
        let tokens = vendorText.text.split(separator: " ")
        let enhanced = tokens.count > 1 ? EnhancedStatusCode(String(tokens[1])) : nil
        #expect(
          enhanced.map { Int($0.subject) == entry.subject && Int($0.detail) == entry.detail } == true,
          "\(entry.label): \(vendorText.text)")
        if let enhanced {
          #expect(
            entry.allows(statusClass: Int(enhanced.statusClass)),
            "\(entry.label): class not allowed in \(vendorText.text)")
          #expect(ReplyCode.isPlausible(Int(tokens[0]) ?? 0), "\(entry.label): \(vendorText.text)")
        }
      }
    }
  }

  @Test func crossReferencesPointIntoTheReference() {
    for entry in ReplyCodeReference.basicEntries {
      for label in entry.usualEnhancedCodes {
        let code = EnhancedStatusCode(label)
        #expect(code != nil, "\(entry.code): \(label)")
        if let code {
          #expect(Int(code.statusClass) == entry.code / 100, "\(entry.code): \(label) has another class")
          #expect(
            ReplyCodeReference.enhancedEntry(code) != nil, "\(entry.code): \(label) is not registered in that class")
        }
      }
    }
    for entry in ReplyCodeReference.enhancedEntries {
      for code in entry.usualBasicCodes {
        #expect(ReplyCodeReference.basicEntry(code) != nil, "\(entry.label): \(code) is not a reference code")
        #expect(entry.classes.contains(code / 100), "\(entry.label): \(code) has a class the entry does not use")
      }
    }
  }

  @Test func meaningsFallBackToTheDigits() throws {
    #expect(ReplyCodeReference.meaning(code: 530) == "Authentication required")
    #expect(ReplyCodeReference.meaning(code: 530, language: .zh) == "需要身份验证")
    #expect(ReplyCodeReference.meaning(code: 459) == "Transient negative: mail system (45x)")
    #expect(ReplyCodeReference.meaning(code: 459, language: .zh) == "暂时性否定：邮件系统（45x）")
    #expect(ReplyCodeReference.meaning(code: 526) == "Permanent negative: connections (52x)")
    #expect(ReplyCodeReference.meaning(code: 534 + 3) == "Permanent negative: unspecified (53x)")
    for code in 200...599 {
      #expect(!ReplyCodeReference.meaning(code: code).isEmpty)
      #expect(!ReplyCodeReference.meaning(code: code, language: .zh).isEmpty)
    }
    let microsoft = try #require(EnhancedStatusCode("5.7.606"))
    #expect(ReplyCodeReference.meaning(enhanced: microsoft) == "Permanent failure: security or policy status")
    #expect(ReplyCodeReference.meaning(enhanced: microsoft, language: .zh) == "永久失败：安全或策略状态")
  }

  @Test func combinedMeaningPrefersTheSpecificEnhancedCode() throws {
    let unknownUser = try #require(EnhancedStatusCode("5.1.1"))
    #expect(ReplyCodeReference.meaning(code: 550, enhanced: unknownUser) == "Bad destination mailbox address")
    // x.y.0 and unregistered details say less than the basic code.
    #expect(
      ReplyCodeReference.meaning(code: 221, enhanced: EnhancedStatusCode("2.0.0"))
        == "Service closing transmission channel")
    #expect(
      ReplyCodeReference.meaning(code: 550, enhanced: EnhancedStatusCode("5.7.606"))
        == ReplyCodeReference.meaning(code: 550))
    #expect(
      ReplyCodeReference.meaning(code: nil, enhanced: EnhancedStatusCode("5.7.26"))
        == "Multiple authentication checks failed")
    #expect(ReplyCodeReference.meaning(code: 559, enhanced: nil) == "Permanent negative: mail system (55x)")
    #expect(ReplyCodeReference.meaning(code: 599) == "Permanent negative: unknown category (59x)")
    #expect(!ReplyCodeReference.meaning(code: nil, enhanced: nil).isEmpty)
  }

  @Test func retrySemanticsFollowTheClass() {
    #expect(ReplyCodeReference.basicEntry(421)?.isRetried == true)
    #expect(ReplyCodeReference.basicEntry(550)?.isRetried == false)
    #expect(ReplyCodeReference.basicEntry(221)?.retry == .notApplicable)
    #expect(ReplyCodeReference.basicEntry(552)?.retryNote != nil)
    #expect(ReplyCodeReference.enhancedEntry(subject: 7, detail: 1)?.retry(inClass: 4) == .retried)
  }

  @Test func languageFollowsTheLocale() {
    #expect(ReferenceLanguage(localeIdentifier: "zh_CN.UTF-8") == .zh)
    #expect(ReferenceLanguage(localeIdentifier: "zh") == .zh)
    #expect(ReferenceLanguage(localeIdentifier: "zh-Hans") == .zh)
    #expect(ReferenceLanguage(localeIdentifier: "en_US.UTF-8") == .en)
    #expect(ReferenceLanguage(localeIdentifier: "C") == .en)
    #expect(ReferenceLanguage(localeIdentifier: "") == .en)
    #expect(ReferenceLanguage(localeIdentifier: nil) == .en)
    #expect(ReferenceLanguage(localeIdentifier: "zha_CN") == .en)
  }
}
