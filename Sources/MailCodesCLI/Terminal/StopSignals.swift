import MailCodesKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Set by the handler of SIGINT, SIGTERM and SIGHUP while following (an atomic flag: the handler
/// may do nothing else).
nonisolated(unsafe) private var stopSignalReceived: sig_atomic_t = 0

/// Ends a followed run cleanly: a signal asks the run to stop, and the run then reads what is
/// left, prints what it holds (the sessions still open, the last report) and exits with its
/// usual status, its output flushed. Without the flag a signal would kill the process with
/// its last lines still in the output buffer.
enum StopSignals {
  static let handled = [SIGINT, SIGTERM, SIGHUP]

  /// Installs the handler (no SA_RESTART: a signal cuts the wait between two looks short).
  static func arm() {
    var set = sigset_t()
    sigemptyset(&set)
    for sig in handled { sigaddset(&set, sig) }
    // A parent may have started us with these signals blocked.
    sigprocmask(SIG_UNBLOCK, &set, nil)
    for sig in handled {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { _ in stopSignalReceived = 1 }
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      sigaction(sig, &action, nil)
    }
  }

  /// Whether a stop was asked for.
  static var requested: Bool { stopSignalReceived != 0 }

  /// The control of a followed run for `ctx`: stops on a signal, flushes standard output and
  /// prints rotation notices (unless `quiet`) whenever the input pauses.
  static func control(_ ctx: CLIContext, quiet: Bool, interval: Int? = nil, idle: @escaping () -> Void = {})
    -> FollowControl
  {
    FollowControl(
      interval: interval, shouldStop: { StopSignals.requested },
      onIdle: { notices in
        idle()
        ctx.stdout.flush()
        if !quiet { for notice in notices { ctx.error(notice) } }
        ctx.stderr.flush()
      })
  }
}
