import MailCodesKit

extension CLIContext {
  /// `--follow`: reads `inputs`, then follows them until a signal (see `Pipeline.follow`).
  /// Standard input alone is read as usual: a pipe already delivers lines as they come.
  ///
  /// Generic on purpose and kept off the batch path: a batch run calls `Pipeline.run` directly,
  /// where the sink's type is known and its pre-specialized entry point is used.
  func follow<Sink: AnalysisSink>(
    _ inputs: [InputFile], options: CommandOptions, engine: AnalysisOptions,
    names: NameTable, sink: inout Sink
  ) -> RunTotals {
    StopSignals.arm()
    if inputs == [.standardInput] { return Pipeline.run(inputs, options: engine, names: names, sink: &sink) }
    return Pipeline.follow(
      inputs, options: engine, names: names, sink: &sink,
      control: StopSignals.control(self, quiet: options.quiet))
  }
}
