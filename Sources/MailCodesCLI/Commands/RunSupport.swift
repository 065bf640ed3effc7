import MailCodesKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Shared steps of commands that read logs: engine options, `--unparsed`, messages.
extension CLIContext {
  func analysisOptions(_ options: CommandOptions) -> AnalysisOptions {
    var a = AnalysisOptions()
    a.maxLineLength = options.maxLineLength
    a.maxOpenSessions = options.maxSessions
    a.threads = options.threads
    a.year = options.year
    a.family = options.inputFamily
    a.now = now
    return a
  }

  /// The run's monitor: `--unparsed`, with `--show-secrets` and `--input-format` known to it.
  func monitor(_ options: CommandOptions, unparsed: ByteOutput?) -> RunMonitor {
    var monitor = RunMonitor(unparsed: unparsed)
    monitor.showSecrets = options.showSecrets
    monitor.forcedFamily = options.inputFamily
    return monitor
  }

  /// Opens `--unparsed FILE` for writing, or reports why it cannot. The lines are streamed
  /// into FILE as they come (no temporary file: they can be many), with `-o`'s rules for what
  /// is there (`OutputPath`): links are followed and stay, a device or FIFO is written through,
  /// the file standard output writes to is written through standard output.
  func openUnparsed(_ path: String?) throws(UsageError) -> ByteOutput? {
    guard let path else { return nil }
    let fd: Int32
    switch try OutputPath.resolve(path) {
    case .standardOutput: fd = dup(STDOUT_FILENO)
    case .writeThrough(let target): fd = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
    case .replace(let target, _):
      fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0o644)
    }
    if fd < 0 {
      throw UsageError("cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    return ByteOutput(.descriptor(fd))
  }

  /// Prints input errors, warnings, truncations and notes; returns true when data was skipped
  /// (notes, about inputs without a mail line, do not count: nothing was skipped).
  func reportProblems(_ totals: RunTotals, monitor: RunMonitor, maxLineLength: Int, quiet: Bool) -> Bool {
    for e in totals.errors { error(e.description) }
    if !quiet {
      for w in totals.warnings { error("warning: \(w.description)") }
      for message in monitor.truncationMessages(limit: maxLineLength) { error(message) }
      for note in monitor.notes() { error(note) }
    }
    return !totals.errors.isEmpty || !totals.warnings.isEmpty || !monitor.truncated.isEmpty
  }
}

/// Closes an `--unparsed` output (flush, then close the descriptor).
func closeOutput(_ output: ByteOutput?) {
  guard let output else { return }
  output.flush()
  if case .descriptor(let fd) = output.target, fd > 2 { close(fd) }
}
