import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Where one line was, for sinks.
public struct LineContext {
  /// Index of the input in the run (into `RunInputs.files`).
  public var inputIndex: Int
  public var info: LineInfo
  public var envelope: SyslogEnvelope
  public var hostID: UInt32
  public var programID: UInt32
  /// The family whose parser read the line (nil: ignored by every parser).
  public var family: LogFamily?

  public init(
    inputIndex: Int, info: LineInfo, envelope: SyslogEnvelope, hostID: UInt32, programID: UInt32, family: LogFamily?
  ) {
    self.inputIndex = inputIndex
    self.info = info
    self.envelope = envelope
    self.hostID = hostID
    self.programID = programID
    self.family = family
  }
}

/// Receives the results of a pipeline run: events, classified lines, ended sessions.
///
/// A generic parameter of `Pipeline.run`, never an existential, so the per-line calls are
/// specialized and inlined. Order for each line: its events (`event`), then `line`, then the
/// sessions the line ended (`sessionEnded`). Returning `.stop` from `line` ends the run early
/// (grep `-q`); `.skipInput` ends the current input (grep `-m`, `-l`).
public protocol AnalysisSink {
  /// A new input group (a rotated series, read through its own session tracker) begins:
  /// messages still open in the previous group do not continue into this one.
  mutating func beginGroup(_ index: Int)
  mutating func beginInput(_ input: InputFile, index: Int)
  mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext)
  mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow
  mutating func sessionEnded(_ session: SessionRecord)
  mutating func endInput(_ input: InputFile, index: Int, stats: InputStats)
  /// A filter judges this sink's events and sessions (`FilteredSink`): what the sink counts
  /// from lines alone should follow it (the lines reach it unjudged but for their time).
  mutating func restrictLineCounts(to filter: EventFilter)
}

extension AnalysisSink {
  public mutating func beginGroup(_ index: Int) {}
  public mutating func beginInput(_ input: InputFile, index: Int) {}
  public mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {}
  public mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow { .proceed }
  public mutating func sessionEnded(_ session: SessionRecord) {}
  public mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {}
  public mutating func restrictLineCounts(to filter: EventFilter) {}
}

/// Two sinks fed the same run (`--unparsed` next to a report, for instance). The first one
/// decides whether to skip the rest of an input; either can stop the run.
public struct SinkPair<First: AnalysisSink, Second: AnalysisSink>: AnalysisSink {
  public var first: First
  public var second: Second

  public init(_ first: First, _ second: Second) {
    self.first = first
    self.second = second
  }

  public mutating func beginGroup(_ index: Int) {
    first.beginGroup(index)
    second.beginGroup(index)
  }
  public mutating func beginInput(_ input: InputFile, index: Int) {
    first.beginInput(input, index: index)
    second.beginInput(input, index: index)
  }
  public mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {
    first.event(event, line: line, context: context)
    second.event(event, line: line, context: context)
  }
  @inline(__always)
  public mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
    // The first sink drives the flow; the second (a monitor) can only stop the run.
    let a = first.line(line, context: context, output: output)
    let b = second.line(line, context: context, output: output)
    return b == .stop ? .stop : a
  }
  public mutating func sessionEnded(_ session: SessionRecord) {
    first.sessionEnded(session)
    second.sessionEnded(session)
  }
  public mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {
    first.endInput(input, index: index, stats: stats)
    second.endInput(input, index: index, stats: stats)
  }
}
