import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// A log file read as it grows, through its rotations, as `tail -F` follows a name.
///
/// Contract:
/// - `poll` reads what the file holds now (never waits) and lends each complete line (LF; a CR
///   before it is removed); an unfinished last line waits for its end. Lines longer than
///   `maxLineLength` are lent cut, once, and counted in `truncatedLines`.
/// - `checkRotation` (called when `poll` found nothing new) looks at the name again:
///   - renamed and recreated (another inode at the name): the old file is read to its end
///     first, and the switch waits until the new file has bytes, since the writer may still
///     append to the old one until it reopens (rsyslog does so until logrotate signals it);
///   - truncated in place (`copytruncate`: the size fell below what was read, or the first
///     bytes changed, when new lines made it as long again between two looks): what was
///     appended after the last read and before the copy is read from the copy
///     (`RotatedFileFinder`, by the file's first bytes), then reading starts over at 0;
///   - removed and not yet recreated: the old file stays open and is read on.
///   An unfinished line of the old file is lent as it is when the file is left.
/// - A file missing at the start is waited for (`tail -F`); the reason is kept in `error`.
/// - Memory: one buffer holding the unfinished line and one read chunk.
public final class FollowedFile {
  public let file: InputFile
  public let maxLineLength: Int
  public private(set) var lineCount = 0
  public private(set) var byteCount: Int64 = 0
  public private(set) var truncatedLines = 0
  /// Why the file could not be opened (cleared once it is).
  public private(set) var error: InputError?
  /// Rotations seen, for messages: `mail.log: rotated (renamed)`.
  public private(set) var notices: [String] = []

  private var fd: Int32 = -1
  private var identity: FileIdentity?
  /// Bytes read from the current file.
  private var offset: Int64 = 0
  /// The current file's first bytes (up to `FileFingerprint.span`), to find its copy.
  private var head: [UInt8] = []
  private var buffer: [UInt8] = []
  private var skipping = false
  /// Offset in the current file of `buffer[0]`.
  private var bufferStart: Int64 = 0
  private let chunk = 64 * 1024

  public init(_ file: InputFile, maxLineLength: Int = 64 * 1024) {
    self.file = file
    self.maxLineLength = max(1, maxLineLength)
    openCurrent(announce: false)
  }

  deinit {
    if fd >= 0 { close(fd) }
  }

  /// Takes the notices gathered since the last call.
  public func takeNotices() -> [String] {
    defer { notices.removeAll() }
    return notices
  }

  /// Reads what is there now, up to about `budget` bytes, lending complete lines to `body`.
  /// Returns whether anything was read, and `body`'s last answer other than `.proceed`.
  public func poll(budget: Int = 1 << 20, _ body: (ByteView, LineInfo) -> Flow) -> (progressed: Bool, flow: Flow) {
    guard fd >= 0 else { return (false, .proceed) }
    var total = 0
    var progressed = false
    while total < budget {
      let n = readChunk(from: fd)
      if n <= 0 { break }
      progressed = true
      total += n
      offset += Int64(n)
      let flow = lendLines(body)
      if flow != .proceed { return (true, flow) }
    }
    return (progressed, .proceed)
  }

  /// Looks for a rotation of the name and moves to the new file when there is one.
  public func checkRotation(_ body: (ByteView, LineInfo) -> Flow) -> Flow {
    guard fd >= 0, let current = identity else {
      openCurrent(announce: true)
      return .proceed
    }
    guard let atName = FileIdentity.of(path: file.path) else { return .proceed }
    if !atName.isSameFile(as: current) {
      guard atName.size > 0 else { return .proceed }
      // Renamed and recreated: the rest of the old file first.
      var flow = drain(body)
      if flow == .proceed { flow = finishLine(body) }
      close(fd)
      fd = -1
      notices.append("\(file.displayName): rotated (a new file has the name); following the new file")
      openCurrent(announce: false)
      return flow
    }
    if atName.size < offset || !headUnchanged() {
      // Truncated in place: what came after the last read is in the copy, if there is one.
      var flow = Flow.proceed
      let fingerprint = FileFingerprint(of: head)
      if let copy = RotatedFileFinder.find(path: file.path, identity: nil, fingerprint: fingerprint) {
        flow = readCopy(copy, from: offset, body)
        notices.append("\(file.displayName): truncated (copied to \(copy)); reading from its start")
      } else {
        notices.append(
          "\(file.displayName): truncated; reading from its start (its copy was not found: "
            + "lines written just before the truncation may be missed)")
      }
      if flow == .proceed { flow = finishLine(body) }
      lseek(fd, 0, SEEK_SET)
      offset = 0
      bufferStart = 0
      head.removeAll()
      identity = FileIdentity.of(descriptor: fd) ?? current
      return flow
    }
    return .proceed
  }

