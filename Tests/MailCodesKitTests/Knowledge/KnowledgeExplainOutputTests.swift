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

/// Properties every `mailcodes explain` output must have, checked over the whole reference.
@Suite("Knowledge: explain output properties")
struct KnowledgeExplainOutputTests {
  static var everyCode: [String] {
    ReplyCodeReference.basicEntries.map { String($0.code) }
      + ReplyCodeReference.enhancedEntries.map { entry in "\(entry.classes.last!).\(entry.subject).\(entry.detail)" }
  }

  @Test func displayWidthCountsChineseAsTwoColumns() {
    #expect(TextLayout.displayWidth("abc") == 3)
    #expect(TextLayout.displayWidth("中文ab") == 6)
    #expect(TextLayout.displayWidth("（，）") == 6)
  }

  @Test func wrappingKeepsPunctuationAndLongWordsTogether() {
    let chinese = "客户端必须先进行身份验证（AUTH）和/或发送 STARTTLS，然后再发送邮件。"
    for width in 8...40 {
      for line in TextLayout.wrap(chinese, width: width) {
        #expect(!line.hasPrefix("，") && !line.hasPrefix("）") && !line.hasPrefix("。"), "width \(width): \(line)")
        #expect(!line.hasSuffix("（"), "width \(width): \(line)")
      }
    }
    let url = "see https://support.google.com/mail/?p=WantAuthError now"
    #expect(TextLayout.wrap(url, width: 20) == ["see", "https://support.google.com/mail/?p=WantAuthError", "now"])
    #expect(TextLayout.wrap("530  Authentication required", width: 80) == ["530  Authentication required"])
  }

  @Test(arguments: [ReferenceLanguage.en, .zh], [80, 60])
  func textOutputFitsTheWidth(language: ReferenceLanguage, width: Int) throws {
    for code in Self.everyCode {
      let output = try Explainer.render(arguments: [code], language: language, format: .text, width: width)
      #expect(output.hasSuffix("\n") && !output.hasSuffix("\n\n"), "\(code)")
      for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
        #expect(!line.hasSuffix(" ") && !line.contains("\t"), "\(code): trailing space or tab: |\(line)|")
        let fits = TextLayout.displayWidth(String(line)) <= width
        // Only a single unbreakable word (a URL) may overflow.
        let overflowIsOneWord = line.split(separator: " ").contains { TextLayout.displayWidth(String($0)) > width - 10 }
        #expect(fits || overflowIsOneWord, "\(code) at \(width): |\(line)|")
      }
      if language == .en {
        #expect(output.utf8.allSatisfy { $0 < 0x80 }, "\(code): English text output is ASCII")
      }
    }
  }

  @Test(arguments: ReferenceLanguage.allCases)
  func jsonOutputIsWellFormed(language: ReferenceLanguage) throws {
    let queries: [[String]] =
      Self.everyCode.map { [$0] } + [
        ["221", "530"], ["550 5.7.26 text with \"quotes\" and \\ backslash"], ["5xx"], ["x.7.x"], ["526"], ["5.7.606"],
        ["X.7.1"],
      ]
    for arguments in queries {
      let output = try Explainer.render(arguments: arguments, language: language, format: .json)
      var parser = KnowledgeJSONChecker(output)
      let isValid = parser.isValidDocument()
      #expect(isValid, "\(arguments): invalid JSON")
      #expect(output.hasPrefix("{\n  \"schema\": \"mailcodes.explain/1\",\n  \"language\": \"\(language.rawValue)\","))
    }
  }

  /// The same escaper as every other JSON output (`Sanitizer`): hex digits in upper case.
  @Test func jsonStringsAreEscaped() {
    var out = ""
    ExplainJSONValue.appendString("a\"b\\c\nd\u{01}\u{7F}中", to: &out)
    #expect(out == "\"a\\\"b\\\\c\\nd\\u0001\\u007F中\"")
    #expect(out == Sanitizer.jsonString("a\"b\\c\nd\u{01}\u{7F}中"))
  }

  @Test(arguments: ReferenceLanguage.allCases)
  func markdownTablesAreRectangular(language: ReferenceLanguage) throws {
    let queries: [[String]] =
      Self.everyCode.map { [$0] } + [["221", "530", "421"], ["5xx"], ["550 5.7.1 <x@y>: Relay | access denied"]]
    for arguments in queries {
      let output = try Explainer.render(arguments: arguments, language: language, format: .markdown)
      var columns: Int?
      for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
        guard line.hasPrefix("|") else {
          columns = nil
          continue
        }
        // Count the cell separators that are not escaped.
        var count = 0
        var previous: Character = " "
        for character in line {
          if character == "|", previous != "\\" { count += 1 }
          previous = character
        }
        if let columns { #expect(count == columns, "\(arguments): |\(line)|") } else { columns = count }
      }
      #expect(!output.contains("\n\n\n"), "\(arguments): no double blank lines")
    }
  }
}

/// A strict JSON (RFC 8259) syntax checker, enough to prove the hand-written output parses.
struct KnowledgeJSONChecker {
  private let bytes: [UInt8]
  private var index = 0

  init(_ text: String) { bytes = Array(text.utf8) }

  mutating func isValidDocument() -> Bool {
    guard value() else { return false }
    skipWhitespace()
    return index == bytes.count
  }

  private mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
  }

  private mutating func literal(_ word: String) -> Bool {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
      return false
    }
    index += expected.count
    return true
  }

  private mutating func value() -> Bool {
    skipWhitespace()
    guard index < bytes.count else { return false }
    switch bytes[index] {
    case UInt8(ascii: "{"): return object()
    case UInt8(ascii: "["): return array()
    case UInt8(ascii: "\""): return string()
    case UInt8(ascii: "t"): return literal("true")
    case UInt8(ascii: "f"): return literal("false")
    case UInt8(ascii: "n"): return literal("null")
    default: return number()
    }
  }

  private mutating func object() -> Bool {
    index += 1
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return true
    }
    while true {
      skipWhitespace()
      guard string() else { return false }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
      index += 1
      guard value() else { return false }
      skipWhitespace()
      guard index < bytes.count else { return false }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return true
      }
      guard bytes[index] == UInt8(ascii: ",") else { return false }
      index += 1
    }
  }

  private mutating func array() -> Bool {
    index += 1
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return true
    }
    while true {
      guard value() else { return false }
      skipWhitespace()
      guard index < bytes.count else { return false }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return true
      }
      guard bytes[index] == UInt8(ascii: ",") else { return false }
      index += 1
    }
  }

  private mutating func string() -> Bool {
    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
    index += 1
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return true
      }
      if byte < 0x20 { return false }
      if byte == UInt8(ascii: "\\") {
        index += 1
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
          UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
          index += 1
        case UInt8(ascii: "u"):
          guard index + 4 < bytes.count,
            bytes[index + 1...index + 4].allSatisfy({
              ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46)
            })
          else { return false }
          index += 5
        default:
          return false
        }
        continue
      }
      index += 1
    }
    return false
  }

  private mutating func number() -> Bool {
    let start = index
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
    return index > start
  }
}
