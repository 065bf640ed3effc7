import MailCodesKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// `mailcodes man`: the man page `mailcodes.1` (roff), from the option tables.
enum ManCommand {
  static let spec = CommandSpec(
    name: "man",
    abstract: "Print the man page mailcodes.1 (roff): mailcodes man > mailcodes.1; man -l mailcodes.1.",
    usage: ["mailcodes man"],
    discussion: """
      Generated from the same option tables as --help. Its date is SOURCE_DATE_EPOCH when set \
      (reproducible packages), else today.
      """,
    options: [CommonOptions.help],
    exitStatus: [("0", "Printed.")])

  static func run(_ arguments: [String], _ ctx: CLIContext) -> Int32 {
    let positionals: [String]
    switch CommandStart.parse(arguments, spec: spec, ctx) {
    case .run(_, let p): positionals = p
    case .exit(let status): return status
    }
    guard positionals.isEmpty else {
      return ctx.usage(UsageError("'mailcodes man' takes no arguments"))
    }
    let seconds = ctx.environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } ?? Int64(time(nil))
    let date = LogTimestamp(wallSeconds: seconds).dateString
    ctx.stdout.write(
      ManPageRenderer.render(
        MailCodesCLI.commands.compactMap(\.spec), version: MailCodesCLI.version,
        date: date))
    return ExitStatus.success
  }
}
