import MailCodesKit

/// `mailcodes completions bash|zsh|fish`: the shell completion script, from the option tables.
enum CompletionsCommand {
  static let spec = CommandSpec(
    name: "completions",
    abstract: "Print the shell completion script for bash, zsh or fish.",
    usage: ["mailcodes completions bash|zsh|fish"],
    discussion: """
      Generated from the same option tables as --help. Install it where the shell looks: \
      /usr/share/bash-completion/completions/mailcodes, /usr/share/zsh/vendor-completions/_mailcodes, \
      /usr/share/fish/vendor_completions.d/mailcodes.fish (the .deb package does).
      """,
    options: [CommonOptions.help],
    examples: [
      (
        "mailcodes completions bash > ~/.local/share/bash-completion/completions/mailcodes",
        "Completion for one user's bash."
      )
    ],
    exitStatus: [("0", "Printed."), ("2", "No shell or an unknown one was named.")])

  static func run(_ arguments: [String], _ ctx: CLIContext) -> Int32 {
    let positionals: [String]
    switch CommandStart.parse(arguments, spec: spec, ctx) {
    case .run(_, let p): positionals = p
    case .exit(let status): return status
    }
    guard positionals.count == 1, let shell = CompletionScripts.Shell(rawValue: positionals[0]) else {
      return ctx.usage(
        UsageError(
          positionals.isEmpty ? "name a shell" : "unknown shell '\(positionals.joined(separator: " "))'",
          hint: "Use: mailcodes completions bash|zsh|fish"))
    }
    ctx.stdout.write(CompletionScripts.render(shell, commands: MailCodesCLI.commands.compactMap(\.spec)))
    return ExitStatus.success
  }
}
