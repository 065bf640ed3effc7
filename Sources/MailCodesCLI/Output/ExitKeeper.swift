/// Values kept until the process exits, never freed.
///
/// A report over a large log holds hundreds of thousands of strings (client addresses, peers,
/// texts). Freeing them one by one when the command returns took about 5 % of a run's
/// instructions (callgrind, `analyze` of a 20 MB Postfix log), for memory the operating system
/// reclaims at exit in one step anyway. Only for the last thing a process does
/// (`CLIContext.processEndsAfterCommand`).
enum ExitKeeper {
  nonisolated(unsafe) private static var kept: [Any] = []

  static func keep(_ values: Any...) {
    kept.append(values)
  }
}
