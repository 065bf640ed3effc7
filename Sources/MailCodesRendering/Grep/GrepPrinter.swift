import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The printer half of `mailcodes grep`: formats what a `GrepMatcher` selected, in the order
/// it hands it over (`GrepDecisionSink`).
///
/// A line is printed as grep prints it: the file name (`-H`) and line number (`-n`), each
/// followed by `:` for a selected line and `-` for a context line, then the line, its
/// credentials redacted (unless `showSecrets`), escaped for terminals (unless `--raw`), its
/// codes and clients coloured (`--color`) and the meanings of its codes appended
/// (`--meaning`). Groups (sessions, messages) and context groups are separated by `--`.
/// `--format jsonl` prints the selected lines' events instead; `-c`, `-l`, `-L` print one line
/// per input after the run (`writeFileResults`).
public struct GrepPrinter: GrepDecisionSink {
  public let options: GrepOptions
  public let output: ByteOutput
  public let names: NameTable

  private var inputNames: [Int: String] = [:]
  private var safeNames: [Int: [UInt8]] = [:]
  private var printedGroups = 0
  /// The current line's events as JSON lines (`--format jsonl`), its highlights
  /// (start, end, colour kind) and the meanings of its matching codes.
  private var lineEvents: [[UInt8]] = []
  private var highlights: [(Int, Int, UInt8)] = []
  private var lineMeaning = ""
  private var scratch: [UInt8] = []

  public init(options: GrepOptions, output: ByteOutput, names: NameTable) {
    self.options = options
    self.output = output
    self.names = names
  }

  public mutating func beginInput(_ input: InputFile, index: Int) {
    inputNames[index] = input.displayName
    safeNames[index] = Array(Sanitizer.terminalSafe(input.displayName).utf8)
  }

  public mutating func lineEvent(_ event: SMTPEvent, line: ByteView, context: LineContext, matched: Bool) {
    if options.output == .events { lineEvents.append(json(event, line, context)) }
    guard matched else { return }
    if options.color { addHighlights(event, line) }
    if options.meanings, event.code != nil || event.enhanced != nil {
      var label = event.code.map { String($0.rawValue) } ?? ""
      if let e = event.enhanced { label += (label.isEmpty ? "" : " ") + e.description }
      if event.inferred { label += "*" }
      let text =
        label + ": "
        + CodeMeanings.oneLine(code: event.code.map { Int($0.rawValue) }, enhanced: event.enhanced?.description)
      if !lineMeaning.contains(text) { lineMeaning += (lineMeaning.isEmpty ? "" : "; ") + text }
    }
  }

  public mutating func selected(_ line: ByteView, input: Int, number: Int, secret: TextRange) {
    if options.output == .events {
      for e in lineEvents { output.write(e) }
    } else {
      emit(line, input: input, number: number, secret: secret)
    }
  }

