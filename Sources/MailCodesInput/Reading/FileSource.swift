import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Reads a file descriptor with `read(2)`: a regular file, a FIFO, or standard input.
///
/// The first bytes may be read early by `sniff(count:)` to recognize gzip; they are then
/// served again by the next `read`. EINTR is retried. The descriptor is closed when the
/// source is released (standard input is never closed).
public final class FileSource: ByteSource {
  public let name: String
  private let fd: Int32
  private let closesDescriptor: Bool
  private var pending: [UInt8] = []

  /// Wraps an open descriptor.
  public init(descriptor: Int32, name: String, closesDescriptor: Bool) {
    self.fd = descriptor
    self.name = name
    self.closesDescriptor = closesDescriptor
  }

  deinit {
    if closesDescriptor { close(fd) }
  }

  /// Reads up to `count` bytes ahead and keeps them for the next `read`.
  public func sniff(count: Int) throws(InputError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      var failure: InputError? = nil
      let n = bytes.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) -> Int in
        do throws(InputError) {
          return try readDescriptor(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
        } catch {
          failure = error
          return 0
        }
      }
      if let failure { throw failure }
      if n == 0 { break }
      filled += n
    }
    bytes.removeLast(count - filled)
    pending = bytes
    return bytes
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    if !pending.isEmpty {
      let n = min(pending.count, buffer.count)
      pending.withUnsafeBytes { src in
        buffer.baseAddress!.copyMemory(from: src.baseAddress!, byteCount: n)
      }
      pending.removeFirst(n)
      return n
    }
    return try readDescriptor(into: buffer)
  }

  private func readDescriptor(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    while true {
      let n = systemRead(fd, base, buffer.count)
      if n >= 0 { return n }
      let code = errno
      if code == EINTR { continue }
      throw InputError(kind: .readFailed, input: name, detail: "read failed: \(systemMessage(code))")
    }
  }
}

@inline(__always) private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    return Glibc.read(fd, base, count)
  #elseif canImport(Darwin)
    return Darwin.read(fd, base, count)
  #else
    return Musl.read(fd, base, count)
  #endif
}
