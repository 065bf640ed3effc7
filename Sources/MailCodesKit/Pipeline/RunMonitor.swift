/// Watches a run for what must not be lost silently: writes unrecognized mail lines to
/// `--unparsed FILE` and remembers where lines were truncated, so the command can name them.
public struct RunMonitor: AnalysisSink {
  /// Where unrecognized lines go (`--unparsed`), if anywhere.
  public let unparsed: ByteOutput?
  /// How many truncated-line positions are kept per input for messages.
  public let keepPerInput: Int
  /// Per input index: the first truncated line numbers and how many in all.
  public private(set) var truncated: [Int: (lines: [Int], total: Int)] = [:]
  public private(set) var inputNames: [Int: String] = [:]
  public private(set) var unparsedWritten = 0
  /// Lines and bytes read from every input that ended (prefiltered lines included).
  public private(set) var linesRead = 0
  public private(set) var bytesRead: Int64 = 0

  public init(unparsed: ByteOutput?, keepPerInput: Int = 5) {
    self.unparsed = unparsed
    self.keepPerInput = keepPerInput
  }

  public mutating func beginInput(_ input: InputFile, index: Int) {
    inputNames[index] = input.displayName
  }

  public mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {
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
      unparsed.write(line)
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
}

extension RunMonitor: MergeableSink {
  public func emptyCopy(names: NameTable) -> RunMonitor {
    RunMonitor(unparsed: unparsed, keepPerInput: keepPerInput)
  }

  /// Unrecognized lines go to one file in input order: a monitor that writes them cannot be
  /// filled in parallel.
  public var canMergeInParallel: Bool { unparsed == nil }

  public mutating func merge(_ other: RunMonitor, names: NameTable) {
    for (index, entry) in other.truncated { truncated[index] = entry }
    for (index, name) in other.inputNames { inputNames[index] = name }
    unparsedWritten += other.unparsedWritten
    linesRead += other.linesRead
    bytesRead += other.bytesRead
  }
}
