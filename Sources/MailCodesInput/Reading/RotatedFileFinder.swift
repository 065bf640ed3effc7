import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Finds where a log file went when it was rotated: the file next to it that is the same file
/// (renamed: same device and inode) or a copy of it (`copytruncate`, or a compressed rotation:
/// same first bytes, `FileFingerprint`).
///
/// Candidates are the names logrotate and newsyslog make from `mail.log`: `mail.log.1`,
/// `mail.log.0`, `mail.log.1.gz`, `mail.log-20261129`, `mail.log-20261129.gz`, in the same
/// directory, newest (last modified) first; only a few are opened (`maxCandidates`).
public enum RotatedFileFinder {
  /// How many candidate files are compared by their first bytes at most.
  public static let maxCandidates = 8

  /// The rotated file of `path`: the one with `identity`'s device and inode, else the newest
  /// that begins with `fingerprint`'s bytes. Nil when none is found.
  public static func find(path: String, identity: FileIdentity?, fingerprint: FileFingerprint?) -> String? {
    let candidates = self.candidates(of: path)
    if let identity {
      for c in candidates {
        if let other = FileIdentity.of(path: c.path), other.isSameFile(as: identity) { return c.path }
      }
    }
    if let fingerprint, fingerprint.length > 0 {
      for c in candidates.prefix(maxCandidates) where fingerprint.matches(InputFile(path: c.path)) {
        return c.path
      }
    }
    return nil
  }

  /// Files that a rotation of `path` may have made, newest first.
  static func candidates(of path: String) -> [(path: String, mtime: Int64)] {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[..<$0]) } ?? "."
    let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let prefix = slash.map { String(path[...$0]) } ?? ""
    guard !base.isEmpty, let dir = opendir(directory.isEmpty ? "/" : directory) else { return [] }
    defer { closedir(dir) }
    var found: [(path: String, mtime: Int64)] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      guard name.count > base.count, name.hasPrefix(base) else { continue }
      let rest = name.dropFirst(base.count)
      guard let first = rest.first, first == "." || first == "-" else { continue }
      let suffix = rest.dropFirst()
      // A generation (`.1`, `.1.gz`) or a date (`-20261129`, `.2026-11-29`), not another log
      // that shares the name's beginning (`mail.log.bak` is not a rotation; `mail.logger` is not).
      guard let c = suffix.first, c.isASCII, c.isNumber else { continue }
      let full = prefix + name
      var info = stat()
      guard stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
      found.append((full, Int64(info.st_mtim.tv_sec)))
    }
    return found.sorted { $0.mtime != $1.mtime ? $0.mtime > $1.mtime : $0.path < $1.path }
  }
}
