/// Which file an input was, as the system names it: device and inode, and its size on disk.
///
/// Kept in a summary (`Summary.InputRecord`) so that `mailcodes merge` can tell two summaries of
/// the same file apart from summaries of two files. The inode survives a rename (logrotate's
/// `mail.log` -> `mail.log.1`), which is what is wanted: it is still the same data.
public struct FileIdentity: Sendable, Equatable {
  public var device: UInt64
  public var inode: UInt64
  public var size: Int64

  public init(device: UInt64, inode: UInt64, size: Int64) {
    self.device = device
    self.inode = inode
    self.size = size
  }
}
