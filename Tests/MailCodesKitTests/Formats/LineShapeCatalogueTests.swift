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

/// Every line shape of the catalogue (`Fixtures/shapes/*.shapes`, documented in
/// `Docs/LogLines.md` and `Docs/LogLines-Exim.md`) run through the engine, one test case per
/// shape. A `todo` shape is a known gap: its failure is a known issue, and a `todo` shape that
/// passes fails the test, so that it gets marked `ok`.
///
/// `MAILCODES_SHAPES_VERBOSE=1` prints what the engine made of every shape.
@Suite("Line shape catalogue")
struct LineShapeCatalogueTests {
  @Test("each shape gives its expected line classes, events and sessions", arguments: LineShapeCatalogue.all)
  func shape(_ shape: LineShape) {
    let run = LineShapeRun(shape)
    if ProcessInfo.processInfo.environment["MAILCODES_SHAPES_VERBOSE"] == "1" { print(run.dump(shape)) }
    let location = SourceLocation(
      fileID: "MailCodesKitTests/\(shape.file)",
      filePath: LineShapeCatalogue.directory
        + "/" + shape.file, line: max(1, shape.line), column: 1)
    let problems = run.mismatches(against: shape)
    switch shape.status {
    case .ok:
      if !problems.isEmpty {
        let message = "shape \(shape.id) (\(shape.file):\(shape.line)):\n  " + problems.joined(separator: "\n  ")
        Issue.record(Comment(rawValue: message), sourceLocation: location)
      }
    case .todo:
      if problems.isEmpty {
        Issue.record("shape \(shape.id) now passes: mark it ok (\(shape.file):\(shape.line))", sourceLocation: location)
      } else {
        withKnownIssue("shape \(shape.id) is a known gap (status: todo)") {
          let message = "shape \(shape.id):\n  " + problems.joined(separator: "\n  ")
          Issue.record(Comment(rawValue: message), sourceLocation: location)
        }
      }
    }
  }

  @Test("the catalogue files parse, and their ids are unique")
  func catalogueIsWellFormed() {
    #expect(!LineShapeCatalogue.all.isEmpty, "no .shapes file in \(LineShapeCatalogue.directory)")
    var seen: [String: String] = [:]
    for shape in LineShapeCatalogue.all {
      if let first = seen[shape.id] {
        Issue.record("id \(shape.id) twice: \(first) and \(shape.file):\(shape.line)")
      }
      seen[shape.id] = "\(shape.file):\(shape.line)"
      #expect(shape.problems.isEmpty, "\(shape.file):\(shape.line) \(shape.id): \(shape.problems)")
      #expect(LineShapeCatalogue.idPattern.wholeMatch(shape.id), "\(shape.id): ids are family-daemon-what, lower case")
      for key in ["daemon", "source", "meaning"] {
        #expect(shape.headers[key]?.isEmpty == false, "\(shape.id): no `\(key):` header")
      }
      let meaning = shape.headers["meaning"]?.split(separator: " ").first.map(String.init) ?? ""
      #expect(
        ["printed", "inferred", "hint", "none"].contains(meaning),
        "\(shape.id): meaning is `printed CODE`, `inferred CODE [ENH]`, `hint` or `none`")
    }
  }

  /// The ids written in backticks in `Docs/LogLines*.md` (`postfix-smtpd-connect`).
  static func documentedIDs() throws -> [String: Set<String>] {
    let docs = (Fixtures.testsDirectory as NSString).deletingLastPathComponent + "/../Docs"
    let names = try FileManager.default.contentsOfDirectory(atPath: docs)
      .filter { $0.hasPrefix("LogLines") && $0.hasSuffix(".md") }.sorted()
    var out: [String: Set<String>] = [:]
    for name in names {
      // Fenced code blocks are examples, not references: left out, so that their backticks do
      // not shift the inline code spans after them.
      var prose: [Substring] = []
      var inFence = false
      for line in try String(contentsOfFile: docs + "/" + name, encoding: .utf8).split(separator: "\n") {
        if line.hasPrefix("```") {
          inFence.toggle()
        } else if !inFence {
          prose.append(line)
        }
      }
      var ids: Set<String> = []
      let text = prose.joined(separator: "\n")
      for token in text.split(separator: "`", omittingEmptySubsequences: false).enumerated() where token.offset % 2 == 1
      {
        let word = String(token.element)
        if LineShapeCatalogue.idPattern.wholeMatch(word) { ids.insert(word) }
      }
      out[name] = ids
    }
    return out
  }

  @Test("every catalogue id named in Docs/LogLines*.md has a shape, and every shape is documented")
  func docsNameEveryShape() throws {
    let documented = try Self.documentedIDs()
    #expect(documented["LogLines.md"] != nil, "Docs/LogLines.md is missing")
    let inDocs = documented.values.reduce(into: Set<String>()) { $0.formUnion($1) }
    let inCatalogue = LineShapeCatalogue.ids
    for id in inDocs.subtracting(inCatalogue).sorted() {
      let file = documented.first { $0.value.contains(id) }?.key ?? "?"
      Issue.record("Docs/\(file) names `\(id)`, which no .shapes file has")
    }
    for id in inCatalogue.subtracting(inDocs).sorted() {
      let file = LineShapeCatalogue.all.first { $0.id == id }?.file ?? "?"
      Issue.record("shape \(id) (\(file)) is not named in any Docs/LogLines*.md")
    }
  }
}

extension LineShapeCatalogue {
  /// A catalogue id: a family (`postfix`, `envelope`, `exim`, `transcript`) and at least two
  /// more words, lower case, joined by `-`. Other backticked words of the docs
  /// (`postfix-out/smtpd`, `postfix-script`) are no ids.
  static let idPattern = IDPattern()

  struct IDPattern: Sendable {
    static let families = ["postfix", "envelope", "exim", "transcript"]

    func wholeMatch(_ word: String) -> Bool {
      let parts = word.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count >= 3, let family = parts.first, IDPattern.families.contains(String(family)) else {
        return false
      }
      return parts.allSatisfy { part in
        !part.isEmpty && part.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
      }
    }
  }
}
