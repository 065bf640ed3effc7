import CLzma
import MailCodesSMTP
import MailCodesSupport

/// Decompresses an xz stream read from another source, through the system's liblzma.
///
/// Concatenated streams and stream padding (`cat a.xz b.xz`, `xz -T` output) are read to the
/// end (liblzma's `LZMA_CONCATENATED`). A stream that ends early throws `compressedTruncated`;
/// data liblzma rejects, including bytes after the last stream that are not xz, throws
/// `compressedCorrupt` (liblzma cannot tell the two apart). Memory: liblzma's decoder needs
/// the dictionary the file was written with (8 MiB for `xz -6`, 64 MiB for `xz -9`).
/// Decompressed bytes produced before an error are returned first.
public final class XzSource: ByteSource {
  public var name: String { raw.name }
  private let raw: ByteSource
  private var stream = lzma_stream()
  private var initialized = false
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
    if initialized { lzma_end(&stream) }
    input.deallocate()
  }

  private func refill() throws(InputError) {
    guard stream.avail_in == 0, !inputEnd else { return }
    let n = try raw.read(into: input)
    if n == 0 {
      inputEnd = true
    } else {
      stream.next_in = UnsafePointer(input.baseAddress!.assumingMemoryBound(to: UInt8.self))
      stream.avail_in = n
    }
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    if let error = pendingError {
      pendingError = nil
      finished = true
      throw error
    }
    guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
    if !initialized {
      guard lzma_stream_decoder(&stream, UInt64.max, CLzma_concatenated) == LZMA_OK else {
        throw Compression.xz.corrupt(name, "cannot initialize liblzma")
      }
      initialized = true
    }
    stream.next_out = out.assumingMemoryBound(to: UInt8.self)
    stream.avail_out = buffer.count
    decoding: while stream.avail_out > 0 {
      if stream.avail_in == 0 {
        do { try refill() } catch {
          pendingError = error
          break decoding
        }
      }
      let action = stream.avail_in == 0 && inputEnd ? LZMA_FINISH : LZMA_RUN
      let status = lzma_code(&stream, action)
      switch status {
      case LZMA_OK:
        break
      case LZMA_STREAM_END:
        finished = true
        break decoding
      case LZMA_BUF_ERROR:
        // No progress possible at the end of the input: it ends inside a stream.
        pendingError = Compression.xz.truncated(name)
        break decoding
      default:
        pendingError = Compression.xz.corrupt(name, XzSource.describe(status))
        break decoding
      }
    }
    let produced = buffer.count - stream.avail_out
    if produced == 0, let error = pendingError {
      pendingError = nil
      finished = true
      throw error
    }
    return produced
  }

  private static func describe(_ status: lzma_ret) -> String {
    switch status {
    case LZMA_FORMAT_ERROR: return "not an xz stream"
    case LZMA_DATA_ERROR: return "data integrity error"
    case LZMA_OPTIONS_ERROR: return "unsupported options"
    case LZMA_MEM_ERROR: return "out of memory"
    case LZMA_MEMLIMIT_ERROR: return "memory limit reached"
    default: return "error \(status.rawValue)"
    }
  }
}
