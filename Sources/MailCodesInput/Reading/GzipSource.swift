import CZlib
import MailCodesSMTP
import MailCodesSupport

/// Inflates a gzip stream read from another source, through the system's zlib.
///
/// Handles multi-member files (members concatenated by `cat a.gz b.gz`, or by logrotate's
/// `delaycompress` + append): after the end of one member, if more input follows and it starts
/// with the gzip magic, decoding goes on. Bytes after the last member that are not gzip are
/// reported once as `gzipTrailingGarbage` (a warning: everything before was read, as `gzip -d`
/// does). A stream that ends inside a member throws `gzipTruncated`; corrupt data throws
/// `gzipCorrupt`. Decompressed bytes produced before an error are returned first.
public final class GzipSource: ByteSource {
  public var name: String { raw.name }
  public private(set) var warning: InputError?
  private let raw: ByteSource
  private var stream = z_stream()
  private var initialized = false
  private let input: UnsafeMutableRawBufferPointer
  private var inputEnd = false
  private var finished = false
  private var inMember = false
  private var pendingError: InputError?

  /// - Parameter inputChunk: how many compressed bytes to read at a time.
  public init(wrapping raw: ByteSource, inputChunk: Int = 64 * 1024) {
    self.raw = raw
    input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, inputChunk), alignment: 16)
  }

  deinit {
    if initialized { inflateEnd(&stream) }
    input.deallocate()
  }

  private func start() throws(InputError) {
    stream.zalloc = nil
    stream.zfree = nil
    stream.opaque = nil
    stream.next_in = nil
    stream.avail_in = 0
    // 15 + 16: gzip format only (the sniffer already saw the magic bytes).
    guard CZlib_inflateInit2(&stream, 15 + 16) == Z_OK else {
      throw InputError(kind: .gzipCorrupt, input: name, detail: "cannot initialize zlib")
    }
    initialized = true
    inMember = true
  }

  private func refill() throws(InputError) {
    guard stream.avail_in == 0, !inputEnd else { return }
    let n = try raw.read(into: input)
    if n == 0 {
      inputEnd = true
    } else {
      stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
      stream.avail_in = uInt(n)
    }
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    if let error = pendingError {
      pendingError = nil
      finished = true
      throw error
    }
    guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
    if !initialized { try start() }
    stream.next_out = out.assumingMemoryBound(to: Bytef.self)
    stream.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
    decoding: while stream.avail_out > 0 {
      if stream.avail_in == 0 {
        // What is decoded is handed over before reading on: on a pipe the next read may wait
        // for the writer (a live `zcat`-less stream), and the lines decoded so far must not.
        if Int(stream.avail_out) < buffer.count { break decoding }
        do { try refill() } catch {
          pendingError = error
          break decoding
        }
      }
      if !inMember {
        // Between members: more gzip, trailing garbage, or the end.
        if stream.avail_in == 0 && inputEnd {
          finished = true
          break decoding
        }
        if stream.avail_in == 0 { continue }
        if stream.next_in[0] == 0x1F, stream.avail_in < 2 || stream.next_in[1] == 0x8B {
          inflateReset(&stream)
          inMember = true
        } else {
          warning = InputError(
            kind: .gzipTrailingGarbage, input: name,
            detail: "trailing garbage after the compressed data ignored")
          finished = true
          break decoding
        }
      }
      if stream.avail_in == 0 && inputEnd {
        pendingError = InputError(
          kind: .gzipTruncated, input: name,
          detail: "compressed data is truncated (unexpected end of file)")
        break decoding
      }
      let status = inflate(&stream, Z_NO_FLUSH)
      switch status {
      case Z_STREAM_END:
        inMember = false
      case Z_OK:
        break
      case Z_BUF_ERROR:
        // No progress possible: needs more input (handled above) or more output space.
        if stream.avail_in == 0 && !inputEnd { continue }
        if stream.avail_out == 0 { break }
        pendingError = InputError(
          kind: .gzipTruncated, input: name,
          detail: "compressed data is truncated (unexpected end of file)")
        break decoding
      default:
        let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
        pendingError = InputError(kind: .gzipCorrupt, input: name, detail: "compressed data is corrupt (\(message))")
        break decoding
      }
    }
    let produced = buffer.count - Int(stream.avail_out)
    // Bytes decoded before an error are returned first; the error comes with the next call.
    if produced == 0, let error = pendingError {
      pendingError = nil
      finished = true
      throw error
    }
    return produced
  }
}
