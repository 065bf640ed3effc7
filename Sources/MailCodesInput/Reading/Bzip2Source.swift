import CBzip2
import MailCodesSMTP
import MailCodesSupport

/// Decompresses a bzip2 stream read from another source, through the system's libbz2.
///
/// Handles several streams one after the other (`cat a.bz2 b.bz2`, and pbzip2, which writes one
/// stream per block): after the end of one stream, if more input follows and it starts with
/// `BZ`, decoding goes on. Bytes after the last stream that are not bzip2 are reported once as
/// a warning (`compressedTrailingGarbage`: everything before was read, as `bzip2 -d` does). A
/// stream that ends early throws `compressedTruncated`; data libbz2 rejects throws
/// `compressedCorrupt`. Decompressed bytes produced before an error are returned first.
public final class Bzip2Source: ByteSource {
  public var name: String { raw.name }
  public private(set) var warning: InputError?
  private let raw: ByteSource
  private var stream = bz_stream()
  private var inStream = false
  private let input: UnsafeMutableRawBufferPointer
  private var inputEnd = false
  private var finished = false
  private var pendingError: InputError?

  /// - Parameter inputChunk: how many compressed bytes to read at a time.
  public init(wrapping raw: ByteSource, inputChunk: Int = 64 * 1024) {
    self.raw = raw
    input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, inputChunk), alignment: 16)
  }

  deinit {
    if inStream { BZ2_bzDecompressEnd(&stream) }
    input.deallocate()
  }

  /// Starts decoding a stream at the current input position.
  private func startStream() -> Bool {
    // A fresh state, keeping the buffers (libbz2's init leaves them as they are).
    let next = stream.next_in
    let available = stream.avail_in
    let out = stream.next_out
    let room = stream.avail_out
    stream = bz_stream()
    stream.next_in = next
    stream.avail_in = available
    stream.next_out = out
    stream.avail_out = room
    guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else { return false }
    inStream = true
    return true
  }

  private func refill() throws(InputError) {
    guard stream.avail_in == 0, !inputEnd else { return }
    let n = try raw.read(into: input)
    if n == 0 {
      inputEnd = true
    } else {
      stream.next_in = input.baseAddress!.assumingMemoryBound(to: CChar.self)
      stream.avail_in = UInt32(n)
    }
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    if let error = pendingError {
      pendingError = nil
      finished = true
      throw error
    }
    guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
    let capacity = UInt32(min(buffer.count, Int(UInt32.max)))
    stream.next_out = out.assumingMemoryBound(to: CChar.self)
    stream.avail_out = capacity
    decoding: while stream.avail_out > 0 {
      if stream.avail_in == 0 {
        do { try refill() } catch {
          pendingError = error
          break decoding
        }
      }
      if !inStream {
        // Between streams: another stream, trailing garbage, or the end.
        if stream.avail_in == 0 {
          if inputEnd {
            finished = true
            break decoding
          }
          continue
        }
        if stream.next_in[0] == 0x42, stream.avail_in < 2 || stream.next_in[1] == 0x5A {
          guard startStream() else {
            pendingError = Compression.bzip2.corrupt(name, "cannot initialize libbz2")
            break decoding
          }
        } else {
          warning = Compression.bzip2.trailingGarbage(name)
          finished = true
          break decoding
        }
      }
      let inBefore = stream.avail_in
      let outBefore = stream.avail_out
      let status = BZ2_bzDecompress(&stream)
      switch status {
      case BZ_STREAM_END:
        BZ2_bzDecompressEnd(&stream)
        inStream = false
      case BZ_OK:
        // No progress with no input left: the stream ends early.
        if stream.avail_in == inBefore, stream.avail_out == outBefore, stream.avail_in == 0, inputEnd {
          pendingError = Compression.bzip2.truncated(name)
          break decoding
        }
      default:
        pendingError = Compression.bzip2.corrupt(name, Bzip2Source.describe(status))
        break decoding
      }
    }
    let produced = Int(capacity - stream.avail_out)
    // Bytes decoded before an error are returned first; the error comes with the next call.
    if produced == 0, let error = pendingError {
      pendingError = nil
      finished = true
      throw error
    }
    return produced
  }

  private static func describe(_ status: Int32) -> String {
    switch status {
    case BZ_DATA_ERROR: return "data integrity error"
    case BZ_DATA_ERROR_MAGIC: return "not a bzip2 stream"
    case BZ_MEM_ERROR: return "out of memory"
    default: return "error \(status)"
    }
  }
}
