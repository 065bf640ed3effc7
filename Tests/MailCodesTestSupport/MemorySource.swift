import MailCodesKit

/// A byte source over memory that hands out at most `step` bytes per read (short reads).
public final class MemorySource: ByteSource {
  public let name = "(memory)"
  private let bytes: [UInt8]
  private let step: Int
  private var offset = 0

  public init(_ bytes: [UInt8], step: Int) {
    self.bytes = bytes
    self.step = max(1, step)
  }

  public convenience init(_ text: String, step: Int) { self.init(Array(text.utf8), step: step) }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    let n = min(step, buffer.count, bytes.count - offset)
    guard n > 0 else { return 0 }
    bytes.withUnsafeBytes { src in
      buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
    }
    offset += n
    return n
  }
}

/// Reads all lines of `source` with `reader`, as byte arrays with their truncation flag.
public func readLines(_ source: ByteSource, reader: LineReader) -> [([UInt8], Bool)] {
  var lines: [([UInt8], Bool)] = []
  reader.read(source) { line, info in
    lines.append((line.bytes, info.isTruncated))
    return .proceed
  }
  return lines
}
