import MailCodesKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// The command-line front end: picks the subcommand and runs it.
public enum MailCodesCLI {
  public static let version = "0.1.0"

  struct Command {
    var name: String
    var abstract: String
    var run: (_ arguments: [String], _ context: CLIContext) -> Int32
    var spec: CommandSpec?
  }

  static var commands: [Command] {
    [
      Command(
        name: "analyze", abstract: AnalyzeCommand.spec.abstract, run: AnalyzeCommand.run, spec: AnalyzeCommand.spec),
      Command(name: "events", abstract: EventsCommand.spec.abstract, run: EventsCommand.run, spec: EventsCommand.spec),
      Command(name: "grep", abstract: GrepCommand.spec.abstract, run: GrepCommand.run, spec: GrepCommand.spec),
      Command(name: "merge", abstract: MergeCommand.spec.abstract, run: MergeCommand.run, spec: MergeCommand.spec),
      Command(
        name: "explain", abstract: ExplainCommand.spec.abstract, run: ExplainCommand.run, spec: ExplainCommand.spec),
      Command(
        name: "completions", abstract: CompletionsCommand.spec.abstract, run: CompletionsCommand.run,
        spec: CompletionsCommand.spec),
      Command(name: "man", abstract: ManCommand.spec.abstract, run: ManCommand.run, spec: ManCommand.spec),
    ]
  }

  /// Runs the process: real stdout/stderr, the real environment. Returns the exit status.
  public static func main(_ arguments: [String]) -> Int32 {
    // A closed pipe must not kill us mid-write: EPIPE is handled as "stop quietly".
    signal(SIGPIPE, SIG_IGN)
    let terminal = Terminal.current()
    let stdout = ByteOutput.standardOutput()
    stdout.lineBuffered = terminal.stdoutIsTerminal
    var context = CLIContext(
      stdout: stdout, stderr: ByteOutput.standardError(), environment: terminal.environment,
      stdoutIsTerminal: terminal.stdoutIsTerminal, stdinIsTerminal: terminal.stdinIsTerminal)
    context.processEndsAfterCommand = true
    let status = run(arguments, context)
    context.stdout.flush()
    context.stderr.flush()
    if let failure = context.stdout.failure {
      context.stderr.write("mailcodes: cannot write output: \(failure)\n")
      context.stderr.flush()
      return ExitStatus.error
    }
    return status
  }

  /// Runs `mailcodes ARGUMENTS` against `context` (in-process; tests use memory outputs).
  public static func run(_ arguments: [String], _ context: CLIContext) -> Int32 {
    guard let first = arguments.first else {
      context.stderr.write(topLevelHelp())
      return ExitStatus.error
    }
    switch first {
    case "--version", "-V", "version":
      context.stdout.write("mailcodes \(version)\n")
      return ExitStatus.success
    case "--help", "-h":
      context.stdout.write(topLevelHelp())
      return ExitStatus.success
    case "help":
      // `mailcodes help --help` (or `-h`, or `help help`): the help of help is the overview.
      if arguments.count > 1, ["--help", "-h", "help"].contains(arguments[1]) {
        context.stdout.write(topLevelHelp())
        return ExitStatus.success
      }
      if arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }), let spec = command.spec
      {
        context.stdout.write(HelpRenderer.render(spec))
        return ExitStatus.success
      }
      if arguments.count > 1 {
        return context.usage(
          UsageError(
            "no help for '\(arguments[1])'", hint: "Commands: \(commands.map(\.name).joined(separator: ", "))."))
      }
      context.stdout.write(topLevelHelp())
      return ExitStatus.success
    default:
      break
    }
    if let command = commands.first(where: { $0.name == first }) {
      return command.run(Array(arguments.dropFirst()), context)
    }
    if GrepCommand.fileExists(first) {
      // `mailcodes mail.log`, or a log that happens to be called `530`.
      return AnalyzeCommand.run(arguments, context)
    }
    if !first.hasPrefix("-"), CodePattern(first) != nil || CodePattern.rejection(first) != nil {
      // `mailcodes 530`: a code where a command or a file was expected.
      let quoted = Sanitizer.terminalSafe(first)
      return context.usage(
        UsageError(
          "'\(first)' is a reply code, not a command or a file",
          hint: "To explain it: mailcodes explain \(quoted). To find it in a log: mailcodes grep \(quoted) FILE."))
    }
    if first.hasPrefix("-") || first.contains("/") || first.contains(".") {
      // `mailcodes mail.log` or `mailcodes --by code mail.log`: analyze is the main job.
      return AnalyzeCommand.run(arguments, context)
    }
    let similar = suggestions(for: first, among: commands.map(\.name))
    return context.usage(
      UsageError(
        "unknown command '\(first)'",
        hint: similar.isEmpty
          ? "Commands: \(commands.map(\.name).joined(separator: ", ")). See 'mailcodes --help'."
          : "Did you mean '\(similar[0])'? See 'mailcodes --help'."))
  }

  /// The overview, in 80 columns like every command's help.
  static func topLevelHelp() -> String {
    var lines = HelpRenderer.wrap(
      "OVERVIEW: mailcodes \(version): SMTP reply codes in Postfix and Exim logs and SMTP transcripts.",
      width: 80, indent: ""
    ).enumerated().map { $0.offset == 0 ? $0.element : "          " + $0.element }
    lines += [
      "",
      "USAGE: mailcodes <command> [OPTIONS] [FILE ...]",
      "",
      "COMMANDS:",
    ]
    for command in commands + [
      Command(
        name: "help", abstract: "Show help for a command: mailcodes help analyze",
        run: { _, _ in 0 }, spec: nil)
    ] {
      for (k, line) in HelpRenderer.wrap(command.abstract, width: 80 - 14, indent: "").enumerated() {
        lines.append("  " + (k == 0 ? command.name : "").padding(12) + line)
      }
    }
    lines.append("")
    lines.append("  mailcodes FILE ... is short for mailcodes analyze FILE ...")
    lines.append("  --version    Show the version.")
    return lines.joined(separator: "\n") + "\n"
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
