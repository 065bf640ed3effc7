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

/// The reference against the literal code lists of the RFCs and of the IANA registry: no code
/// missing, no code invented.
@Suite("Knowledge: reference completeness")
struct KnowledgeReferenceCompletenessTests {
  /// RFC 5321 §4.2.2 and §4.2.3.
  static let rfc5321BasicCodes: [Int] = [
    211, 214, 220, 221, 250, 251, 252, 354,
    421, 450, 451, 452, 455,
    500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555,
  ]

  /// Codes added by extensions that servers send: RFC 4954 (235, 334, 432, 454, 500, 530, 534,
  /// 535, 538), RFC 3207 (220, 454, 530), RFC 1870 (452, 552), RFC 6531 (553), RFC 5248
  /// registry entries (523 with X.7.10, 525 with X.7.13), RFC 7504 (521, 556).
  static let extensionBasicCodes: [Int] = [235, 334, 432, 454, 521, 523, 525, 530, 534, 535, 538, 556]

  /// The IANA "Enumerated Status Codes" of the SMTP Enhanced Status Codes registry.
  static let ianaEnhancedCodes: [String] = [
    "X.0.0",
    "X.1.0", "X.1.1", "X.1.2", "X.1.3", "X.1.4", "X.1.5", "X.1.6", "X.1.7", "X.1.8", "X.1.9", "X.1.10",
    "X.2.0", "X.2.1", "X.2.2", "X.2.3", "X.2.4",
    "X.3.0", "X.3.1", "X.3.2", "X.3.3", "X.3.4", "X.3.5", "X.3.6",
    "X.4.0", "X.4.1", "X.4.2", "X.4.3", "X.4.4", "X.4.5", "X.4.6", "X.4.7",
    "X.5.0", "X.5.1", "X.5.2", "X.5.3", "X.5.4", "X.5.5", "X.5.6",
    "X.6.0", "X.6.1", "X.6.2", "X.6.3", "X.6.4", "X.6.5", "X.6.6", "X.6.7", "X.6.8", "X.6.9", "X.6.10",
    "X.7.0", "X.7.1", "X.7.2", "X.7.3", "X.7.4", "X.7.5", "X.7.6", "X.7.7", "X.7.8", "X.7.9",
    "X.7.10", "X.7.11", "X.7.12", "X.7.13", "X.7.14", "X.7.15", "X.7.16", "X.7.17", "X.7.18", "X.7.19",
    "X.7.20", "X.7.21", "X.7.22", "X.7.23", "X.7.24", "X.7.25", "X.7.26", "X.7.27", "X.7.28", "X.7.29",
    "X.7.30",
  ]

  @Test func everyRFC5321BasicCodeIsInTheReference() {
    for code in Self.rfc5321BasicCodes {
      #expect(ReplyCodeReference.basicEntry(code) != nil, "missing basic code \(code)")
    }
  }

  @Test func basicCodesAreExactlyTheRFCCodes() {
    let expected = Set(Self.rfc5321BasicCodes + Self.extensionBasicCodes)
    let actual = ReplyCodeReference.basicEntries.map(\.code)
    #expect(
      Set(actual).subtracting(expected).isEmpty, "codes no RFC defines: \(Set(actual).subtracting(expected).sorted())")
    #expect(expected.subtracting(actual).isEmpty, "missing: \(expected.subtracting(actual).sorted())")
    #expect(actual.count == Set(actual).count, "duplicate basic entries")
    #expect(actual == actual.sorted())
  }

  @Test func enhancedCodesAreExactlyTheIANARegistry() {
    let actual = ReplyCodeReference.enhancedEntries.map(\.label)
    let expected = Set(Self.ianaEnhancedCodes)
    #expect(
      Set(actual).subtracting(expected).isEmpty,
      "entries not in the registry: \(Set(actual).subtracting(expected).sorted())")
    #expect(expected.subtracting(actual).isEmpty, "missing registry entries: \(expected.subtracting(actual).sorted())")
    #expect(actual.count == Set(actual).count, "duplicate enhanced entries")
    #expect(actual == Self.ianaEnhancedCodes, "entries out of registry order")
  }

  @Test func enhancedLookupHonoursTheClasses() throws {
    let fiveSevenOne = try #require(EnhancedStatusCode("5.7.1"))
    #expect(ReplyCodeReference.enhancedEntry(fiveSevenOne)?.label == "X.7.1")
    #expect(ReplyCodeReference.enhancedEntry(EnhancedStatusCode("4.7.1")!)?.label == "X.7.1")
    #expect(ReplyCodeReference.enhancedEntry(EnhancedStatusCode("2.0.0")!)?.label == "X.0.0")
    #expect(ReplyCodeReference.enhancedEntry(EnhancedStatusCode("2.1.5")!)?.label == "X.1.5")
    #expect(ReplyCodeReference.enhancedEntry(EnhancedStatusCode("5.1.5")!) == nil, "X.1.5 is a success code only")
    #expect(ReplyCodeReference.enhancedEntry(EnhancedStatusCode("4.7.12")!)?.label == "X.7.12")
    #expect(ReplyCodeReference.enhancedEntry(EnhancedStatusCode("5.7.606")!) == nil)
    #expect(ReplyCodeReference.enhancedEntry(EnhancedStatusCode("5.7.31")!) == nil)
    for entry in ReplyCodeReference.enhancedEntries {
      #expect(!entry.classes.isEmpty, "\(entry.label) has no class")
      #expect(
        entry.classes.allSatisfy { [2, 4, 5].contains($0) } && entry.classes == entry.classes.sorted(), "\(entry.label)"
      )
      #expect(!entry.references.isEmpty, "\(entry.label) has no reference")
    }
  }

  @Test func everyBasicEntryNamesItsRFC() {
    for entry in ReplyCodeReference.basicEntries {
      #expect(entry.references.allSatisfy { $0.hasPrefix("RFC ") }, "\(entry.code)")
      if Self.rfc5321BasicCodes.contains(entry.code) {
        #expect(entry.references.contains("RFC 5321"), "\(entry.code) is an RFC 5321 code")
      }
    }
  }
}
