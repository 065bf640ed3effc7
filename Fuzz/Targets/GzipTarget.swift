/// Fuzzes `GzipSource` (through zlib) and the line reader behind it on arbitrary bytes that
/// start with the gzip magic (the opener only hands such inputs to it).
///
/// Byte 0 picks the compressed-input chunk and the read pattern; the rest is the file, with
/// the magic put in front when it is missing. Properties: no crash, no hang; after an error
/// the source stays at its end; a trailing-garbage warning never comes with a truncation or
/// corruption error.
enum GzipTarget {
  static func run(_ data: ByteView) {
    guard data.count >= 1 else { return }
    var file = data.suffix(from: 1).bytes
    if !(file.count >= 2 && file[0] == 0x1F && file[1] == 0x8B) { file.insert(contentsOf: [0x1F, 0x8B], at: 0) }
    let raw = ChunkedMemorySource(file, seed: Int(data[0]) | 1, maxPiece: 1 + Int(data[0] % 61))
    let gzip = GzipSource(wrapping: raw, inputChunk: 1 + Int(data[0] % 17) * 64)
    let reader = LineReader(chunkSize: 1 + Int(data[0] % 13) * 512, maxLineLength: 4096)
    var lines = 0
    reader.read(gzip) { _, _ in
      lines += 1
      return .proceed
    }
    FuzzCheck.require(reader.lineCount == lines, "lineCount")
    var buffer = [UInt8](repeating: 0, count: 64)
    let again = buffer.withUnsafeMutableBytes { b in (try? gzip.read(into: b)) ?? 0 }
    FuzzCheck.require(again == 0, "bytes after the end of a gzip stream")
    if let error = reader.error {
      FuzzCheck.require(
        error.kind == .gzipTruncated || error.kind == .gzipCorrupt, "unexpected error kind \(error.kind)")
    }
    if gzip.warning != nil {
      FuzzCheck.require(gzip.warning?.kind == .gzipTrailingGarbage, "warning kind")
    }
  }
}