  /// Whether the file still begins with the bytes read from its start (a file truncated and
  /// written again between two looks does not).
  private func headUnchanged() -> Bool {
    guard !head.isEmpty else { return true }
    var now = [UInt8](repeating: 0, count: head.count)
    let n = now.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, head.count, 0) }
    return n == head.count && now == head
  }

  /// Reads what is left and lends the unfinished last line (the end of following).
  public func finish(_ body: (ByteView, LineInfo) -> Flow) {
    guard fd >= 0 else { return }
    if drain(body) == .proceed { _ = finishLine(body) }
  }

  // MARK: - reading

  private func openCurrent(announce: Bool) {
    let descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let code = errno
      if error == nil {
        error = InputError(
          kind: code == ENOENT ? .notFound : code == EACCES ? .permissionDenied : .openFailed,
          input: file.displayName, detail: systemMessage(code))
        notices.append("\(file.displayName): \(systemMessage(code)); waiting for it to appear")
      }
      return
    }
    fd = descriptor
    identity = FileIdentity.of(descriptor: descriptor)
    offset = 0
    bufferStart = 0
    head.removeAll()
    if announce {
      notices.append("\(file.displayName): appeared; following it")
      error = nil
    }
  }

  private func drain(_ body: (ByteView, LineInfo) -> Flow) -> Flow {
    while true {
      let (progressed, flow) = poll(body)
      if flow != .proceed { return flow }
      if !progressed { return .proceed }
    }
  }

  /// Reads `path` (a copy of the current file, maybe compressed) from byte `start` to its end.
  private func readCopy(_ path: String, from start: Int64, _ body: (ByteView, LineInfo) -> Flow) -> Flow {
    guard let opened = try? InputOpener.open(InputFile(path: path)) else { return .proceed }
    var skip = start
    var scratch = [UInt8](repeating: 0, count: chunk)
    while true {
      let n = scratch.withUnsafeMutableBytes { raw -> Int in
        do throws(InputError) { return try opened.source.read(into: raw) } catch { return 0 }
      }
      if n == 0 { return .proceed }
      var from = 0
      if skip > 0 {
        let dropped = Int(min(Int64(n), skip))
        skip -= Int64(dropped)
        from = dropped
      }
      if from < n {
        buffer.append(contentsOf: scratch[from..<n])
        let flow = lendLines(body)
        if flow != .proceed { return flow }
      }
    }
  }

  /// Appends one `read(2)` to the buffer; returns its count (0 at the end of what is there).
  private func readChunk(from descriptor: Int32) -> Int {
    let old = buffer.count
    buffer.append(contentsOf: repeatElement(0, count: chunk))
    var n = 0
    repeat {
      n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + old, chunk) }
    } while n < 0 && errno == EINTR
    buffer.removeLast(chunk - max(0, n))
    if n > 0 {
      byteCount += Int64(n)
      if head.count < FileFingerprint.span {
        let take = min(n, FileFingerprint.span - head.count)
        head.append(contentsOf: buffer[old..<(old + take)])
      }
    }
    return n
  }

  /// Lends the complete lines in the buffer and keeps the unfinished one at its front.
  private func lendLines(_ body: (ByteView, LineInfo) -> Flow) -> Flow {
    var flow = Flow.proceed
    var start = 0
    buffer.withUnsafeBufferPointer { bytes in
      let base = bytes.baseAddress!
      var scan = 0
      while scan < bytes.count, let hit = memchr(base + scan, Int32(ASCII.newline), bytes.count - scan) {
        let nl = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        if skipping {
          skipping = false
        } else {
          var end = nl
          if end > start, base[end - 1] == ASCII.carriageReturn { end -= 1 }
          flow = lend(base, start, end, body)
        }
        start = nl + 1
        scan = start
        if flow != .proceed { break }
      }
      if flow == .proceed, !skipping, bytes.count - start > maxLineLength + 1 {
        // Longer than the limit before its end came: lent cut now, the rest skipped.
        flow = lend(base, start, start + maxLineLength + 1, body)
        skipping = true
        start = bytes.count
      }
      if skipping { start = bytes.count }
    }
    bufferStart += Int64(start)
    buffer.removeFirst(start)
    return flow
  }

  /// Lends the unfinished last line as a line (the file is left, or following ends).
  private func finishLine(_ body: (ByteView, LineInfo) -> Flow) -> Flow {
    defer {
      bufferStart += Int64(buffer.count)
      buffer.removeAll()
      skipping = false
    }
    guard !buffer.isEmpty, !skipping else { return .proceed }
    return buffer.withUnsafeBufferPointer { bytes in
      var end = bytes.count
      if bytes[end - 1] == ASCII.carriageReturn { end -= 1 }
      return lend(bytes.baseAddress!, 0, end, body)
    }
  }

  private func lend(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ body: (ByteView, LineInfo) -> Flow)
    -> Flow
  {
    lineCount += 1
    let cut = end - start > maxLineLength
    if cut { truncatedLines += 1 }
    let view = ByteView(base: base + start, count: cut ? maxLineLength : end - start)
    return body(view, LineInfo(number: lineCount, offset: bufferStart + Int64(start), isTruncated: cut))
  }
}
