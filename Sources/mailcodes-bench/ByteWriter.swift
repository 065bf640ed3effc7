#if canImport(Glibc)
  import Glibc
#endif

/// Appends text to a file through a large buffer.
final class ByteWriter {
  private var buffer: [UInt8] = []
  private let fd: Int32
  private(set) var written: Int64 = 0

  init?(path: String) {
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 { return nil }
    buffer.reserveCapacity(1 << 20)
  }

  deinit {
    flush()
    close(fd)
  }

  @inline(__always) func append(_ s: String) {
    var copy = s
    copy.withUTF8 { buffer.append(contentsOf: $0) }
    if buffer.count >= 1 << 20 { flush() }
  }

  @inline(__always) func append(_ bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 20 { flush() }
  }

  func flush() {
    guard !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n <= 0 { return }
        offset += n
      }
    }
    written += Int64(buffer.count)
    buffer.removeAll(keepingCapacity: true)
  }

  var total: Int64 { written + Int64(buffer.count) }
}
