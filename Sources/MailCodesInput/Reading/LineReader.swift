import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Facts about one line lent by `LineReader`.
public struct LineInfo: Sendable {
  /// 1-based line number in the input.
  public var number: Int
  /// Offset of the line's first byte in the (decompressed) input.
  public var offset: Int64
  /// The line was longer than the limit and only its first `maxLineLength` bytes are lent.
  public var isTruncated: Bool
}

/// What a line consumer wants next (ripgrep's `Ok(false)` as a type).
public enum Flow: Sendable {
  case proceed
  /// End the whole run.
  case stop
  /// Stop reading this input and go on with the next one (grep `-m`, `-l`).
  case skipInput
}

/// Splits a byte source into lines with one reused buffer and `memchr`.
///
/// Contract:
/// - A line ends at `\n`; one `\r` right before it is removed (CRLF input). The last line
///   needs no terminator. Every other byte, NUL and invalid UTF-8 included, is passed on as is.
///   A lone `\r` does not end a line here: inputs whose lines end in a lone CR (old Mac files)
///   are found by `LineEndSource`, which the opener puts in front of this reader and which
///   serves their CRs as `\n`. Deciding once per input, from its first 64 KiB, keeps this loop
///   a single `memchr` and leaves a stray CR inside an ordinary line alone.
/// - Lines are lent as `ByteView`s valid only during the callback: the buffer is reused.
/// - A line longer than `maxLineLength` (after removing its `\r`) is lent once, cut to its
///   first `maxLineLength` bytes, with `isTruncated` set; the rest of it is skipped and
///   `truncatedLines` counts it. The result does not depend on how reads split the input.
/// - Memory: the buffer grows only to hold one line (`maxLineLength` + 2) plus one read chunk.
/// - A read error ends the input: the partial last line read before it is still lent, and the
///   error is kept in `error` for the caller to report with the line number reached.
public final class LineReader {
  public let chunkSize: Int
  public let maxLineLength: Int
  public private(set) var lineCount = 0
  public private(set) var byteCount: Int64 = 0
  public private(set) var truncatedLines = 0
  public private(set) var error: InputError?
  /// Lines that the prefilter skipped (counted in `lineCount`, never lent).
  public private(set) var skippedLines = 0
  /// With a prefilter, a line that contains none of its literals is skipped (not lent, but
  /// counted) while `prefilterSwitch.pointee` is true. The first line of an input and lines
  /// cut to `maxLineLength` are always lent. (A pointer, not a stored `Bool`: the reader's
  /// loop reads it per line, and a class property would cost an exclusivity check each time.)
  /// When the source given to `read` is a `PrefetchingSource` made with the same literals,
  /// its search (done ahead, on another thread) stands for the search here.
  public var prefilter: LiteralSet?
  public let prefilterSwitch: UnsafeMutablePointer<Bool>
  private var buffer: UnsafeMutableRawPointer
  private var capacity: Int

  /// - Parameters:
  ///   - chunkSize: bytes asked of the source per read (tests sweep this down to 1).
  ///   - maxLineLength: longest line lent whole; longer ones are truncated and counted.
  public init(chunkSize: Int = 256 * 1024, maxLineLength: Int = 64 * 1024) {
    self.chunkSize = max(1, chunkSize)
    self.maxLineLength = max(1, maxLineLength)
    capacity = max(self.chunkSize, min(self.maxLineLength, 64 * 1024)) + 1
    buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    prefilterSwitch = .allocate(capacity: 1)
    prefilterSwitch.initialize(to: true)
  }

  deinit {
    buffer.deallocate()
    prefilterSwitch.deallocate()
  }

