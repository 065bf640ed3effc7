import Foundation
import MailCodesKit
import Testing

@testable import MailCodesCLI

/// The README against the real program, so that it cannot drift again: the sample report, the
/// JSON summary's keys and the events' keys (in order), the CSV headers, the OpenMetrics
/// families, the analyze options table, and every example command line.
@Suite("README")
struct ReadmeTests {
  static let readme: String = (try? String(contentsOfFile: Paths.repository + "/README.md", encoding: .utf8)) ?? ""
  static let samples = Paths.repository + "/SampleLogs/"

  /// The lines of the section that starts with `heading`, up to the next heading of its level.
  static func section(_ heading: String) throws -> [String] {
    let lines = readme.components(separatedBy: "\n")
    let start = try #require(lines.firstIndex { $0.hasPrefix(heading) }, "README has no \(heading)")
    let level = heading.prefix { $0 == "#" }
    let end =
      lines[(start + 1)...].firstIndex { $0.hasPrefix(level + " ") || $0.hasPrefix(level.dropLast() + " ") }
      ?? lines.count
    return Array(lines[(start + 1)..<end])
  }

  /// The rows of the first Markdown table in `lines`, cells trimmed.
  static func tableRows(_ lines: [String]) -> [[String]] {
    lines.filter { $0.hasPrefix("| ") }.dropFirst().map { line in
      // Cells split at `|`, but not at an escaped `\|` (`text\|json` in a cell).
      var cells: [String] = []
      var cell = ""
      var previous: Character = " "
      for c in line {
        if c == "|", previous != "\\" {
          cells.append(cell.replacingOccurrences(of: "\\|", with: "|").trimmingCharacters(in: CharacterSet.whitespaces))
          cell = ""
        } else {
          cell.append(c)
        }
        previous = c
      }
      return Array(cells.dropFirst())
    }.filter { !$0.isEmpty && !($0.first?.hasPrefix("---") ?? false) }
  }

