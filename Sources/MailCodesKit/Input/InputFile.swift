#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// One input as the user named it: a path, or `-` for standard input.
public struct InputFile: Hashable, Sendable {
  /// The path as given; `-` means standard input.
  public let path: String

  public init(path: String) { self.path = path }

  public static let standardInput = InputFile(path: "-")

  public var isStandardInput: Bool { path == "-" }

  /// The name used in messages and reports.
  public var displayName: String { isStandardInput ? "(standard input)" : path }
}

/// An input opened for reading: its byte source (gzip already unwrapped) and what is known
/// about it.
public struct OpenedInput {
  public let file: InputFile
  public let source: ByteSource
  public let isCompressed: Bool
  /// Modification time (UTC seconds), for year inference; nil for pipes and standard input.
  public let modificationTime: Int64?
  /// The regular file's identity and size on disk (nil for pipes, devices, standard input): with
  /// the hash of its first line, what tells `mailcodes merge` two summaries of the same file.
  public var identity: FileIdentity?

  /// Whether the input's lines end in a lone CR, served as LF (see `LineEndSource`).
  public var loneCRLineEnds: Bool { (source as? LineEndSource)?.loneCR ?? false }
}

/// Opens inputs: stat, open, gzip detection by magic bytes (never by file name), and line-end
/// detection (`LineEndSource`: an input whose lines end in a lone CR is read as lines).
public enum InputOpener {
  /// Opens `file`, or throws an `InputError` with a one-line reason. Reads the beginning of
  /// the input (up to its first LF) to decide its line ends.
  public static func open(_ file: InputFile, gzipInputChunk: Int = 64 * 1024) throws(InputError) -> OpenedInput {
    let fd: Int32
    var mtime: Int64? = nil
    var identity: FileIdentity? = nil
    if file.isStandardInput {
      fd = 0
    } else {
      var info = stat()
      if stat(file.path, &info) != 0 {
        throw openError(file, errno)
      }
      if (info.st_mode & S_IFMT) == S_IFDIR {
        throw InputError(kind: .isDirectory, input: file.displayName, detail: "is a directory")
      }
      if (info.st_mode & S_IFMT) == S_IFREG {
        mtime = Int64(info.st_mtim.tv_sec)
        identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size))
      }
      fd = Glibc.open(file.path, O_RDONLY | O_CLOEXEC)
      if fd < 0 { throw openError(file, errno) }
    }
    let raw = FileSource(descriptor: fd, name: file.displayName, closesDescriptor: !file.isStandardInput)
    let head = try raw.sniff(count: 2)
    if head.count == 2, head[0] == 0x1F, head[1] == 0x8B {
      return OpenedInput(
        file: file, source: LineEndSource(wrapping: GzipSource(wrapping: raw, inputChunk: gzipInputChunk)),
        isCompressed: true, modificationTime: mtime, identity: identity)
    }
    return OpenedInput(file: file, source: LineEndSource(wrapping: raw), isCompressed: false, modificationTime: mtime,
                       identity: identity)
  }

  private static func openError(_ file: InputFile, _ code: Int32) -> InputError {
    let kind: InputError.Kind
    switch code {
    case ENOENT: kind = .notFound
    case EACCES, EPERM: kind = .permissionDenied
    case EISDIR: kind = .isDirectory
    default: kind = .openFailed
    }
    return InputError(kind: kind, input: file.displayName, detail: systemMessage(code))
  }

  /// Whether standard input is a terminal (then it is not read implicitly).
  public static var standardInputIsTerminal: Bool { isatty(0) != 0 }
}
