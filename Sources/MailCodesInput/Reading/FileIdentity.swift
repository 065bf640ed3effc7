#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Which file an input was, as the system names it: device and inode, and its size on disk.
///
/// Kept in a summary (`Summary.InputRecord`) so that `mailcodes merge` can tell two summaries of
/// the same file apart from summaries of two files, and in `--state` to find a log after its
/// rotation. The inode survives a rename (logrotate's `mail.log` -> `mail.log.1`), which is
/// what is wanted: it is still the same data.
public struct FileIdentity: Sendable, Equatable {
  public var device: UInt64
  public var inode: UInt64
  public var size: Int64

  public init(device: UInt64, inode: UInt64, size: Int64) {
    self.device = device
    self.inode = inode
    self.size = size
  }

  /// `stat(path)`, or nil when it cannot be stat'ed (moved away, not yet created).
  public static func of(path: String) -> FileIdentity? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileIdentity(info)
  }

  /// `fstat(fd)`.
  public static func of(descriptor fd: Int32) -> FileIdentity? {
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    return FileIdentity(info)
  }

  public init(_ info: stat) {
    self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size))
  }

  /// Same file (device and inode), whatever its size.
  public func isSameFile(as other: FileIdentity) -> Bool { device == other.device && inode == other.inode }
}
