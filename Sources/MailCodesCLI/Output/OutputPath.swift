#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// What `-o PATH` names, links followed.
enum OutputPath {
  /// A regular file (its `stat`, to keep its mode and owner) or nothing yet at `target`:
  /// replaced through a temporary file.
  case replace(target: String, existing: stat?)
  /// A character or block device or a FIFO: written through.
  case writeThrough(target: String)
  /// The regular file that standard output already writes to (`-o /dev/stdout` under
  /// `>> file`): written through that descriptor, so that the shell's append or offset holds.
  case standardOutput

  /// Follows `path`'s links: to an existing file, by `realpath` (so `/dev/stdout` reaches
  /// whatever standard output is); to a missing one, link by link, so that the report is
  /// created where the last link points and the links stay.
  static func resolve(_ path: String) throws(UsageError) -> OutputPath {
    var info = stat()
    if stat(path, &info) == 0 {
      switch info.st_mode & S_IFMT {
      case S_IFREG:
        var out = stat()
        if fstat(STDOUT_FILENO, &out) == 0, out.st_dev == info.st_dev, out.st_ino == info.st_ino {
          return .standardOutput
        }
        guard let real = realpath(path, nil) else { throw error(path, errno) }
        defer { free(real) }
        return .replace(target: String(cString: real), existing: info)
      case S_IFCHR, S_IFBLK, S_IFIFO:
        return .writeThrough(target: path)
      case S_IFDIR:
        throw UsageError("cannot write '\(path)': is a directory", hint: "--output needs a file name.")
      default:
        throw UsageError("cannot write '\(path)': not a file, device or FIFO")
      }
    }
    guard errno == ENOENT else { throw error(path, errno) }
    // Nothing there, or a link to nothing: find where the last link points.
    var current = path
    for _ in 0..<40 {
      if lstat(current, &info) != 0 || (info.st_mode & S_IFMT) != S_IFLNK {
        guard !current.hasSuffix("/") else {
          throw UsageError("cannot write '\(path)': is a directory", hint: "--output needs a file name.")
        }
        return .replace(target: current, existing: nil)
      }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(current, &buffer, buffer.count - 1)
      guard n > 0 else { throw error(path, errno) }
      let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if link.hasPrefix("/") {
        current = link
      } else if let slash = current.lastIndex(of: "/") {
        current = String(current[...slash]) + link
      } else {
        current = link
      }
    }
    throw error(path, ELOOP)
  }

  private static func error(_ path: String, _ code: Int32) -> UsageError {
    UsageError("cannot write '\(path)': \(String(cString: strerror(code)))")
  }
}
