import MailCodesSMTP
import MailCodesSupport

/// A compression recognized by its magic bytes (never by the file's name: rotations are
/// renamed, and `mail.log.2` may well be compressed).
public enum Compression: String, Sendable, CaseIterable {
  case gzip, bzip2, xz, zstd

  /// How many leading bytes `detect` looks at.
  static let magicLength = 6

  /// What the first bytes of an input say.
  enum Detection: Equatable {
    /// Plain text (or binary data that is no known compression).
    case none
    case readable(Compression)
    /// A compression recognized but not read: its name for the error message.
    case unreadable(String)
  }

  /// Recognizes the magic bytes at the start of `head`.
  static func detect(_ head: [UInt8]) -> Detection {
    func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && head.starts(with: magic) }
    if starts([0x1F, 0x8B]) { return .readable(.gzip) }
    // `BZh` and the block size digit.
    if starts([0x42, 0x5A, 0x68]), head.count >= 4, (0x31...0x39).contains(head[3]) { return .readable(.bzip2) }
    if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .readable(.xz) }
    // A zstd frame, or a skippable frame (magic 0x184D2A50 to 0x184D2A5F, little-endian).
    if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .readable(.zstd) }
    if head.count >= 4, head[0] & 0xF0 == 0x50, head[1] == 0x2A, head[2] == 0x4D, head[3] == 0x18 {
      return .readable(.zstd)
    }
    if starts([0x04, 0x22, 0x4D, 0x18]) || starts([0x02, 0x21, 0x4C, 0x18]) { return .unreadable("lz4") }
    if starts([0x1F, 0x9D]) { return .unreadable("compress (.Z)") }
    if starts([0x1F, 0xA0]) { return .unreadable("compress (.Z, LZH)") }
    if starts([0x1F, 0x1E]) { return .unreadable("pack (.z)") }
    if starts(Array("LZIP".utf8)) { return .unreadable("lzip") }
    if starts([0x89, 0x4C, 0x5A, 0x4F, 0x00]) { return .unreadable("lzop") }
    if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .unreadable("7-Zip") }
    if starts([0x50, 0x4B, 0x03, 0x04]) { return .unreadable("zip") }
    return .none
  }

  /// A source that decompresses `raw`.
  func source(wrapping raw: ByteSource, inputChunk: Int) -> ByteSource {
    switch self {
    case .gzip: return GzipSource(wrapping: raw, inputChunk: inputChunk)
    case .bzip2: return Bzip2Source(wrapping: raw, inputChunk: inputChunk)
    case .xz: return XzSource(wrapping: raw, inputChunk: inputChunk)
    case .zstd: return ZstdSource(wrapping: raw, inputChunk: inputChunk)
    }
  }

  /// The error for a compressed stream that ends too early.
  func truncated(_ input: String) -> InputError {
    if self == .gzip {
      return InputError(
        kind: .gzipTruncated, input: input, detail: "compressed data is truncated (unexpected end of file)")
    }
    return InputError(
      kind: .compressedTruncated, input: input,
      detail: "\(rawValue) data is truncated (unexpected end of file)")
  }

  /// The error for data the library rejects; `reason` is the library's word for it.
  func corrupt(_ input: String, _ reason: String) -> InputError {
    if self == .gzip {
      return InputError(kind: .gzipCorrupt, input: input, detail: "compressed data is corrupt (\(reason))")
    }
    return InputError(kind: .compressedCorrupt, input: input, detail: "\(rawValue) data is corrupt (\(reason))")
  }

  /// The warning for bytes after the last complete stream that are not one.
  func trailingGarbage(_ input: String) -> InputError {
    InputError(
      kind: self == .gzip ? .gzipTrailingGarbage : .compressedTrailingGarbage, input: input,
      detail: "trailing garbage after the compressed data ignored")
  }
}
