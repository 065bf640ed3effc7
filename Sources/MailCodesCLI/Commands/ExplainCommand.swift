import MailCodesKit

/// `mailcodes explain`: what a reply code means, when it appears, how to fix it.
enum ExplainCommand {
  static let spec = CommandSpec(
    name: "explain",
    abstract: "Explain SMTP reply codes: meaning, when they appear, how to fix them, how two codes differ.",
    usage: ["mailcodes explain [OPTIONS] CODE ...", "mailcodes explain \"550 5.7.26 pasted reply text\""],
    discussion: """
      CODE is a basic code (530), an enhanced code (5.7.1), a pasted reply ("550 5.7.26 ..."), or a \
      pattern (5xx, 55x, 5.7.*). Two or more codes are compared side by side (mailcodes explain 221 530). \
      The reference is compiled in: every basic code of RFC 5321 and its extensions, every enhanced \
      code of the IANA registry, in English and Simplified Chinese.
      """,
    options: [
      OptionSpec(
        long: "lang", valueName: "LANG", category: .output,
        abstract: "Language: en or zh (default from LC_ALL, LC_MESSAGES, LANG).", choices: ["en", "zh"],
        apply: { value, options throws(UsageError) in
          guard let v = value?.lowercased(), let language = ReferenceLanguage(rawValue: String(v.prefix(2))) else {
            throw UsageError.invalidValue("--lang", value ?? "", expected: "en or zh")
          }
          options.language = language
        }),
      CommonOptions.format(for: .explain),
      CommonOptions.width,
      CommonOptions.help,
    ],
    examples: [
      ("mailcodes explain 530", "What 530 means, when servers send it, and how to fix it."),
      ("mailcodes explain 221 530", "How 221 and 530 differ, and which one needs action."),
      ("mailcodes explain \"550 5.7.26\"", "A pasted reply: both codes explained."),
      ("mailcodes explain 5.7.1 --lang zh", "In Simplified Chinese."),
      ("mailcodes explain 5xx", "Every permanent failure code, one per line."),
    ],
    exitStatus: [("0", "Explained."), ("2", "An argument is not a code, a pattern or a reply; or a usage error.")])

  static func run(_ arguments: [String], _ ctx: CLIContext) -> Int32 {
    var options: CommandOptions
    let positionals: [String]
    switch CommandStart.parse(arguments, spec: spec, ctx) {
    case .run(let o, let p): (options, positionals) = (o, p)
    case .exit(let status): return status
    }
    guard !positionals.isEmpty else {
      return ctx.usage(
        UsageError("no code to explain", hint: "Example: mailcodes explain 530. See 'mailcodes help explain'."))
    }
    guard options.inputFamily == nil, let format = (options.outputFormat ?? .text).explain else {
      return ctx.usage(UsageError("explain reads no logs: --format takes text, json or markdown"))
    }
    let language = options.language ?? ReferenceLanguage(localeIdentifier: ctx.terminal.localeIdentifier)
    do {
      let text = try Explainer.render(
        arguments: positionals, language: language, format: format,
        width: options.width ?? 80)
      ctx.stdout.write(text)
      return ExitStatus.success
    } catch {
      ctx.error(error.description)
      return ExitStatus.error
    }
  }
}
