import Foundation
import Testing

@testable import MailCodesCLI

@Suite("mailcodes explain")
struct ExplainCommandTests {
  @Test("explains a code, compares two, takes the language from LANG or --lang")
  func explain() {
    let one = run(["explain", "530"])
    #expect(one.status == 0 && one.stdout.contains("530") && one.stdout.contains("Authentication required"))
    let two = run(["explain", "221", "530"])
    #expect(two.status == 0 && two.stdout.hasPrefix("221 vs 530"))
    let zh = run(["explain", "5.7.1"], environment: ["LANG": "zh_CN.UTF-8"])
    #expect(zh.stdout.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
    let en = run(["explain", "--lang", "en", "5.7.1"], environment: ["LANG": "zh_CN.UTF-8"])
    #expect(!en.stdout.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
  }

  @Test("JSON and Markdown formats")
  func formats() throws {
    let json = run(["explain", "--format", "json", "550 5.7.26"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "mailcodes.explain/1")
    #expect(run(["explain", "--format", "markdown", "530"]).stdout.hasPrefix("#"))
  }

  @Test("a word that is not a code is a usage error with the argument named")
  func errors() {
    let bad = run(["explain", "999"])
    #expect(bad.status == 2 && bad.stderr.hasPrefix("mailcodes: ") && bad.stderr.contains("999"))
    #expect(run(["explain"]).status == 2)
    #expect(run(["explain", "--format", "csv", "530"]).status == 2)
  }
}
