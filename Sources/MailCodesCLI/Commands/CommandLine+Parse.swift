import MailCodesKit

/// The steps every command starts with: parse argv against its spec, resolve the time window,
/// answer `--help`. The result is the options and positionals, or the exit status to return.
enum CommandStart {
  enum Result {
    case run(CommandOptions, [String])
    case exit(Int32)
  }

  static func parse(_ arguments: [String], spec: CommandSpec, _ ctx: CLIContext) -> Result {
    var options = CommandOptions()
    let positionals: [String]
    do {
      positionals = try ArgumentParser.parse(arguments, spec: spec, into: &options)
      try FilterOptions.resolveWindow(&options, now: ctx.now ?? TimeExpression.localNow())
    } catch {
      return .exit(ctx.usage(error))
    }
    if options.help {
      ctx.stdout.write(HelpRenderer.render(spec))
      return .exit(ExitStatus.success)
    }
    return .run(options, positionals)
  }
}
