/// Splits argv into options and positionals against a `CommandSpec`.
///
/// Accepts `--name value`, `--name=value`, `-x value`, `-xVALUE`, clustered flags `-cn`, `--`
/// (everything after it is positional) and `-` (standard input, a positional). Unknown options
/// get "did you mean" suggestions.
enum ArgumentParser {
  static func parse(_ arguments: [String], spec: CommandSpec, into options: inout CommandOptions) throws(UsageError)
    -> [String]
  {
    var positionals: [String] = []
    var i = 0
    var onlyPositionals = false
    while i < arguments.count {
      let argument = arguments[i]
      i += 1
      if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      if argument.hasPrefix("--") {
        var name = String(argument.dropFirst(2))
        var inline: String? = nil
        if let eq = name.firstIndex(of: "=") {
          inline = String(name[name.index(after: eq)...])
          name = String(name[..<eq])
        }
        let normalized = name.replacingUnderscores()
        guard let option = spec.option(long: name) ?? spec.option(long: normalized) else {
          let all = spec.options.flatMap { [$0.long] + $0.aliases }
          throw UsageError.unknownOption(
            "--\(name)", suggestions: suggestions(for: name, among: all).map { "--\($0)" },
            command: spec.name)
        }
        if option.takesValue {
          var value = inline
          if value == nil && option.valueIsOptional {
            try option.apply(nil, &options)
            continue
          }
          if value == nil {
            guard i < arguments.count else {
              throw UsageError.missingValue("--\(name)", valueName: option.valueName ?? "VALUE")
            }
            value = arguments[i]
            i += 1
          }
          try option.apply(value, &options)
        } else {
          if let inline {
            throw UsageError("option '--\(name)' takes no value (got '\(inline)')")
          }
          try option.apply(nil, &options)
        }
        continue
      }
      // Short options, possibly clustered.
      let cluster = Array(argument.dropFirst())
      var k = 0
      while k < cluster.count {
        let c = cluster[k]
        k += 1
        guard let option = spec.option(short: c) else {
          // A negative number where a value was expected is handled by the option; here it is unknown.
          throw UsageError.unknownOption("-\(c)", suggestions: [], command: spec.name)
        }
        if option.takesValue {
          var value: String
          if k < cluster.count {
            value = String(cluster[k...])
            if value.hasPrefix("=") { value.removeFirst() }
            k = cluster.count
          } else {
            guard i < arguments.count else {
              throw UsageError.missingValue("-\(c)", valueName: option.valueName ?? "VALUE")
            }
            value = arguments[i]
            i += 1
          }
          try option.apply(value, &options)
        } else {
          try option.apply(nil, &options)
        }
      }
    }
    return positionals
  }
}

extension String {
  /// `smtpd_stats` -> `smtpd-stats` (pflogsumm spelled options both ways).
  func replacingUnderscores() -> String {
    String(map { $0 == "_" ? "-" : $0 })
  }
}
