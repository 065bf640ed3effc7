import MailCodesSMTP
import MailCodesSupport

/// Serves several pieces of input as one stream: the rest of a rotated file, then the file that
/// took its name (`--state`). Each piece starts `skip` bytes in and serves at most `limit`
/// bytes. A piece that does not end with a newline gets one, so that its last line does not run
/// into the next piece's first line. Each piece knows its file (identity, first bytes, and the
/// file offset of its first byte), so that a stream offset can be told as a place in a file.
public final class SegmentSource: ByteSource {
  public struct Segment {
    public var source: ByteSource
    /// Bytes of `source` skipped before serving (a compressed file is skipped by reading).
    public var skip: Int64
    public var limit: Int64?
    /// The file offset of the first byte served.
    public var fileOffset: Int64
    public var identity: FileIdentity?
    public var fingerprint: FileFingerprint
    /// The stream offset of the first byte served (set when the piece is reached).
    public var streamStart: Int64 = -1

    public init(
      source: ByteSource, skip: Int64, limit: Int64?, fileOffset: Int64, identity: FileIdentity?,
      fingerprint: FileFingerprint
    ) {
      self.source = source
      self.skip = skip
      self.limit = limit
      self.fileOffset = fileOffset
      self.identity = identity
      self.fingerprint = fingerprint
    }
  }

  public let name: String
  private var segments: [Segment]
  private var current = 0
  private var served: Int64 = 0
  private var lastByte: UInt8 = ASCII.newline
  /// Bytes served so far (the stream offset of the next byte).
  public private(set) var streamOffset: Int64 = 0
  /// Where counting starts: the piece, and the file offset in it.
  private let countSegment: Int
  private let countFileOffset: Int64
  /// The stream offset where counting starts: unknown (`Int64.max`) until its piece is reached.
  public private(set) var countFrom: Int64 = .max

  public init(name: String, segments: [Segment], countSegment: Int, countFileOffset: Int64) {
    self.name = name
    self.segments = segments
    self.countSegment = countSegment
    self.countFileOffset = countFileOffset
    enter()
  }

  /// The stream offset from which a session may still be read again by the next run: the
  /// live file and the one it replaced. (The next run finds one rotated file, not a chain.)
  public var replayableStart: Int64 { max(0, segments[max(0, segments.count - 2)].streamStart) }

  /// The piece holding stream offset `offset`, and the file offset it stands for.
  public func locate(_ offset: Int64) -> (segment: Segment, fileOffset: Int64)? {
    for segment in segments.reversed() where segment.streamStart >= 0 && segment.streamStart <= offset {
      return (segment, segment.fileOffset + offset - segment.streamStart)
    }
    return nil
  }

  private func enter() {
    guard current < segments.count else { return }
    segments[current].streamStart = streamOffset
    if current == countSegment { countFrom = streamOffset + max(0, countFileOffset - segments[current].fileOffset) }
  }

  public var warning: InputError? { segments.lazy.compactMap { $0.source.warning }.first }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    while current < segments.count {
      if segments[current].skip > 0 {
        let n = try segments[current].source.read(
          into: UnsafeMutableRawBufferPointer(start: base, count: Int(min(Int64(buffer.count), segments[current].skip)))
        )
        if n == 0 {
          segments[current].skip = 0
          next()
          continue
        }
        segments[current].skip -= Int64(n)
        continue
      }
      var room = buffer.count
      if let limit = segments[current].limit { room = Int(min(Int64(room), limit - served)) }
      let n =
        room > 0 ? try segments[current].source.read(into: UnsafeMutableRawBufferPointer(start: base, count: room)) : 0
      if n == 0 {
        if lastByte != ASCII.newline {
          base.storeBytes(of: ASCII.newline, as: UInt8.self)
          lastByte = ASCII.newline
          streamOffset += 1
          next()
          return 1
        }
        next()
        continue
      }
      served += Int64(n)
      streamOffset += Int64(n)
      lastByte = base.load(fromByteOffset: n - 1, as: UInt8.self)
      return n
    }
    return 0
  }

  private func next() {
    current += 1
    served = 0
    enter()
  }
}
