import MailCodesSMTP
import MailCodesSupport

/// A problem reading an input. Each has a one-line message that names the input.
///
/// These are *input* errors (the run goes on with the next input, the report says what was
/// skipped, the exit status is non-zero); malformed lines are not errors but counted classes.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: String, Sendable {
    case notFound = "not-found"
    case permissionDenied = "permission-denied"
    case isDirectory = "is-directory"
    case openFailed = "open-failed"
    case readFailed = "read-failed"
    case gzipTruncated = "gzip-truncated"
    case gzipCorrupt = "gzip-corrupt"
    case gzipTrailingGarbage = "gzip-trailing-garbage"
    /// bzip2, xz or zstd data that ends inside a stream (the detail names the compression).
    case compressedTruncated = "compressed-truncated"
    case compressedCorrupt = "compressed-corrupt"
    case compressedTrailingGarbage = "compressed-trailing-garbage"
    /// Compressed with something mailcodes cannot read (lz4, compress `.Z`...): never read as
    /// text, which would count nothing and look like a quiet log.
    case unsupportedCompression = "unsupported-compression"
    /// A command whose output is the input (`journalctl` for `--journal`) could not be run or
    /// exited with a failure status.
    case commandFailed = "command-failed"
  }

  public var kind: Kind
  /// The input's display name (the path as given, or `(standard input)`).
  public var input: String
  /// Text after the name, e.g. `No such file or directory`.
  public var detail: String
  /// The line number the reader had reached, when it applies.
  public var line: Int?

  public init(kind: Kind, input: String, detail: String, line: Int? = nil) {
    self.kind = kind
    self.input = input
    self.detail = detail
    self.line = line
  }

  /// `mail.log.2.gz: line 1234: compressed data is truncated (unexpected end of file)`
  public var description: String {
    if let line { return "\(input): line \(line): \(detail)" }
    return "\(input): \(detail)"
  }

  /// Whether everything before the error was read (a warning, not a loss of data before it).
  public var isTrailing: Bool { kind == .gzipTrailingGarbage || kind == .compressedTrailingGarbage }
}
