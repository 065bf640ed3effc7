import MailCodesKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// The path of the temporary file being written, for the signal handler (a C string: the
/// handler may only call async-signal-safe functions such as `unlink`).
nonisolated(unsafe) private var pendingTemporaryPath: UnsafeMutablePointer<CChar>?

/// `--output FILE`, written so that whatever is at FILE survives as what it is
/// (`OutputPath.resolve` decides how):
///
/// - a regular file, or nothing yet: the report goes into a temporary file next to it, renamed
///   over it only when complete. A dashboard reading FILE never sees half a report; SIGINT,
///   SIGTERM or SIGHUP during the run remove the temporary file and end the process (status
///   128 + signal), leaving FILE as it was. A replaced file keeps its permission bits, and its
///   owner and group as far as the system lets this process give them (always as root).
/// - a character or block device, or a FIFO: opened and written through, never replaced
///   (`-o /dev/null` stays the system's null device; a FIFO's reader gets the report).
/// - a symbolic link: followed to its target, which follows the rules above; the link stays.
/// - a regular file with other hard links: the complete report is copied into it at the end
///   (a rename would give this name a new file and leave the other names on the old one).
/// - the file standard output writes to (`-o /dev/stdout >> FILE`): written through standard
///   output's descriptor, so that an append stays an append.
final class AtomicOutputFile {
  /// The path as given.
  let path: String
  /// Where the report lands: the target of the links in `path`.
  let target: String
  /// The temporary file renamed over `target`; nil when writing through.
  let temporaryPath: String?
  let output: ByteOutput
  private let fd: Int32
  /// The file being replaced: its mode, owner and group are given to the new one.
  private let replaced: stat?
  private var finished = false
  private var signalsArmed = true

  private init(path: String, target: String, temporaryPath: String?, fd: Int32, replaced: stat?) {
    self.path = path
    self.target = target
    self.temporaryPath = temporaryPath
    self.fd = fd
    self.replaced = replaced
    output = ByteOutput(.descriptor(fd))
  }

  /// Whether the report is written straight into a device or FIFO (no temporary file).
  var writesThrough: Bool { temporaryPath == nil }

  /// - Parameter armsSignals: whether SIGINT, SIGTERM and SIGHUP remove the temporary file and
  ///   end the process. A followed run passes false: its own handler asks it to stop, and it
  ///   finishes the file it is writing first.
  static func create(_ path: String, armsSignals: Bool = true) throws(UsageError) -> AtomicOutputFile {
    switch try OutputPath.resolve(path) {
    case .writeThrough(let target):
      // No O_CREAT, no O_TRUNC: the device or FIFO is used as it is (a FIFO waits for a reader).
      let fd = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
      guard fd >= 0 else { throw cannotWrite(path, errno) }
      return AtomicOutputFile(path: path, target: target, temporaryPath: nil, fd: fd, replaced: nil)
    case .standardOutput:
      let fd = dup(STDOUT_FILENO)
      guard fd >= 0 else { throw cannotWrite(path, errno) }
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      return AtomicOutputFile(path: path, target: path, temporaryPath: nil, fd: fd, replaced: nil)
    case .replace(let target, let existing):
      let temporary: String
      let fd: Int32
      do throws(SystemErrorCode) {
        (temporary, fd) = try createTemporary(next: target, mode: existing == nil ? 0o644 : 0o600)
      } catch {
        throw cannotWrite(path, error)
      }
      let file = AtomicOutputFile(path: path, target: target, temporaryPath: temporary, fd: fd, replaced: existing)
      if armsSignals { file.armSignals() } else { file.signalsArmed = false }
      return file
    }
  }

  private static func cannotWrite(_ path: String, _ code: Int32) -> UsageError {
    UsageError("cannot write '\(path)': \(String(cString: strerror(code)))")
  }

  private static func cannotWrite(_ path: String, _ error: SystemErrorCode) -> UsageError {
    cannotWrite(path, error.code)
  }

  /// An `errno` value as an `Error`.
  struct SystemErrorCode: Error {
    var code: Int32
  }