  public mutating func selected(_ copy: GrepLineCopy, input: Int, number: Int) {
    if options.output == .events {
      for e in copy.events { output.write(e) }
    } else {
      copy.bytes.withUnsafeBufferPointer { b in
        emit(
          ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count), input: input,
          number: number, highlight: false, meaning: copy.meaning)
      }
    }
  }

  public mutating func context(_ line: ByteView, input: Int, number: Int, secret: TextRange) {
    emit(line, input: input, number: number, highlight: false, meaning: "", secret: secret, separator: ASCII.minus)
  }

  public mutating func contextBreak() {
    output.write("--\n")
  }

  public mutating func beginGroup(separated: Bool) {
    guard options.output == .lines else { return }
    if printedGroups > 0, separated { output.write("--\n") }
    printedGroups += 1
  }

  /// The line's bytes redacted now where lines are printed, since the parser's mark of a
  /// credential is good for this line only.
  public func copy(_ line: ByteView, secret: TextRange) -> GrepLineCopy {
    let bytes =
      options.showSecrets || options.output != .lines ? line.bytes : Redactor.redacted(line, secret: secret)
    return GrepLineCopy(bytes: bytes, events: lineEvents, meaning: lineMeaning)
  }

  public mutating func endLine() {
    // Most lines have none of them: no work for those (this runs for every line read).
    if !lineEvents.isEmpty { lineEvents.removeAll(keepingCapacity: true) }
    if !highlights.isEmpty { highlights.removeAll(keepingCapacity: true) }
    if !lineMeaning.isEmpty { lineMeaning = "" }
  }

  public mutating func endInput() {
    output.flush()
  }

  public mutating func finish() {
    output.flush()
  }

  /// `-c`: the number of matches of each input; `-l`/`-L`: the names of the inputs with (or
  /// without) a match, where an input that failed (in `failed`) counts as having none only for
  /// `-l`. Nothing for the other outputs, which were printed as the lines came.
  /// - Parameter files: the inputs in the order of their indexes.
  public func writeFileResults(_ files: [InputFile], matches: (Int) -> Int, failed: (InputFile) -> Bool) {
    switch options.output {
    case .count:
      for (index, file) in files.enumerated() {
        let n = matches(index)
        output.write(options.withFileName ? "\(Sanitizer.terminalSafe(file.displayName)):\(n)\n" : "\(n)\n")
      }
    case .filesWithMatches, .filesWithoutMatches:
      let wanted = options.output == .filesWithMatches
      for (index, file) in files.enumerated() where (matches(index) > 0) == wanted && !(failed(file) && !wanted) {
        output.write("\(Sanitizer.terminalSafe(file.displayName))\n")
      }
    case .lines, .events, .quiet:
      break
    }
  }

  // MARK: - lines

  /// Prints one line, its credentials redacted (unless `showSecrets`): the parser's `secret`
  /// and what `Redactor` finds in the line itself.
  private mutating func emit(
    _ line: ByteView, input: Int, number: Int, highlight: Bool = true, meaning: String? = nil,
    secret: TextRange = .none, separator: UInt8 = ASCII.colon
  ) {
    guard options.output == .lines else { return }
    if !options.showSecrets, Redactor.needsRedaction(line, secret: secret) {
      var redacted: [UInt8] = []
      Redactor.appendRedacted(line, secret: secret, to: &redacted)
      // Highlights point into the line as it was: not shown on a redacted one.
      withByteView(redacted) {
        write($0, input: input, number: number, highlight: false, meaning: meaning, separator: separator)
      }
      return
    }
    write(line, input: input, number: number, highlight: highlight, meaning: meaning, separator: separator)
  }

  /// - Parameter separator: what follows the file name and line number: `:` for a selected
  ///   line, `-` for a context line (grep's convention).
  private mutating func write(
    _ line: ByteView, input: Int, number: Int, highlight: Bool, meaning: String?, separator: UInt8 = ASCII.colon
  ) {
    scratch.removeAll(keepingCapacity: true)
    if options.withFileName {
      if options.color { scratch.append(contentsOf: GrepColor.file) }
      scratch.append(contentsOf: safeNames[input] ?? [])
      if options.color { scratch.append(contentsOf: GrepColor.reset) }
      scratch.append(separator)
    }
    if options.lineNumbers {
      if options.color { scratch.append(contentsOf: GrepColor.lineNumber) }
      scratch.append(contentsOf: Array(String(number).utf8))
      if options.color { scratch.append(contentsOf: GrepColor.reset) }
      scratch.append(separator)
    }
    if options.color && highlight && !highlights.isEmpty {
      appendHighlighted(line)
    } else if options.sanitize || options.color {
      Sanitizer.appendTerminalSafe(line, to: &scratch)
    } else {
      scratch.append(contentsOf: UnsafeBufferPointer(start: line.base, count: line.count))
    }
    let note = meaning ?? lineMeaning
    if options.meanings, !note.isEmpty {
      if options.color { scratch.append(contentsOf: GrepColor.meaning) }
      scratch.append(contentsOf: Array(("  # " + note).utf8))
      if options.color { scratch.append(contentsOf: GrepColor.reset) }
    }
    scratch.append(ASCII.newline)
    output.write(scratch)
  }

  private mutating func addHighlights(_ event: SMTPEvent, _ line: ByteView) {
    if let code = event.code, !event.inferred, !event.text.isEmpty {
      let start = Int(event.text.start)
      var end = start + 3
      if let (_, e) = EnhancedStatusCode.parse(line, at: start + 4) { end = e }
      highlights.append((start, min(end, line.count), UInt8(code.rawValue / 100)))
    }
    if let client = event.client {
      let text = client.description
      if let at = withByteView(text, { t in line.firstRangeOf(t) }) {
        highlights.append((at, at + text.utf8.count, 0))
      }
    }
  }

  private mutating func appendHighlighted(_ line: ByteView) {
    let spans = highlights.sorted { $0.0 < $1.0 }
    var i = 0
    for (start, end, kind) in spans where start >= i && end <= line.count {
      Sanitizer.appendTerminalSafe(line.slice(i, start), to: &scratch)
      scratch.append(contentsOf: GrepColor.for(kind))
      Sanitizer.appendTerminalSafe(line.slice(start, end), to: &scratch)
      scratch.append(contentsOf: GrepColor.reset)
      i = end
    }
    Sanitizer.appendTerminalSafe(line.slice(i, line.count), to: &scratch)
  }

  private func json(_ event: SMTPEvent, _ line: ByteView, _ context: LineContext) -> [UInt8] {
    var out: [UInt8] = []
    EventJSON.append(
      event, line: line, context: context, fileName: inputNames[context.inputIndex] ?? "", names: names,
      redact: !options.showSecrets, to: &out)
    return out
  }
}

extension GrepMatcher where Printer == GrepPrinter {
  /// A matcher for `filter` with a printer writing to `output` as `options` say.
  public init(filter: EventFilter, options: GrepOptions, output: ByteOutput, names: NameTable) {
    self.init(
      plan: GrepPlan(filter: filter, options: options),
      printer: GrepPrinter(options: options, output: output, names: names))
  }
}

/// ANSI colours of grep output (grep's defaults: file purple, line number green, match red).
enum GrepColor {
  static let reset: [UInt8] = Array("\u{1B}[0m".utf8)
  static let file: [UInt8] = Array("\u{1B}[35m".utf8)
  static let lineNumber: [UInt8] = Array("\u{1B}[32m".utf8)
  static let client: [UInt8] = Array("\u{1B}[1;36m".utf8)
  static let permanent: [UInt8] = Array("\u{1B}[1;31m".utf8)
  static let transient: [UInt8] = Array("\u{1B}[1;33m".utf8)
  static let positive: [UInt8] = Array("\u{1B}[1;32m".utf8)
  static let meaning: [UInt8] = Array("\u{1B}[2m".utf8)

  static func `for`(_ kind: UInt8) -> [UInt8] {
    switch kind {
    case 5: return permanent
    case 4: return transient
    case 2, 3: return positive
    default: return client
    }
  }
}

extension ByteView {
  /// The first offset where `needle` occurs.
  func firstRangeOf(_ needle: ByteView) -> Int? {
    guard needle.count > 0, needle.count <= count else { return nil }
    var i = 0
    while i + needle.count <= count {
      guard let hit = firstIndex(of: needle[0], from: i), hit + needle.count <= count else { return nil }
      if matches(needle, at: hit) { return hit }
      i = hit + 1
    }
    return nil
  }
}
