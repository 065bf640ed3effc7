import CZstd
import MailCodesSMTP
import MailCodesSupport

/// Decompresses a zstd stream read from another source, through the system's libzstd.
///
/// A file may hold several frames one after the other (`cat a.zst b.zst`, `zstd -T`) and
/// skippable frames: libzstd's streaming decoder starts the next frame by itself. The input
/// must end between frames: one that ends inside a frame throws `compressedTruncated`; data
/// libzstd rejects, including bytes after the last frame that are not zstd, throws
/// `compressedCorrupt`. Memory: the frame's window (8 MiB at most unless the file was written
/// with `--long`, which libzstd refuses beyond 128 MiB by default). Decompressed bytes produced
/// before an error are returned first.
public final class ZstdSource: ByteSource {
  public var name: String { raw.name }
  private let raw: ByteSource
  private let stream: OpaquePointer?
  private let input: UnsafeMutableRawBufferPointer
  private var inBuffer = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
  private var inputEnd = false
  /// Inside a frame (the last call returned a hint > 0): the input may not end here.
  private var inFrame = false
  private var finished = false
  private var pendingError: InputError?

  /// - Parameter inputChunk: how many compressed bytes to read at a time.
  public init(wrapping raw: ByteSource, inputChunk: Int = 64 * 1024) {
    self.raw = raw
    input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, inputChunk), alignment: 16)
    stream = ZSTD_createDStream()
    if let stream { ZSTD_initDStream(stream) }
  }

  deinit {
    if let stream { ZSTD_freeDStream(stream) }
    input.deallocate()
  }

  private func refill() throws(InputError) {
    guard inBuffer.pos == inBuffer.size, !inputEnd else { return }
    let n = try raw.read(into: input)
    if n == 0 {
      inputEnd = true
    } else {
      inBuffer = ZSTD_inBuffer(src: UnsafeRawPointer(input.baseAddress!), size: n, pos: 0)
    }
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    if let error = pendingError {
      pendingError = nil
      finished = true
      throw error
    }
    guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
    guard let stream else { throw Compression.zstd.corrupt(name, "cannot initialize libzstd") }
    var outBuffer = ZSTD_outBuffer(dst: out, size: buffer.count, pos: 0)
    decoding: while outBuffer.pos < outBuffer.size {
      if inBuffer.pos == inBuffer.size {
        do { try refill() } catch {
          pendingError = error
          break decoding
        }
      }
      let noInput = inBuffer.pos == inBuffer.size
      if noInput, inputEnd, !inFrame {
        finished = true
        break decoding
      }
      let outBefore = outBuffer.pos
      let hint = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
      if ZSTD_isError(hint) != 0 {
        pendingError = Compression.zstd.corrupt(name, String(cString: ZSTD_getErrorName(hint)))
        break decoding
      }
      inFrame = hint != 0
      // At the end of the input, a call that produced nothing inside a frame: it ends early.
      if noInput, inputEnd, inFrame, outBuffer.pos == outBefore {
        pendingError = Compression.zstd.truncated(name)
        break decoding
      }
    }
    let produced = outBuffer.pos
    if produced == 0, let error = pendingError {
      pendingError = nil
      finished = true
      throw error
    }
    return produced
  }
}
