import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// One input as the user named it: a path, `-` for standard input, or the output of a
/// command (`--journal`: `journalctl -o json`).
public struct InputFile: Hashable, Sendable {
  /// The path as given; `-` means standard input. For a command, its display name.
  public let path: String
  /// The program (a full path) and its arguments, for an input that is a command's output.
  public let command: [String]?

  public init(path: String) {
    self.path = path
    command = nil
  }

  /// The standard output of `executable ARGUMENTS`, shown as `name`.
  public init(command executable: String, arguments: [String], name: String) {
    path = name
    command = [executable] + arguments
  }

  public static let standardInput = InputFile(path: "-")

  public var isStandardInput: Bool { path == "-" && command == nil }

  /// The name used in messages and reports.
  public var displayName: String { isStandardInput ? "(standard input)" : path }
}

/// An input opened for reading: its byte source (decompressed) and what is known about it.
public struct OpenedInput {
  public let file: InputFile
  public let source: ByteSource
  public let isCompressed: Bool
  /// Which compression its magic bytes named, when `isCompressed`.
  public var compression: Compression? = nil
  /// Modification time (UTC seconds), for year inference; nil for pipes and standard input.
  public let modificationTime: Int64?
  /// The regular file's identity and size on disk (nil for pipes, devices, standard input): with
  /// the hash of its first line, what tells `mailcodes merge` two summaries of the same file.
  public var identity: FileIdentity?

  /// The input is `journalctl -o json` output: each line a journal entry, read through
  /// `JournalEntryParser`.
  public var isJournalJSON = false

  /// Whether the input's lines end in a lone CR, served as LF (see `LineEndSource`).
  public var loneCRLineEnds: Bool { (source as? LineEndSource)?.loneCR ?? false }

  public init(
    file: InputFile, source: ByteSource, isCompressed: Bool, compression: Compression? = nil, modificationTime: Int64?,
    identity: FileIdentity? = nil
  ) {
    self.identity = identity
    self.file = file
    self.source = source
    self.isCompressed = isCompressed
    self.compression = compression
    self.modificationTime = modificationTime
  }
}

/// Opens inputs: stat, open, compression detection by magic bytes (never by file name: gzip,
/// bzip2, xz and zstd are read; lz4, compress and other known ones are an error naming the
/// input, never binary text that counts nothing), and line-end detection (`LineEndSource`: an
/// input whose lines end in a lone CR is read as lines).
public enum InputOpener {
  /// Opens `file`, or throws an `InputError` with a one-line reason. Reads the beginning of
  /// the input (up to its first LF) to decide its line ends.
  public static func open(_ file: InputFile, gzipInputChunk: Int = 64 * 1024) throws(InputError) -> OpenedInput {
    let fd: Int32
    var mtime: Int64? = nil
    var identity: FileIdentity? = nil
    var process: CommandSource? = nil
    if let command = file.command, let executable = command.first {
      process = try CommandSource(executable: executable, arguments: Array(command.dropFirst()), name: file.displayName)
      fd = -1
    } else if file.isStandardInput {
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
        identity = FileIdentity(info)
      }
      fd = Glibc.open(file.path, O_RDONLY | O_CLOEXEC)
      if fd < 0 { throw openError(file, errno) }
    }
    let raw =
      process?.pipe ?? FileSource(descriptor: fd, name: file.displayName, closesDescriptor: !file.isStandardInput)
    let head = try raw.sniff(count: Compression.magicLength)
    var compression: Compression? = nil
    switch Compression.detect(head) {
    case .readable(let found):
      compression = found
    case .unreadable(let name):
      throw InputError(
        kind: .unsupportedCompression, input: file.displayName,
        detail: "compressed with \(name), which mailcodes cannot read: decompress it and pipe it in")
    case .none:
      break
    }
    // A command is read through its source, which waits for it at the end of its output.
    let base: ByteSource = process ?? raw
    let lines = LineEndSource(wrapping: compression?.source(wrapping: base, inputChunk: gzipInputChunk) ?? base)
    var opened = OpenedInput(
      file: file, source: lines, isCompressed: compression != nil, compression: compression,
      modificationTime: mtime, identity: identity)
    opened.isJournalJSON = startsWithJournalEntry(lines.readAhead)
    return opened
  }

  /// Whether the first line of `bytes` is a `journalctl -o json` entry.
  static func startsWithJournalEntry(_ bytes: ArraySlice<UInt8>) -> Bool {
    let firstLine = bytes.prefix { $0 != ASCII.newline }
    return firstLine.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return false }
      return JournalEntryParser.looksLikeEntry(ByteView(base: base, count: buffer.count))
    }
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
