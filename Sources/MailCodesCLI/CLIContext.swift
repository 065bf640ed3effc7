import MailCodesKit

/// Exit statuses, documented in README and in each command's help.
enum ExitStatus {
  /// Success; for grep: something matched.
  static let success: Int32 = 0
  /// grep: nothing matched. analyze with `--fail-on`: problems found.
  static let noMatch: Int32 = 1
  /// A usage error, an input that could not be read, or data that was skipped.
  static let error: Int32 = 2
}

/// Where a command writes and what it knows about its environment; tests build one in memory.
public struct CLIContext {
  public var stdout: ByteOutput
  public var stderr: ByteOutput
  public var environment: [String: String]
  public var stdoutIsTerminal: Bool
  public var stdinIsTerminal: Bool
  /// Overrides the clock (UTC seconds) for year inference on standard input.
  public var now: Int64?
  /// The process ends after the command (`MailCodesCLI.main`): a command's large results
  /// (the summary and its report) are left to the operating system instead of being freed
  /// one string at a time (`ExitKeeper`). Tests, which run many commands in one process,
  /// leave it false.
  public var processEndsAfterCommand = false

  public init(
    stdout: ByteOutput, stderr: ByteOutput, environment: [String: String], stdoutIsTerminal: Bool,
    stdinIsTerminal: Bool, now: Int64? = nil
  ) {
    self.stdout = stdout
    self.stderr = stderr
    self.environment = environment
    self.stdoutIsTerminal = stdoutIsTerminal
    self.stdinIsTerminal = stdinIsTerminal
    self.now = now
  }

  var terminal: Terminal {
    Terminal(environment: environment, stdoutIsTerminal: stdoutIsTerminal, stdinIsTerminal: stdinIsTerminal)
  }

  /// `mailcodes: message` on stderr (sanitized).
  func error(_ message: String) {
    stderr.write("mailcodes: \(Sanitizer.terminalSafe(message))\n")
  }

  /// A usage error: message, hint, exit status 2.
  func usage(_ e: UsageError) -> Int32 {
    error(e.message)
    if let hint = e.hint { stderr.write("\(hint)\n") }
    return ExitStatus.error
  }

  /// The inputs named on the command line (and the journal with `--journal`), or standard input.
  func inputs(_ positionals: [String], _ options: CommandOptions, command: String) throws(UsageError) -> [InputFile] {
    if let journal = try JournalOptions.input(options, environment: environment) {
      return positionals.map { InputFile(path: $0) } + [journal]
    }
    if positionals.isEmpty {
      if stdinIsTerminal {
        throw UsageError(
          "no input: name a log file, or pipe one in",
          hint: "Example: mailcodes \(command) /var/log/mail.log, or mailcodes \(command) --journal. "
            + "See 'mailcodes help \(command)'.")
      }
      return [.standardInput]
    }
    return positionals.map { InputFile(path: $0) }
  }
}
