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

/// One block of a line-shape catalogue (`Fixtures/shapes/*.shapes`): example log lines of one
/// shape that a server writes, and what the engine must make of them.
///
/// The format is described in `Docs/LogLines.md` ("The catalogue format"). In short:
/// ```
/// === postfix-smtpd-connect
/// daemon: postfix/smtpd
/// source: src/smtpd/smtpd.c (connect from), every version
/// meaning: none
/// status: ok
/// Nov 28 06:25:01 mx postfix/smtpd[812]: connect from unknown[192.0.2.7]
/// --- expect
/// class 1 recognized
/// event line=1 kind=connect command=CONNECT client=192.0.2.7
/// ```
struct LineShape: Sendable, CustomTestStringConvertible {
  enum Status: String, Sendable {
    case ok
    case todo
  }

  /// What a block expects; compared as a subset of what the engine produced.
  enum Expectation: Sendable, Equatable {
    /// `class N recognized|ignored|unrecognized`
    case lineClass(line: Int, LineClass)
    /// `event key=value ...`: the next event has these keys and values.
    case event([Field])
    /// `session key=value ...`: the next session that ended has these keys and values.
    case session([Field])
    /// `no-events`
    case noEvents
  }

  struct Field: Sendable, Equatable, CustomStringConvertible {
    var key: String
    var value: String
    var description: String { "\(key)=\(value)" }
  }

  var id: String
  /// The catalogue file (its name only) and the line of the `===` header.
  var file: String
  var line: Int
  var headers: [String: String]
  /// The log lines, each without its line end (bytes: a block may hold NUL bytes, see `escapes`).
  var input: [[UInt8]]
  var expectations: [Expectation]
  /// Errors in the block itself (a bad header, an expect line not understood).
  var problems: [String]

  var status: Status { Status(rawValue: headers["status"] ?? "") ?? .ok }
  var testDescription: String { id }

  /// The analysis options of the block: `input-format` and `year` headers.
  var family: LogFamily? {
    switch headers["input-format"] {
    case "postfix": return .postfix
    case "exim": return .exim
    case "transcript": return .transcript
    default: return nil
    }
  }

  var year: Int { headers["year"].flatMap { Int($0) } ?? 2026 }
}

/// Reads the `.shapes` files.
enum LineShapeCatalogue {
  static let directory = Fixtures.path("shapes")

