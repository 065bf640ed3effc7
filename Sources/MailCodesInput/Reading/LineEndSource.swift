import MailCodesSMTP
import MailCodesSupport

/// Decides an input's line ends, and serves an input whose lines end in a lone CR (classic Mac
/// OS line ends) as if they ended in LF.
///
/// Why: `LineReader` splits on LF only (one `memchr` per line). Read as is, a file with lone-CR
/// line ends would be one huge line: truncated at the line limit, everything after its first
/// 64 KiB skipped. Splitting on CR everywhere would instead cut the (rare) lines that carry a
/// stray CR, and cost every input a second scan. So the decision is made once per input, from
/// its first line:
/// - the input is read ahead until an LF, 64 KiB (`window`) or the end of the input arrives;
/// - if its first 64 KiB hold no LF but a CR, its line ends are lone CRs (`loneCR`): from then on
///   every CR that is not followed by LF is served as an LF (a CRLF stays as it is; the reader
///   drops its CR). Otherwise the bytes pass unchanged.
///
/// The decision depends on the bytes only, never on how reads split them. Reading ahead stops
/// at the first LF, so a log streamed through a pipe (`tail -f | mailcodes grep`) is not held
/// back: its first line is needed anyway. The translation keeps every byte in place (one byte
/// for one byte), so byte counts and line offsets are those of the file. A read error met
/// while reading ahead is thrown after the bytes read before it, as any source does.
public final class LineEndSource: ByteSource {
  /// How many bytes are read ahead at most to decide (the default line limit).
  public static let window = 64 * 1024

  public var name: String { inner.name }
  public var warning: InputError? { inner.warning }
  /// Whether the input's line ends are lone CRs (served as LF).
  public private(set) var loneCR = false

  private let inner: ByteSource
  /// Bytes read ahead (to decide, or to look past a held CR), served before fresh ones.
  private var head: [UInt8] = []
  private var headOffset = 0
  /// An error met while reading ahead: thrown once the bytes before it are served.
  private var pendingError: InputError?
  private var innerEnded = false
  /// A CR read at the end of a chunk: whether it ends a line depends on the next byte.
  private var heldCR = false

  /// The bytes read ahead and not served yet: right after `init`, the input's first line (or
  /// its first 64 KiB), which the opener looks at to recognize `journalctl -o json` output.
  public var readAhead: ArraySlice<UInt8> { head[headOffset...] }

  /// Reads the beginning of `inner` and decides its line ends.
  public init(wrapping inner: ByteSource) {
    self.inner = inner
    var sawCR = false
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    decide: while head.count < LineEndSource.window {
      // Never past the window, so that the decision does not depend on how reads split it.
      let want = min(chunk.count, LineEndSource.window - head.count)
      let n = chunk.withUnsafeMutableBytes { readInner(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
      if n == 0 { break }
      for i in 0..<n {
        if chunk[i] == ASCII.newline {
          head.append(contentsOf: chunk[0..<n])
          break decide
        }
        if chunk[i] == ASCII.carriageReturn { sawCR = true }
      }
      head.append(contentsOf: chunk[0..<n])
    }
    if sawCR, !head.contains(ASCII.newline) {
      loneCR = true
      translate(&head)
    }
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    if headOffset < head.count {
      let n = min(buffer.count, head.count - headOffset)
      head.withUnsafeBytes { base.copyMemory(from: $0.baseAddress! + headOffset, byteCount: n) }
      headOffset += n
      if headOffset == head.count {
        head.removeAll()
        headOffset = 0
      }
      return n
    }
    // (A CR held back when the error came is served first, as the end of its line.)
    if let error = pendingError, !heldCR {
      pendingError = nil
      throw error
    }
    if !loneCR { return innerEnded ? 0 : try inner.read(into: buffer) }
    return readTranslating(base.assumingMemoryBound(to: UInt8.self), buffer.count)
  }

  /// The next bytes of a lone-CR input, lone CRs served as LF. Errors are kept in
  /// `pendingError` and thrown by `read` once the bytes before them are served.
  private func readTranslating(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    while true {
      if innerEnded {
        guard heldCR else { return 0 }
        heldCR = false
        bytes[0] = ASCII.newline
        return 1
      }
      if heldCR, count == 1 {
        // Room for one byte only: look at the next byte to know what the held CR is.
        var next = [UInt8](repeating: 0, count: 1)
        heldCR = false
        guard readInner(into: &next) == 1 else {
          bytes[0] = ASCII.newline
          return 1
        }
        bytes[0] = next[0] == ASCII.newline ? ASCII.carriageReturn : ASCII.newline
        if next[0] == ASCII.carriageReturn { heldCR = true } else { head = next }
        return 1
      }
      var filled = 0
      if heldCR {
        bytes[0] = ASCII.carriageReturn
        filled = 1
        heldCR = false
      }
      filled += readInner(into: UnsafeMutableRawBufferPointer(start: bytes + filled, count: count - filled))
      for i in 0..<filled where bytes[i] == ASCII.carriageReturn {
        if i + 1 < filled {
          if bytes[i + 1] != ASCII.newline { bytes[i] = ASCII.newline }
        } else if innerEnded {
          bytes[i] = ASCII.newline
        } else {
          heldCR = true
          filled -= 1
        }
      }
      if filled > 0 { return filled }
    }
  }

  /// Reads from `inner`; at its end, or on an error (kept for later), sets `innerEnded`.
  private func readInner(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    do {
      let n = try inner.read(into: buffer)
      if n == 0 { innerEnded = true }
      return n
    } catch {
      pendingError = error
      innerEnded = true
      return 0
    }
  }

  private func readInner(into bytes: inout [UInt8]) -> Int {
    bytes.withUnsafeMutableBytes { readInner(into: $0) }
  }

  /// Turns the lone CRs of the read-ahead bytes into LFs; a CR at their end is held back.
  private func translate(_ bytes: inout [UInt8]) {
    for i in bytes.indices where bytes[i] == ASCII.carriageReturn {
      if i + 1 < bytes.count {
        if bytes[i + 1] != ASCII.newline { bytes[i] = ASCII.newline }
      } else if innerEnded {
        bytes[i] = ASCII.newline
      } else {
        bytes.removeLast()
        heldCR = true
      }
    }
  }
}
