import MailCodesKit

/// A `ByteSource` over bytes in memory that hands them out in uneven pieces, so that reads
/// split lines, CRLF pairs and multi-byte characters in every way the fuzzer finds.
///
/// Piece `k` is `1 + (seed &* (k + 1)) % maxPiece` bytes (and never more than asked for).
public final class ChunkedMemorySource: ByteSource {
  public let name = "fuzz.log"
  private let bytes: [UInt8]
  private let seed: Int
  private let maxPiece: Int
  private var offset = 0
  private var reads = 0

  public init(_ bytes: [UInt8], seed: Int, maxPiece: Int) {
    self.bytes = bytes
    self.seed = seed
    self.maxPiece = max(1, maxPiece)
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    reads += 1
    let piece = 1 + (seed &* reads & Int.max) % maxPiece
    let n = min(piece, buffer.count, bytes.count - offset)
    guard n > 0 else { return 0 }
    bytes.withUnsafeBytes { src in
      buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
    }
    offset += n
    return n
  }
}