  /// Every block of every `*.shapes` file, in file name order then file order. A file that
  /// cannot be read becomes one block with a problem, so that the test fails visibly.
  static let all: [LineShape] = {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".shapes") }.sorted()
    var shapes: [LineShape] = []
    for name in names {
      guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
        shapes.append(
          LineShape(
            id: "unreadable-\(name)", file: name, line: 0, headers: [:], input: [],
            expectations: [], problems: ["cannot read \(name)"]))
        continue
      }
      shapes.append(contentsOf: parse(Array(data), file: name))
    }
    return shapes
  }()

  /// The ids of every block.
  static var ids: Set<String> { Set(all.map(\.id)) }

  /// Parses one catalogue file.
  static func parse(_ bytes: [UInt8], file: String) -> [LineShape] {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> [UInt8] in
      line.last == 0x0D ? Array(line.dropLast()) : Array(line)
    }
    if lines.last?.isEmpty == true { lines.removeLast() }
    var shapes: [LineShape] = []
    var current: LineShape? = nil
    var inExpect = false
    var inHeaders = false
    func finish() {
      guard var shape = current else { return }
      // Blank lines between blocks belong to no block.
      while shape.input.last?.isEmpty == true, !inExpect { shape.input.removeLast() }
      if shape.input.isEmpty { shape.problems.append("no log lines") }
      if !inExpect { shape.problems.append("no `--- expect` line") }
      if shape.headers["status"] == nil || LineShape.Status(rawValue: shape.headers["status"]!) == nil {
        shape.problems.append("status must be `ok` or `todo`")
      }
      shapes.append(shape)
      current = nil
    }
    for (index, raw) in lines.enumerated() {
      let text = String(decoding: raw, as: UTF8.self)
      if text.hasPrefix("=== ") {
        finish()
        let id = text.dropFirst(4).trimmingCharacters(in: .whitespaces)
        current = LineShape(
          id: id, file: file, line: index + 1, headers: [:], input: [], expectations: [], problems: [])
        inExpect = false
        inHeaders = true
        continue
      }
      guard current != nil else { continue }  // comments and blank lines outside blocks
      if inExpect {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
        switch parseExpectation(trimmed) {
        case .success(let e): current!.expectations.append(e)
        case .failure(let message): current!.problems.append("line \(index + 1): \(message)")
        }
        continue
      }
      if text == "--- expect" {
        inExpect = true
        inHeaders = false
        continue
      }
      if inHeaders, let colon = text.firstIndex(of: ":"), headerKeys.contains(String(text[..<colon])) {
        let key = String(text[..<colon])
        current!.headers[key] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        continue
      }
      inHeaders = false
      current!.input.append(current!.headers["escapes"] == "yes" ? unescape(raw) : raw)
    }
    finish()
    return shapes
  }

  static let headerKeys: Set<String> = ["daemon", "source", "meaning", "status", "input-format", "year", "escapes"]

  /// `\xHH` and `\\` in the log lines of a block with `escapes: yes` (NUL bytes, for one).
  static func unescape(_ line: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    func hex(_ b: UInt8) -> UInt8? {
      switch b {
      case 0x30...0x39: return b - 0x30
      case 0x61...0x66: return b - 0x61 + 10
      case 0x41...0x46: return b - 0x41 + 10
      default: return nil
      }
    }
    while i < line.count {
      if line[i] == 0x5C, i + 1 < line.count {
        if line[i + 1] == 0x5C {
          out.append(0x5C)
          i += 2
          continue
        }
        if line[i + 1] == 0x78, i + 3 < line.count, let h = hex(line[i + 2]), let l = hex(line[i + 3]) {
          out.append(h << 4 | l)
          i += 4
          continue
        }
      }
      out.append(line[i])
      i += 1
    }
    return out
  }

  /// One expect line. Values run to the next ` key=` token: a word without `=` continues the
  /// value before it (`hint=likely 501 syntax error` is not needed, but `text=` values may hold
  /// spaces).
  static func parseExpectation(_ line: String) -> Result<LineShape.Expectation, ExpectationError> {
    let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard let keyword = words.first else { return .failure(ExpectationError("empty")) }
    func fields(_ rest: ArraySlice<String>) -> [LineShape.Field]? {
      var out: [LineShape.Field] = []
      for word in rest {
        if let eq = word.firstIndex(of: "="), eq != word.startIndex {
          out.append(LineShape.Field(key: String(word[..<eq]), value: String(word[word.index(after: eq)...])))
        } else if !out.isEmpty {
          out[out.count - 1].value += " " + word
        } else {
          return nil
        }
      }
      return out
    }
    switch keyword {
    case "class":
      guard words.count == 3, let n = Int(words[1]), n >= 1,
        let c = LineClass.allCases.first(where: { $0.description == words[2] })
      else { return .failure(ExpectationError("want `class N recognized|ignored|unrecognized`")) }
      return .success(.lineClass(line: n, c))
    case "event":
      guard let f = fields(words.dropFirst()) else { return .failure(ExpectationError("want `event key=value ...`")) }
      return .success(.event(f))
    case "session":
      guard let f = fields(words.dropFirst()) else { return .failure(ExpectationError("want `session key=value ...`")) }
      return .success(.session(f))
    case "no-events":
      return words.count == 1 ? .success(.noEvents) : .failure(ExpectationError("`no-events` takes nothing"))
    default:
      return .failure(ExpectationError("unknown expect line `\(keyword)`"))
    }
  }

  struct ExpectationError: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }
}

/// What the engine made of one block: events (as `mailcodes events` objects), line classes,
/// ended sessions.
struct LineShapeRun {
  var events: [[String: Any]] = []
  var classes: [Int: LineClass] = [:]
  var sessions: [SessionRecord] = []

  /// Runs `shape` through the pipeline in-process (a temporary file: the pipeline reads files).
  init(_ shape: LineShape) {
    var bytes: [UInt8] = []
    for line in shape.input {
      bytes.append(contentsOf: line)
      bytes.append(0x0A)
    }
    let path = Fixtures.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let names = NameTable()
    var sink = Collector(names: names)
    _ = Pipeline.run(
      [InputFile(path: path)], options: Engine.options(year: shape.year, family: shape.family),
      names: names, sink: &sink)
    events = sink.events.map {
      (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] ?? [
        "unparsable": String(decoding: $0, as: UTF8.self)
      ]
    }
    classes = sink.classes
    sessions = sink.sessions
  }

  private struct Collector: AnalysisSink {
    let names: NameTable
    var fileName = ""
    var events: [[UInt8]] = []
    var classes: [Int: LineClass] = [:]
    var sessions: [SessionRecord] = []

    init(names: NameTable) { self.names = names }

    mutating func beginInput(_ input: InputFile, index: Int) { fileName = input.displayName }

    mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
      var out: [UInt8] = []
      EventJSON.append(event, line: line, context: context, fileName: fileName, names: names, to: &out)
      events.append(out)
    }

    mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
      classes[context.info.number] = output.lineClass
      return .proceed
    }

    mutating func sessionEnded(_ session: SessionRecord) { sessions.append(session) }
  }

  /// The value of `key` in an event, as expect lines write it (`null` when absent).
  static func value(_ key: String, in event: [String: Any]) -> String {
    switch event[key] {
    case nil, is NSNull: return "null"
    case let s as String: return s
    case let n as NSNumber:
      // JSONSerialization gives booleans and numbers alike as NSNumber; `inferred` is the
      // event contract's only boolean.
      return key == "inferred" ? (n.boolValue ? "true" : "false") : n.stringValue
    case let other?: return "\(other)"
    }
  }

  /// The value of `key` in a session record, as expect lines write it.
  static func value(_ key: String, in session: SessionRecord) -> String? {
    switch key {
    case "outcome": return session.outcome.description
    case "stage": return session.stage == .none ? "null" : session.stage.description
    case "client", "peer": return session.client?.description ?? "null"
    case "direction": return session.direction.description
    case "family", "format": return session.family.description
    case "closed-without-quit": return session.closedWithoutQuit ? "true" : "false"
    case "evicted": return session.evicted ? "true" : "false"
    default: return nil
    }
  }

  /// A short description of an event for failure messages.
  static func describe(_ event: [String: Any]) -> String {
    let keys = [
      "line", "kind", "direction", "command", "code", "enhanced", "inferred", "client", "remote", "remote_ip",
      "delivery", "dsn", "outcome", "hint", "queue_id", "sender", "recipient",
    ]
    return keys.compactMap { key in
      let v = value(key, in: event)
      return v == "null" && !["code", "command"].contains(key) ? nil : "\(key)=\(v)"
    }.joined(separator: " ")
  }

  static func describe(_ session: SessionRecord) -> String {
    ["outcome", "stage", "client", "closed-without-quit"].map { "\($0)=\(value($0, in: session) ?? "?")" }
      .joined(separator: " ")
  }

  /// Where the engine's result differs from what `shape` expects; empty when it matches.
  func mismatches(against shape: LineShape) -> [String] {
    var out: [String] = shape.problems.map { "catalogue error: \($0)" }
    let expectedEvents = shape.expectations.compactMap { e -> [LineShape.Field]? in
      if case .event(let f) = e { return f } else { return nil }
    }
    let expectedSessions = shape.expectations.compactMap { e -> [LineShape.Field]? in
      if case .session(let f) = e { return f } else { return nil }
    }
    let noEvents = shape.expectations.contains(.noEvents)
    for case .lineClass(let n, let want) in shape.expectations {
      guard n <= shape.input.count else {
        out.append("class \(n): the block has \(shape.input.count) lines")
        continue
      }
      let got = classes[n]
      if got != want { out.append("line \(n): class \(got.map { "\($0)" } ?? "none"), want \(want)") }
    }
    if noEvents || !expectedEvents.isEmpty {
      for (i, want) in expectedEvents.enumerated() {
        guard i < events.count else {
          out.append("event \(i + 1) missing, want \(want.map(\.description).joined(separator: " "))")
          continue
        }
        let wrong = want.filter { LineShapeRun.value($0.key, in: events[i]) != $0.value }
        if !wrong.isEmpty {
          out.append(
            "event \(i + 1): "
              + wrong.map { "\($0.key)=\(LineShapeRun.value($0.key, in: events[i])), want \($0.value)" }
              .joined(separator: "; ") + "\n    got: \(LineShapeRun.describe(events[i]))")
        }
      }
      if events.count > expectedEvents.count {
        for e in events[expectedEvents.count...] { out.append("unexpected event: \(LineShapeRun.describe(e))") }
      }
    }
    if !expectedSessions.isEmpty {
      for (i, want) in expectedSessions.enumerated() {
        guard i < sessions.count else {
          out.append("session \(i + 1) missing, want \(want.map(\.description).joined(separator: " "))")
          continue
        }
        let wrong = want.filter { LineShapeRun.value($0.key, in: sessions[i]) != $0.value }
        if !wrong.isEmpty {
          out.append(
            "session \(i + 1): "
              + wrong.map {
                "\($0.key)=\(LineShapeRun.value($0.key, in: sessions[i]) ?? "(no such key)"), want \($0.value)"
              }.joined(separator: "; "))
        }
      }
      if sessions.count > expectedSessions.count {
        for s in sessions[expectedSessions.count...] { out.append("unexpected session: \(LineShapeRun.describe(s))") }
      }
    }
    return out
  }

  /// Everything the engine produced, for `MAILCODES_SHAPES_VERBOSE=1`.
  func dump(_ shape: LineShape) -> String {
    var lines = ["=== \(shape.id) [\(shape.status.rawValue)]"]
    for n in 1...max(1, shape.input.count) where n <= shape.input.count {
      lines.append("class \(n) \(classes[n].map { "\($0)" } ?? "none")")
    }
    lines += events.map { "event " + LineShapeRun.describe($0) }
    lines += sessions.map { "session " + LineShapeRun.describe($0) }
    return lines.joined(separator: "\n")
  }
}
