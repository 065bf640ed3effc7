import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Reads the standard output of a program it starts (`journalctl -o json` for `--journal`).
///
/// The program gets `/dev/null` as standard input, SIGPIPE at its default action, and shares
/// our standard error (its hints,
/// such as journalctl's "you are not seeing messages from other users", reach the user). At
/// the end of its output the program is waited for: an exit status other than 0, or a signal,
/// throws `commandFailed` naming the command, after every byte it wrote was served. Released
/// before the end (grep `-q`, `-m`), it closes the pipe, sends SIGTERM to the program it
/// started and waits for it, so that no process is left behind.
public final class CommandSource: ByteSource {
  public let name: String
  /// The pipe's reading end (it can sniff magic bytes as a file can).
  public let pipe: FileSource
  private var pid: pid_t
  private var reaped = false

  /// Starts `executable` (a path) with `arguments`; throws `commandFailed` when it cannot be
  /// started.
  public init(executable: String, arguments: [String], name: String) throws(InputError) {
    self.name = name
    var fds: [Int32] = [-1, -1]
    guard Glibc.pipe(&fds) == 0 else {
      throw InputError(kind: .commandFailed, input: name, detail: "cannot create a pipe: \(systemMessage(errno))")
    }
    // Not inherited by other programs (the child gets its end as standard output by dup2).
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    // mailcodes ignores SIGPIPE (a closed output is handled as "stop"); the program must not
    // inherit that: when we stop reading early, it ends quietly on SIGPIPE.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
    var child = pid_t()
    let status = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
    close(fds[1])
    guard status == 0 else {
      close(fds[0])
      throw InputError(kind: .commandFailed, input: name, detail: "cannot run \(executable): \(systemMessage(status))")
    }
    pid = child
    pipe = FileSource(descriptor: fds[0], name: name, closesDescriptor: true)
  }

  deinit {
    guard !reaped else { return }
    // Stopped early: the program may still be writing (or waiting for new entries).
    kill(pid, SIGTERM)
    _ = waitForExit()
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    let n = try pipe.read(into: buffer)
    if n > 0 || reaped { return n }
    let status = waitForExit()
    if let failure = CommandSource.describe(status) {
      throw InputError(kind: .commandFailed, input: name, detail: failure)
    }
    return 0
  }

  /// Waits for the program (EINTR retried) and returns its wait status.
  private func waitForExit() -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { break }
    }
    reaped = true
    return status
  }

  /// Nil for a clean exit; otherwise what went wrong, for the message.
  static func describe(_ status: Int32) -> String? {
    let signal = status & 0x7F
    if signal == 0 {
      let code = (status >> 8) & 0xFF
      return code == 0 ? nil : "exited with status \(code)"
    }
    return "killed by signal \(signal)"
  }

  /// The full path of `program` found in the directories of `path` (a `PATH` value), or nil.
  public static func find(_ program: String, path: String?) -> String? {
    if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
    for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
      let candidate = directory + "/" + program
      var info = stat()
      if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
        return candidate
      }
    }
    return nil
  }
}