  /// The names in backticks of `cell`, each with whether a `?` follows it.
  static func names(_ cell: String) -> [(name: String, optional: Bool)] {
    var names: [(String, Bool)] = []
    var rest = Substring(cell)
    while let open = rest.firstIndex(of: "`") {
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: "`") else { break }
      let tail = after[after.index(after: close)...]
      names.append((String(after[..<close]), tail.first == "?"))
      rest = tail
    }
    return names
  }

  @Test("The sample report is what analyze prints")
  func sampleReport() throws {
    let lines = Self.readme.components(separatedBy: "\n")
    var checked = 0
    for (index, line) in lines.enumerated() where line.hasPrefix("<!-- readme-check: mailcodes ") {
      // `<!-- readme-check: mailcodes ARGS, shown as NAME -->`, then a code block.
      let spec = line.dropFirst("<!-- readme-check: mailcodes ".count).replacingOccurrences(of: " -->", with: "")
      let parts = spec.components(separatedBy: ", shown as ")
      let arguments = parts[0].split(separator: " ").map(String.init)
      let path = try #require(arguments.last)
      let output = run(arguments.dropLast() + [Paths.repository + "/" + path]).stdout
        .replacingOccurrences(of: Paths.repository + "/" + path, with: parts[1])
        .components(separatedBy: "\n")
      #expect(lines[index + 1] == "```")
      let blockEnd = try #require(lines[(index + 2)...].firstIndex(of: "```"))
      let shown = Array(lines[(index + 3)..<blockEnd])  // after `$ mailcodes ...`
      // Segments between `...` lines appear in the output, line for line, in order.
      var segments: [[String]] = [[]]
      for l in shown {
        if l.trimmingCharacters(in: CharacterSet.whitespaces) == "..." {
          segments.append([])
        } else {
          segments[segments.count - 1].append(l)
        }
      }
      var at = 0
      for segment in segments where !segment.isEmpty {
        let found = (at...max(at, output.count - segment.count)).first {
          Array(output[$0..<min(output.count, $0 + segment.count)]) == segment
        }
        #expect(found != nil, "not in the output (from line \(at)): \(segment.joined(separator: "\n"))")
        at = (found ?? at) + segment.count
      }
      checked += 1
    }
    #expect(checked >= 1)
  }

  /// A JSON value with its object keys in document order.
  indirect enum Ordered {
    case object([(String, Ordered)])
    case array([Ordered])
    case scalar

    var keys: [String] { if case .object(let pairs) = self { return pairs.map(\.0) } else { return [] } }
    subscript(_ key: String) -> Ordered? {
      if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
      return nil
    }
  }

  /// A small JSON reader that keeps the order of keys (JSONSerialization does not).
  struct OrderedJSON {
    let bytes: [UInt8]
    var i = 0

    static func parse(_ text: String) -> Ordered? {
      var reader = OrderedJSON(bytes: Array(text.utf8))
      return reader.value()
    }

    mutating func skip() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }

    mutating func string() -> String? {
      guard bytes[i] == 0x22 else { return nil }
      i += 1
      let start = i
      while i < bytes.count, bytes[i] != 0x22 { i += bytes[i] == 0x5C ? 2 : 1 }
      defer { i += 1 }
      return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    mutating func value() -> Ordered? {
      skip()
      guard i < bytes.count else { return nil }
      switch bytes[i] {
      case 0x7B:
        i += 1
        var pairs: [(String, Ordered)] = []
        while true {
          skip()
          if bytes[i] == 0x7D {
            i += 1
            return .object(pairs)
          }
          if bytes[i] == 0x2C {
            i += 1
            continue
          }
          guard let key = string() else { return nil }
          skip()
          i += 1  // :
          guard let v = value() else { return nil }
          pairs.append((key, v))
        }
      case 0x5B:
        i += 1
        var items: [Ordered] = []
        while true {
          skip()
          if bytes[i] == 0x5D {
            i += 1
            return .array(items)
          }
          if bytes[i] == 0x2C {
            i += 1
            continue
          }
          guard let v = value() else { return nil }
          items.append(v)
        }
      case 0x22:
        _ = string()
        return .scalar
      default:
        while i < bytes.count, ![0x2C, 0x7D, 0x5D].contains(bytes[i]) { i += 1 }
        return .scalar
      }
    }
  }

  /// `actual` (keys in order) matches the README's list: the same keys in the same order, the
  /// optional ones where they apply.
  static func matches(_ actual: [String], _ listed: [(name: String, optional: Bool)]) -> Bool {
    let expected = listed.filter { !$0.optional || actual.contains($0.name) }.map(\.name)
    return actual == expected
  }

  @Test("The JSON summary's keys, and the keys of each object and row, in order")
  func jsonSummary() throws {
    let rows = Self.tableRows(try Self.section("### JSON summary"))
    let summary = run([
      "analyze", "--year", "2026", "--format", "json", Self.samples + "postfix/mail.log",
      Self.samples + "transcripts/swaks-lab.txt",
    ]).stdout
    let document = try #require(OrderedJSON.parse(summary))
    #expect(document.keys == rows.map { Self.names($0[0]).first?.name ?? "" }, "README: \(rows.map { $0[0] })")
    var optionalSeen: Set<String> = []
    for row in rows {
      let key = Self.names(row[0]).first?.name ?? ""
      let listed = Self.names(row[1])
      guard !listed.isEmpty, let value = document[key] else { continue }
      switch value {
      case .object:
        #expect(Self.matches(value.keys, listed), "\(key): \(value.keys)")
      case .array(let items):
        #expect(!items.isEmpty, "\(key) has rows to check")
        for item in items {
          #expect(Self.matches(item.keys, listed), "\(key): \(item.keys)")
          optionalSeen.formUnion(item.keys.filter { k in listed.contains { $0.name == k && $0.optional } })
        }
      case .scalar:
        Issue.record("\(key) is listed with keys but is a scalar")
      }
    }
    #expect(optionalSeen.contains("transcript"), "an optional key was checked where it applies")
    // The --by table.
    let table = try #require(
      OrderedJSON.parse(
        run([
          "analyze", "--year", "2026", "--by", "code,client", "--format", "json",
          Self.samples + "postfix/mail.log",
        ]).stdout))
    #expect(table.keys == ["schema", "by", "count", "total", "overflow", "rows"])
    #expect(
      Self.readme.contains(
        "prints a table (schema `mailcodes.table/1`): `by` (the fields),\n`count` (`events` or `sessions`; `messages` or `deliveries` with `--count messages`), `total`, `overflow`, `rows`"
      ))
  }

  @Test("The events' keys, in order; those marked always in every event")
  func eventKeys() throws {
    let rows = Self.tableRows(try Self.section("### Events"))
    let listed = rows.map { (name: Self.names($0[0]).first?.name ?? "", optional: $0[1] != "always") }
    #expect(listed.count > 20)
    var seen: Set<String> = []
    for input in ["postfix/mail.log", "exim/mainlog", "transcripts/swaks-lab.txt", "transcripts/smtplib-lab.txt"] {
      let lines = run(["events", "--year", "2026", Self.samples + input]).stdout.split(separator: "\n")
      #expect(lines.count > 10)
      for line in lines {
        let keys = try #require(OrderedJSON.parse(String(line))).keys
        #expect(Self.matches(keys, listed), "\(input): \(keys)")
        seen.formUnion(keys)
      }
    }
    #expect(seen.isSuperset(of: ["first_line", "side", "outcome", "hint", "delivery", "remote", "helo", "text"]))
  }

  @Test("CSV headers and OpenMetrics families as the README says")
  func csvAndMetrics() throws {
    let log = Self.samples + "postfix/mail.log"
    let byClient = run(["analyze", "--year", "2026", "--by", "code,client", "--format", "csv", log]).stdout
    #expect(byClient.hasPrefix("code,client,count\n"))
    #expect(Self.readme.contains("prints `code,client,count`"))
    let plain = run(["analyze", "--year", "2026", "--format", "csv", log]).stdout
    #expect(plain.hasPrefix("direction,code,enhanced,command,kind,inferred,count\n"))
    #expect(Self.readme.contains("tabulates `direction,code,enhanced,command,kind,inferred`"))
    let metrics = run(["analyze", "--year", "2026", "--format", "openmetrics", log]).stdout
    let family = try Regex("`(mailcodes_[a-z_]+)\\{([a-z_,]+)\\}`")
    var checked = 0
    for match in Self.readme.matches(of: family) {
      let name = String(match.output[1].substring ?? "")
      let labels = (match.output[2].substring ?? "").split(separator: ",").map(String.init)
      let sample = metrics.split(separator: "\n").first { $0.hasPrefix(name + "{") }
      #expect(sample != nil, "no \(name) in the output")
      let shown =
        sample.map { line in
          line.drop { $0 != "{" }.dropFirst().prefix { $0 != "}" }.split(separator: ",").map {
            String($0.prefix { $0 != "=" })
          }
        } ?? []
      #expect(shown == labels, "\(name): \(shown)")
      checked += 1
    }
    #expect(checked == 3)
    for name in ["mailcodes_lines_total", "mailcodes_limit_hits_total"] {
      #expect(Self.readme.contains("`\(name)`") && metrics.contains(name))
    }
  }

  @Test("Every option of the analyze table exists, and every analyze option is in the README")
  func analyzeOptions() throws {
    let rows = Self.tableRows(try Self.section("### `mailcodes analyze` options"))
    #expect(rows.count > 10)
    var listed: Set<String> = []
    for row in rows {
      for name in Self.names(row[0]).map(\.name) where name.hasPrefix("--") {
        let long = String(name.dropFirst(2).prefix { $0 != " " && $0 != "=" })
        listed.insert(long)
        #expect(AnalyzeCommand.spec.option(long: long) != nil, "README lists --\(long)")
      }
    }
    for option in AnalyzeCommand.spec.options where option.long != "help" {
      #expect(Self.readme.contains("`--\(option.long)"), "--\(option.long) is not in the README")
    }
    #expect(listed.contains("show-secrets") && listed.contains("lang"))
  }

  @Test("Every example command line of the README parses")
  func examples() throws {
    let specs = [AnalyzeCommand.spec, GrepCommand.spec, EventsCommand.spec, ExplainCommand.spec, MergeCommand.spec]
    var checked = 0
    var inShell = false
    for line in Self.readme.components(separatedBy: "\n") {
      if line.hasPrefix("```") {
        inShell = line == "```sh"
        continue
      }
      guard inShell else { continue }
      // Each `mailcodes ...` of the line, up to a pipe or a comment.
      for piece in line.components(separatedBy: "| ") {
        let trimmed = piece.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("mailcodes ") || trimmed.hasPrefix("swift run -c release mailcodes ") else { continue }
        let command = trimmed.components(separatedBy: "mailcodes ").dropFirst().joined(separator: "mailcodes ")
          .components(separatedBy: "  #")[0].components(separatedBy: " # ")[0]
        let words = Self.shellWords(command)
        guard let name = words.first, let spec = specs.first(where: { $0.name == name }) else { continue }
        var options = CommandOptions()
        do {
          _ = try ArgumentParser.parse(Array(words.dropFirst()), spec: spec, into: &options)
        } catch {
          Issue.record("README example does not parse: mailcodes \(command): \(error.message)")
        }
        checked += 1
      }
    }
    #expect(checked >= 12)
  }

  /// Words of a command line: spaces split, quotes group; a trailing `\` is dropped.
  static func shellWords(_ line: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quote: Character?
    var any = false
    for c in line {
      if let q = quote {
        if c == q { quote = nil } else { current.append(c) }
      } else if c == "\"" || c == "'" {
        quote = c
        any = true
      } else if c == " " {
        if any || !current.isEmpty { words.append(current) }
        current = ""
        any = false
      } else {
        current.append(c)
      }
    }
    if any || !current.isEmpty { words.append(current) }
    return words.filter { $0 != "\\" }
  }
}
