import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// What identifies a log file across a rotation: its first bytes (up to `FileFingerprint.span`),
/// as a length and an FNV-1a hash. A renamed file keeps its inode; a copy (logrotate's
/// `copytruncate`) or a compressed rotation does not, but begins with the same bytes (its first
/// lines carry their timestamps, so two logs rarely share them).
public struct FileFingerprint: Sendable, Equatable {
  /// How many leading bytes identify a file.
  public static let span = 1024

  public var length: Int
  public var hash: UInt64

  public init(length: Int, hash: UInt64) {
    self.length = length
    self.hash = hash
  }

  /// The fingerprint of `bytes` (its first `span` bytes).
  public init(of bytes: [UInt8]) {
    let count = min(bytes.count, FileFingerprint.span)
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for i in 0..<count {
      h ^= UInt64(bytes[i])
      h &*= 0x0000_0100_0000_01B3
    }
    self.init(length: count, hash: h)
  }

  /// Whether `input` (decompressed when it is compressed) begins with the bytes this
  /// fingerprint was taken from. An empty fingerprint matches nothing: it identifies no file.
  public func matches(_ file: InputFile) -> Bool {
    guard length > 0, let head = try? FileFingerprint.head(of: file, count: length), head.count == length else {
      return false
    }
    return FileFingerprint(of: head) == self
  }

  /// The first `count` bytes of `file` (decompressed), fewer when it is shorter.
  public static func head(of file: InputFile, count: Int) throws(InputError) -> [UInt8] {
    let opened = try InputOpener.open(file)
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      var failure: InputError?
      let n = bytes.withUnsafeMutableBytes { raw -> Int in
        do throws(InputError) {
          return try opened.source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
        } catch {
          failure = error
          return 0
        }
      }
      if let failure { throw failure }
      if n == 0 { break }
      filled += n
    }
    return Array(bytes[0..<filled])
  }
}