  /// A new file `.NAME.mailcodes-RANDOM.tmp` in `target`'s directory, created exclusively
  /// (never through a link or over a file someone placed there first).
  private static func createTemporary(next target: String, mode: mode_t) throws(SystemErrorCode) -> (String, Int32) {
    let slash = target.lastIndex(of: "/")
    let directory = slash.map { String(target[..<$0]) } ?? "."
    let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
    let prefix = (slash == nil ? "" : directory + "/") + "." + String(name.prefix(200)) + ".mailcodes-"
    var code: Int32 = EEXIST
    for _ in 0..<16 {
      let candidate = prefix + String(UInt64.random(in: 0...UInt64.max), radix: 36) + ".tmp"
      let fd = open(candidate, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
      if fd >= 0 { return (candidate, fd) }
      code = errno
      if code != EEXIST { break }
    }
    throw SystemErrorCode(code: code)
  }

  private func armSignals() {
    guard let temporaryPath else { return }
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
    guard signalsArmed, temporaryPath != nil else { return }
    for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, SIG_DFL) }
    if let p = pendingTemporaryPath {
      pendingTemporaryPath = nil
      free(p)
    }
  }

  /// Flushes the report; for a replaced file, syncs it, gives it the old file's mode, owner
  /// and group, and renames it into place.
  func commit() -> String? {
    guard !finished else { return nil }
    finished = true
    output.flush()
    defer { disarm() }
    guard let temporaryPath else {
      let failure = output.failure
      close(fd)
      return failure.map { "cannot write '\(path)': \($0)" }
    }
    if let failure = output.failure {
      close(fd)
      unlink(temporaryPath)
      return "cannot write '\(path)': \(failure)"
    }
    if let old = replaced {
      // Owner first: changing it clears set-id bits, which the mode then restores. Without
      // the right to give the file away (not root), the group alone may still be kept.
      if old.st_uid != geteuid() || old.st_gid != getegid() {
        if fchown(fd, old.st_uid, old.st_gid) != 0 { _ = fchown(fd, uid_t.max, old.st_gid) }
      }
      fchmod(fd, old.st_mode & 0o7777)
    }
    fsync(fd)
    if let old = replaced, old.st_nlink > 1 {
      defer {
        close(fd)
        unlink(temporaryPath)
      }
      return copyInPlace(from: fd).map { "cannot write '\(path)': \($0)" }
    }
    close(fd)
    if rename(temporaryPath, target) != 0 {
      let message = String(cString: strerror(errno))
      unlink(temporaryPath)
      return "cannot replace '\(path)': \(message)"
    }
    return nil
  }

  /// Copies the finished temporary file (open as `source`) over the target's contents, for a
  /// target with several hard links; returns why it could not.
  private func copyInPlace(from source: Int32) -> String? {
    let destination = open(target, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY)
    guard destination >= 0 else { return String(cString: strerror(errno)) }
    defer { close(destination) }
    guard lseek(source, 0, SEEK_SET) == 0 else { return String(cString: strerror(errno)) }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        return String(cString: strerror(errno))
      }
      var written = 0
      while written < n {
        let w = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + written, n - written) }
        if w < 0 {
          if errno == EINTR { continue }
          return String(cString: strerror(errno))
        }
        written += w
      }
    }
    return fsync(destination) == 0 ? nil : String(cString: strerror(errno))
  }

  /// Nothing is written: the temporary file is removed and FILE is left as it was.
  func abort() {
    guard !finished else { return }
    finished = true
    close(fd)
    if let temporaryPath { unlink(temporaryPath) }
    disarm()
  }

  /// Nothing is written, and an older report at FILE is removed so that it cannot pass for
  /// this run's (`--quiet-if-clean` on a clean run). A device or FIFO is left alone.
  func withdraw() -> String? {
    guard !finished else { return nil }
    let replacing = !writesThrough
    abort()
    guard replacing else { return nil }
    var info = stat()
    if lstat(target, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, unlink(target) != 0 {
      return "cannot remove the older report '\(path)': \(String(cString: strerror(errno)))"
    }
    return nil
  }
}
