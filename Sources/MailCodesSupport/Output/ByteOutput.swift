#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// A buffered byte writer to a file descriptor or to memory.
///
/// Output is collected in a 64 KiB block and written with `write(2)` when the block is full,
/// on `flush()`, and, when `lineBuffered` is set (a terminal, `--line-buffered`), after every
/// write that holds a newline, whichever `write` it came through: a live reader (`tail -f |
/// mailcodes grep`) sees each line when it is made, not when 64 KiB have piled up. A closed pipe
/// (`EPIPE`, e.g. `mailcodes grep ... | head -1`) sets `brokenPipe`; later writes are dropped
/// quietly and the command ends with success, as grep and ripgrep do. Other write errors set
/// `failure`.
public final class ByteOutput {
  public enum Target {
    case descriptor(Int32)
    case memory
  }

  public let target: Target
  public var lineBuffered = false
  public private(set) var brokenPipe = false
  public private(set) var failure: String?
  /// Everything written, for the `.memory` target.
  public private(set) var memory: [UInt8] = []
  private var block: [UInt8] = []
  private let blockSize = 64 * 1024

  public init(_ target: Target) {
    self.target = target
    block.reserveCapacity(blockSize)
  }

  public static func standardOutput() -> ByteOutput { ByteOutput(.descriptor(1)) }
  public static func standardError() -> ByteOutput {
    let out = ByteOutput(.descriptor(2))
    out.lineBuffered = true
    return out
  }

  /// The memory target's bytes as text.
  public var text: String { String(decoding: memory, as: UTF8.self) }

  @inline(__always) public func write(_ byte: UInt8) {
    block.append(byte)
    if byte == ASCII.newline, lineBuffered { flush() } else if block.count >= blockSize { flush() }
  }

  public func write(_ bytes: ByteView) {
    block.append(contentsOf: UnsafeBufferPointer(start: bytes.base, count: bytes.count))
    if block.count >= blockSize || (lineBuffered && holdsNewline(bytes.base, bytes.count)) { flush() }
  }

  public func write(_ bytes: [UInt8]) {
    block.append(contentsOf: bytes)
    if block.count >= blockSize {
      flush()
    } else if lineBuffered, bytes.withUnsafeBufferPointer({ holdsNewline($0.baseAddress, $0.count) }) {
      flush()
    }
  }

  /// Whether `count` bytes at `base` hold a newline (checked only when line-buffered: the batch
  /// path never scans its output twice).
  private func holdsNewline(_ base: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
    guard let base, count > 0 else { return false }
    return memchr(base, Int32(ASCII.newline), count) != nil
  }

  public func write(_ text: String) {
    var copy = text
    copy.withUTF8 { block.append(contentsOf: $0) }
    if lineBuffered, text.utf8.contains(ASCII.newline) { flush() } else if block.count >= blockSize { flush() }
  }

  /// Writes out the block.
  public func flush() {
    defer { block.removeAll(keepingCapacity: true) }
    guard !block.isEmpty else { return }
    switch target {
    case .memory:
      memory.append(contentsOf: block)
    case .descriptor(let fd):
      guard !brokenPipe, failure == nil else { return }
      block.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
          let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
          if n < 0 {
            if errno == EINTR { continue }
            if errno == EPIPE { brokenPipe = true } else { failure = systemMessage(errno) }
            return
          }
          offset += n
        }
      }
    }
  }

  /// Whether writing can still reach the reader (no broken pipe, no error).
  public var isOpen: Bool { !brokenPipe && failure == nil }
}

/// The text of an errno value (`No such file or directory`).
public func systemMessage(_ code: Int32) -> String {
  guard let text = strerror(code) else { return "error \(code)" }
  return String(cString: text)
}
