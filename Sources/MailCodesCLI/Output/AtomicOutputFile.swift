#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif
import MailCodesKit

/// The path of the temporary file being written, for the signal handler (a C string: the
/// handler may only call async-signal-safe functions such as `unlink`).
nonisolated(unsafe) private var pendingTemporaryPath: UnsafeMutablePointer<CChar>?

/// `--output FILE`, written atomically: into a temporary file next to FILE, renamed over FILE
/// only when the report is complete. A dashboard reading FILE never sees half a report; SIGINT,
/// SIGTERM or SIGHUP during the run remove the temporary file and end the process (status
/// 128 + signal), leaving FILE as it was.
final class AtomicOutputFile {
  let path: String
  let temporaryPath: String
  let output: ByteOutput
  private let fd: Int32
  private var finished = false
  private var signalsArmed = true

  private init(path: String, temporaryPath: String, fd: Int32) {
    self.path = path
    self.temporaryPath = temporaryPath
    self.fd = fd
    output = ByteOutput(.descriptor(fd))
  }

  /// - Parameter armsSignals: whether SIGINT, SIGTERM and SIGHUP remove the temporary file and
  ///   end the process. A followed run passes false: its own handler asks it to stop, and it
  ///   finishes the file it is writing first.
  static func create(_ path: String, armsSignals: Bool = true) -> Result<AtomicOutputFile, UsageError> {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard !name.isEmpty else { return .failure(UsageError("--output needs a file name, not a directory")) }
    let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).mailcodes-\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      return .failure(UsageError("cannot write '\(path)': \(String(cString: strerror(errno)))"))
    }
    let file = AtomicOutputFile(path: path, temporaryPath: temporary, fd: fd)
    if armsSignals { file.armSignals() } else { file.signalsArmed = false }
    return .success(file)
  }

  private func armSignals() {
    pendingTemporaryPath = strdup(temporaryPath)
    // A parent may have started us with these signals blocked (some process launchers do):
    // they must reach the handler that removes the temporary file.
    var set = sigset_t()
    sigemptyset(&set)
    for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
    sigprocmask(SIG_UNBLOCK, &set, nil)
    for sig in [SIGINT, SIGTERM, SIGHUP] {
      signal(sig) { received in
        if let path = pendingTemporaryPath { unlink(path) }
        _exit(128 + received)
      }
    }
  }

  private func disarm() {
    guard signalsArmed else { return }
    for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, SIG_DFL) }
    if let p = pendingTemporaryPath {
      pendingTemporaryPath = nil
      free(p)
    }
  }

  /// Flushes, syncs and renames the file into place.
  func commit() -> String? {
    guard !finished else { return nil }
    finished = true
    output.flush()
    defer { disarm() }
    if let failure = output.failure {
      close(fd)
      unlink(temporaryPath)
      return "cannot write '\(path)': \(failure)"
    }
    fsync(fd)
    close(fd)
    if rename(temporaryPath, path) != 0 {
      let message = String(cString: strerror(errno))
      unlink(temporaryPath)
      return "cannot replace '\(path)': \(message)"
    }
    return nil
  }

  /// Removes the temporary file, leaving FILE as it was.
  func abort() {
    guard !finished else { return }
    finished = true
    close(fd)
    unlink(temporaryPath)
    disarm()
  }
}