  /// Reads `source` to its end (or until `body` says `.stop`), lending each line to `body`.
  ///
  /// Inlined into its caller on purpose: the pipeline's per-line closure is then specialized
  /// for the caller's sink (a closure passed to a separate function is compiled once, generic,
  /// and every sink call inside it would go through a witness table).
  @inline(__always)
  public func read(_ source: ByteSource, _ body: (ByteView, LineInfo) throws -> Flow) rethrows {
    var pos = 0
    var end = 0
    var scanFrom = 0
    var skipping = false
    var lineStartOffset: Int64 = 0
    var streamOffset: Int64 = 0  // offset of buffer[0] in the input
    error = nil
    // Hot counters live in locals; class properties are written back once (exclusivity checks).
    var lines = lineCount
    var bytes = byteCount
    var skipped = skippedLines
    // The prefilter's next match in the buffer (valid while at or after `pos`; -1: unknown).
    var literals = prefilter
    // A source that searched ahead for the literals (on another thread) answers instead of
    // the search here, and chose its own anchors.
    let searchedAhead = literals != nil ? source as? PrefetchingSource : nil
    var literalsTuned = searchedAhead != nil
    let filterOn = prefilterSwitch
    var nextMatch = -1
    let filtering = literals != nil
    defer {
      lineCount = lines
      byteCount = bytes
      skippedLines = skipped
    }
    while true {
      // Lend every complete line in [pos, end).
      while scanFrom < end,
        let hit = memchr(buffer + scanFrom, Int32(ASCII.newline), end - scanFrom)
      {
        let nl = hit - buffer
        if skipping {
          skipping = false
        } else {
          var lineEnd = nl
          if lineEnd > pos, buffer.load(fromByteOffset: lineEnd - 1, as: UInt8.self) == ASCII.carriageReturn {
            lineEnd -= 1
          }
          lines += 1
          lineStartOffset = streamOffset + Int64(pos)
          let cut = lineEnd - pos > maxLineLength
          // A test, not `if let`: binding the set copies it (three references retained and
          // released per line).
          if filtering, !cut, lines > 1, filterOn.pointee {
            let base = UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self))
            if nextMatch < pos {
              if let searchedAhead {
                let found = searchedAhead.firstMatch(
                  from: streamOffset + Int64(pos), end: streamOffset + Int64(end),
                  buffer: base, bufferStart: streamOffset)
                nextMatch = found.map { Int($0 - streamOffset) } ?? Int.max
              } else {
                nextMatch = literals.unsafelyUnwrapped.firstMatch(in: base, from: pos, end: end) ?? Int.max
              }
            }
            if nextMatch >= lineEnd {
              skipped += 1
              pos = nl + 1
              // The lines before the one holding the next match have no literal either: they
              // are skipped in one step, one count of newlines instead of a `memchr` call and
              // a turn of this loop per line. At most `maxLineLength` bytes at once, so none
              // of them can be a line that must be lent truncated.
              let horizon = min(nextMatch, end, pos + maxLineLength)
              let last = ByteScan.last(ASCII.newline, in: base, from: pos, end: horizon)
              if last >= pos {
                let more = ByteScan.count(ASCII.newline, in: base, from: pos, end: last + 1)
                lines += more
                skipped += more
                pos = last + 1
              }
              scanFrom = pos
              continue
            }
          }
          if cut { truncatedLines += 1 }
          let view = ByteView(
            base: UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self) + pos),
            count: cut ? maxLineLength : lineEnd - pos)
          if try body(view, LineInfo(number: lines, offset: lineStartOffset, isTruncated: cut)) != .proceed {
            return
          }
        }
        pos = nl + 1
        scanFrom = pos
      }
      scanFrom = end
      if skipping {
        pos = end
      } else if end - pos > maxLineLength + 1 {
        // Longer than the limit even if its last byte is the `\r` of a CRLF: cut it now.
        lines += 1
        truncatedLines += 1
        let view = ByteView(base: UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self) + pos), count: maxLineLength)
        let info = LineInfo(number: lines, offset: streamOffset + Int64(pos), isTruncated: true)
        skipping = true
        pos = end
        scanFrom = end
        if try body(view, info) != .proceed { return }
      }
      // Move the unfinished line to the front (prefilter matches are searched again).
      nextMatch = -1
      if pos > 0 {
        let partial = end - pos
        if partial > 0 { memmove(buffer, buffer + pos, partial) }
        streamOffset += Int64(pos)
        end = partial
        scanFrom -= pos
        pos = 0
      }
      if capacity - end < chunkSize {
        grow(to: end + chunkSize)
      }
      var n = 0
      do {
        n = try source.read(
          into: UnsafeMutableRawBufferPointer(start: buffer + end, count: min(chunkSize, capacity - end)))
      } catch {
        self.error = error
        n = 0
      }
      if n == 0 {
        if end > pos, !skipping {
          var lineEnd = end
          if buffer.load(fromByteOffset: lineEnd - 1, as: UInt8.self) == ASCII.carriageReturn { lineEnd -= 1 }
          lines += 1
          let cut = lineEnd - pos > maxLineLength
          if cut { truncatedLines += 1 }
          let view = ByteView(
            base: UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self) + pos),
            count: cut ? maxLineLength : lineEnd - pos)
          _ = try body(view, LineInfo(number: lines, offset: streamOffset + Int64(pos), isTruncated: cut))
        }
        if let e = error {
          error = InputError(kind: e.kind, input: e.input, detail: e.detail, line: lines > 0 ? lines : nil)
        }
        return
      }
      bytes += Int64(n)
      end += n
      if !literalsTuned, end >= 64 * 1024 || end == capacity, let set = literals {
        // Anchors for this input's own text, from its first 64 KiB (the first reads can be
        // a few bytes: the sniffed gzip magic comes back first).
        literals = set.tuned(
          to: ByteView(
            base: UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self)),
            count: min(end, 64 * 1024)))
        literalsTuned = true
      }
    }
  }

  private func grow(to needed: Int) {
    let newCapacity = max(needed, capacity * 2)
    let newBuffer = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 64)
    newBuffer.copyMemory(from: buffer, byteCount: capacity)
    buffer.deallocate()
    buffer = newBuffer
    capacity = newCapacity
  }
}
