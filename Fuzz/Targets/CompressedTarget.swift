/// Fuzzes `Bzip2Source`, `XzSource` and `ZstdSource` (through libbz2, liblzma and libzstd) and
/// the line reader behind them on arbitrary bytes that start with the compression's magic (the
/// opener only hands such inputs to them).
///
/// Byte 0 picks the compression (its value modulo 3), the compressed-input chunk and the read
/// pattern; the rest is the file, with the magic put in front when it is missing. Properties:
/// no crash, no hang; after an error the source stays at its end; errors are truncation or
/// corruption, warnings trailing garbage.
enum CompressedTarget {
  static let kinds: [(Compression, [UInt8])] = [
    (.bzip2, [0x42, 0x5A, 0x68, 0x39]), (.xz, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]), (.zstd, [0x28, 0xB5, 0x2F, 0xFD]),
  ]

  static func run(_ data: ByteView) {
    guard data.count >= 1 else { return }
    let (compression, magic) = kinds[Int(data[0]) % kinds.count]
    var file = data.suffix(from: 1).bytes
    if !file.starts(with: magic) { file.insert(contentsOf: magic, at: 0) }
    let raw = ChunkedMemorySource(file, seed: Int(data[0]) | 1, maxPiece: 1 + Int(data[0] % 61))
    let source = compression.source(wrapping: raw, inputChunk: 1 + Int(data[0] % 17) * 64)
    let reader = LineReader(chunkSize: 1 + Int(data[0] % 13) * 512, maxLineLength: 4096)
    var lines = 0
    reader.read(source) { _, _ in
      lines += 1
      return .proceed
    }
    FuzzCheck.require(reader.lineCount == lines, "lineCount")
    var buffer = [UInt8](repeating: 0, count: 64)
    let again = buffer.withUnsafeMutableBytes { b in (try? source.read(into: b)) ?? 0 }
    FuzzCheck.require(again == 0, "bytes after the end of a \(compression) stream")
    if let error = reader.error {
      FuzzCheck.require(
        error.kind == .compressedTruncated || error.kind == .compressedCorrupt,
        "unexpected error kind \(error.kind)")
    }
    if let warning = source.warning {
      FuzzCheck.require(warning.kind == .compressedTrailingGarbage, "warning kind \(warning.kind)")
    }
  }
}
