import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Watches a run for what must not be lost silently: writes unrecognized mail lines to
/// `--unparsed FILE`, remembers where lines were truncated, so the command can name them, and
/// which inputs held no mail line at all (the wrong file, or binary data), so it can say so.
public struct RunMonitor: AnalysisSink {
  /// Where unrecognized lines go (`--unparsed`), if anywhere.
  public let unparsed: ByteOutput?
  /// How many truncated-line positions are kept per input for messages.
  public let keepPerInput: Int
  /// Per input index: the first truncated line numbers and how many in all.
  public private(set) var truncated: [Int: (lines: [Int], total: Int)] = [:]
  public private(set) var inputNames: [Int: String] = [:]
  public private(set) var unparsedWritten = 0
  /// Inputs that were read without error but of which not one line is a mail line.
  public private(set) var inputsWithoutMailLines: [(name: String, lines: Int)] = []
  /// Lines and bytes read from every input that ended (prefiltered lines included).
  public private(set) var linesRead = 0
  public private(set) var bytesRead: Int64 = 0
  /// Write unrecognized lines with their credentials as they are (`--show-secrets`); by
  /// default `Redactor` replaces them with `<redacted>`.
  public var showSecrets = false
  /// The family every input was read as (`--input-format`), for the notes.
  public var forcedFamily: LogFamily?

  public init(unparsed: ByteOutput?, keepPerInput: Int = 5) {
    self.unparsed = unparsed
    self.keepPerInput = keepPerInput
  }

  public mutating func beginInput(_ input: InputFile, index: Int) {
    inputNames[index] = input.displayName
  }

  public mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {
    if stats.error == nil, stats.lines > 0, stats.recognized + stats.unrecognized + stats.prefilteredLines == 0 {
      inputsWithoutMailLines.append((stats.name, stats.lines))
    }
    linesRead += stats.lines
    bytesRead += stats.bytes
  }

  @inline(__always)
  public mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
    if context.info.isTruncated || output.lineClass == .unrecognized { note(line, context: context, output: output) }
    return .proceed
  }

  /// The rare lines: truncated or unrecognized.
  private mutating func note(_ line: ByteView, context: LineContext, output: ParseOutput) {
    if context.info.isTruncated {
      var entry = truncated[context.inputIndex] ?? ([], 0)
      if entry.lines.count < keepPerInput { entry.lines.append(context.info.number) }
      entry.total += 1
      truncated[context.inputIndex] = entry
    }
    if output.lineClass == .unrecognized, let unparsed {
      if !showSecrets, Redactor.needsRedaction(line, secret: output.secret) {
        unparsed.write(Redactor.redacted(line, secret: output.secret))
      } else {
        unparsed.write(line)
      }
      unparsed.write(ASCII.newline)
      unparsedWritten += 1
    }
  }

  /// One-line messages about truncated lines: `mail.log: line 12: line longer than 65536 bytes, truncated`.
  public func truncationMessages(limit: Int) -> [String] {
    var messages: [String] = []
    for (index, entry) in truncated.sorted(by: { $0.key < $1.key }) {
      let name = inputNames[index] ?? "input"
      for line in entry.lines {
        messages.append("\(name): line \(line): line longer than \(limit) bytes, truncated (the rest was skipped)")
      }
      if entry.total > entry.lines.count {
        messages.append("\(name): \(entry.total - entry.lines.count) more truncated lines")
      }
    }
    return messages
  }

  /// Notes (not errors: nothing was skipped) about inputs without a single mail line:
  /// `note: photo.jpg: none of its 1,234 lines is a mail log line (Postfix, Exim, SMTP transcript)`.
  ///
  /// With `--input-format` (`forcedFamily`) the input may well be a mail log of another
  /// family: the note names the family it was read as, and how to detect instead.
  public func notes() -> [String] {
    inputsWithoutMailLines.map { input in
      let lines = input.lines == 1 ? "its only line is not" : "none of its \(TextLayout.number(input.lines)) lines is"
      guard let family = forcedFamily else {
        return "note: \(input.name): \(lines) a mail log line (Postfix, Exim, SMTP transcript)"
      }
      let name: String
      switch family {
      case .postfix: name = "a Postfix log line"
      case .exim: name = "an Exim log line"
      case .transcript: name = "an SMTP transcript line"
      }
      return "note: \(input.name): \(lines) \(name) (--input-format \(family) reads it as \(family) only; "
        + "without it, the format is detected)"
    }
  }
}

extension RunMonitor: MergeableSink {
  public func emptyCopy(names: NameTable) -> RunMonitor {
    var copy = RunMonitor(unparsed: unparsed, keepPerInput: keepPerInput)
    copy.showSecrets = showSecrets
    copy.forcedFamily = forcedFamily
    return copy
  }

  /// Unrecognized lines go to one file in input order: a monitor that writes them cannot be
  /// filled in parallel.
  public var canMergeInParallel: Bool { unparsed == nil }

  public mutating func merge(_ other: RunMonitor, names: NameTable) {
    for (index, entry) in other.truncated { truncated[index] = entry }
    for (index, name) in other.inputNames { inputNames[index] = name }
    unparsedWritten += other.unparsedWritten
    linesRead += other.linesRead
    inputsWithoutMailLines += other.inputsWithoutMailLines
    bytesRead += other.bytesRead
  }
}
