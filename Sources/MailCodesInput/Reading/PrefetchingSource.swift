import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Reads a source ahead on a thread of its own and searches each block it read for the
/// literals of a prefilter, so that the reading thread finds the lines to parse without
/// reading or searching: `read(2)` (or decompression) and the literal search run on the
/// second core while the first one parses the lines that hold a literal.
///
/// Contract:
/// - `read(into:)` serves the bytes of the wrapped source in order, then its error (after
///   the bytes read before it) or its end, exactly as the wrapped source would. The wrapped
///   source is used by the reading-ahead thread only, from `init` until `finish()`.
/// - `firstMatch(from:end:buffer:bufferStart:)` answers what `LiteralSet.firstMatch` would
///   on the reader's buffer: the first position at or after `from` where one of the literals
///   starts, among the bytes served so far. It may also name a literal that starts before
///   `end` and ends after it, or one that starts at or after `end` (the next one in the
///   stream): those lie on the unfinished last line of the buffer or beyond, which a reader
///   does not lend before it has read on (`LineReader` searches again after each read).
/// - With `secondary` literals, `hasSecondaryMatch(from:end:)` answers the same for them from
///   the blocks' own search (a second list of positions, searched on the same thread once the
///   reader first asked: blocks read before that are not searched, and not answered for).
/// - Memory: `blocks` blocks of `blockSize` bytes and their match positions.
/// - For regular files: the reading-ahead thread is not interrupted while the wrapped source
///   blocks in a read, so `finish()` (and so `deinit`) waits for that read to return.
public final class PrefetchingSource: ByteSource {
  public let name: String
  private let shared: Shared
  private let literals: LiteralSet
  /// The block whose bytes `read(into:)` serves, and how many of them it served.
  private var current: Block?
  private var served = 0
  /// Match positions of the blocks served, oldest first from `head` (dropped once `from` is
  /// past them).
  private var index: [Entry] = []
  private var head = 0
  private var finished = false
  /// Secondary literals are searched (`hasSecondaryMatch`), and were asked about.
  private let hasSecondary: Bool
  private var askedSecondary = false

  /// The match positions of one served block (relative to its start), with where the last
  /// question left off in them: the reader asks in stream order, so the next answer is found
  /// by stepping on from there, not by a search of the whole list.
  struct Entry {
    var start: Int64
    var end: Int64
    var matches: [Int]
    var cursor = 0
    var secondary: [Int]
    var secondaryCursor = 0
    /// `secondary` was searched for (see `Shared.secondaryWanted`).
    var searchedSecondary: Bool
  }

  /// One block: the bytes read, their offset in the stream, the literal positions fully
  /// inside them, and how the source went on after them.
  final class Block {
    let bytes: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0
    var start: Int64 = 0
    /// Positions relative to `bytes` (ascending).
    var matches: [Int] = []
    var secondary: [Int] = []
    var searchedSecondary = false
    /// The source ended after these bytes (with `error` when a read failed).
    var isLast = false
    var error: InputError?

    init(capacity: Int) {
      self.capacity = capacity
      bytes = .allocate(capacity: max(1, capacity))
    }

    deinit { bytes.deallocate() }
  }

  /// What the two threads share, behind one mutex.
  final class Shared: BackgroundThread, @unchecked Sendable {
    let source: ByteSource
    var literals: LiteralSet
    var secondary: LiteralSet?
    /// The reader asked about secondary literals: blocks are searched for them from now on.
    /// Until it does (it may never: an Exim log), the pass is not made.
    var secondaryWanted = false
    let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Blocks the reading-ahead thread may fill, and blocks filled, in stream order.
    var free: [Block]
    var ready: [Block] = []
    var readyHead = 0
    var cancelled = false
    var producerDone = false
    var warning: InputError?

    init(source: ByteSource, literals: LiteralSet, secondary: LiteralSet?, blocks: [Block]) {
      self.source = source
      self.literals = literals
      self.secondary = secondary
      free = blocks
      super.init()
      pthread_mutex_init(mutex, nil)
      pthread_cond_init(changed, nil)
    }

    deinit {
      pthread_cond_destroy(changed)
      pthread_mutex_destroy(mutex)
      changed.deallocate()
      mutex.deallocate()
    }

    @inline(__always) func locked<T>(_ body: () -> T) -> T {
      pthread_mutex_lock(mutex)
      defer { pthread_mutex_unlock(mutex) }
      return body()
    }

    /// The reading-ahead thread: fills free blocks in stream order and searches them.
    override func run() {
      var offset: Int64 = 0
      var tuned = false
      while true {
        pthread_mutex_lock(mutex)
        while free.isEmpty && !cancelled { pthread_cond_wait(changed, mutex) }
        if cancelled {
          pthread_mutex_unlock(mutex)
          break
        }
        let block = free.removeLast()
        let wantSecondary = secondaryWanted
        pthread_mutex_unlock(mutex)

        var n = 0
        var failure: InputError?
        var ended = false
        while n < block.capacity {
          do throws(InputError) {
            let got = try source.read(
              into: UnsafeMutableRawBufferPointer(start: block.bytes + n, count: block.capacity - n))
            if got == 0 {
              ended = true
              break
            }
            n += got
          } catch {
            failure = error
            ended = true
            break
          }
        }
        if !tuned, n > 0 {
          // Anchors for this input's own text, as `LineReader` chooses them.
          let sample = ByteView(base: UnsafePointer(block.bytes), count: min(n, 64 * 1024))
          literals = literals.tuned(to: sample)
          secondary = secondary?.tuned(to: sample)
          tuned = true
        }
        // Every literal that lies inside the block; those across its end are the reader's
        // (`firstMatch`): at most `maxLength - 1` positions per block boundary.
        block.matches.removeAll(keepingCapacity: true)
        literals.allMatches(in: UnsafePointer(block.bytes), from: 0, end: n, into: &block.matches)
        block.secondary.removeAll(keepingCapacity: true)
        block.searchedSecondary = wantSecondary && secondary != nil
        if wantSecondary {
          secondary?.allMatches(in: UnsafePointer(block.bytes), from: 0, end: n, into: &block.secondary)
        }
        block.count = n
        block.start = offset
        block.isLast = ended
        block.error = failure
        offset += Int64(n)
        pthread_mutex_lock(mutex)
        ready.append(block)
        if ended { warning = source.warning }
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        if ended { break }
      }
      pthread_mutex_lock(mutex)
      producerDone = true
      pthread_cond_broadcast(changed)
      pthread_mutex_unlock(mutex)
    }
  }

  /// Starts reading `source` ahead; nil when no thread could be started (then read
  /// `source` itself).
  /// - Parameters:
  ///   - blockSize: bytes per block (tests sweep this down to a few bytes).
  ///   - blocks: blocks read ahead at most, the one being served included (at least 2).
  ///   - secondary: literals searched in each block too (`hasSecondaryMatch(from:end:)`).
  public init?(
    wrapping source: ByteSource, literals: LiteralSet, secondary: LiteralSet? = nil, blockSize: Int = 1 << 20,
    blocks: Int = 4
  ) {
    name = source.name
    self.literals = literals
    hasSecondary = secondary != nil
    let size = max(1, blockSize)
    shared = Shared(
      source: source, literals: literals, secondary: secondary,
      blocks: (0..<max(2, blocks)).map { _ in Block(capacity: size) })
    guard shared.start() else { return nil }
  }

  deinit { finish() }

  /// Stops reading ahead and waits for the thread. Reading ends here: `read(into:)` then
  /// returns 0.
  public func finish() {
    guard !finished else { return }
    finished = true
    shared.locked {
      shared.cancelled = true
      pthread_cond_broadcast(shared.changed)
    }
    shared.join()
  }

  /// The wrapped source's warning, once it was read to its end.
  public var warning: InputError? { shared.locked { shared.warning } }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0, !finished else { return 0 }
    while true {
      if let block = current {
        if served < block.count {
          let n = min(buffer.count, block.count - served)
          base.copyMemory(from: block.bytes + served, byteCount: n)
          served += n
          return n
        }
        // The block is served: its end, its error, or the next block.
        if block.isLast {
          if let error = block.error {
            block.error = nil
            throw error
          }
          return 0
        }
        shared.locked {
          shared.free.append(block)
          pthread_cond_broadcast(shared.changed)
        }
        current = nil
      }
      let next: Block? = shared.locked {
        while shared.readyHead == shared.ready.count && !shared.producerDone {
          pthread_cond_wait(shared.changed, shared.mutex)
        }
        guard shared.readyHead < shared.ready.count else { return nil }
        let block = shared.ready[shared.readyHead]
        shared.readyHead += 1
        if shared.readyHead > 64 {
          shared.ready.removeFirst(shared.readyHead)
          shared.readyHead = 0
        }
        return block
      }
      guard let next else { return 0 }
      index.append(
        Entry(
          start: next.start, end: next.start + Int64(next.count), matches: next.matches, secondary: next.secondary,
          searchedSecondary: next.searchedSecondary))
      current = next
      served = 0
    }
  }

  /// The first literal position at or after stream offset `from` (see the contract); `buffer`
  /// holds the stream's bytes from `bufferStart` to `end` (the reader's buffer), searched for
  /// the literals that cross a block boundary.
  public func firstMatch(from: Int64, end: Int64, buffer: UnsafePointer<UInt8>, bufferStart: Int64) -> Int64? {
    let reach = Int64(max(0, literals.maxLength - 1))
    // Blocks that end before `from` (their boundary windows too) are not asked about again.
    while head < index.count, index[head].end + reach <= from { head += 1 }
    if head >= 16 {
      index.removeFirst(head)
      head = 0
    }
    let first = head
    let literals = self.literals
    // Through a buffer pointer: the entries' cursors move in place, without a uniqueness
    // test of the array per question.
    return index.withUnsafeMutableBufferPointer { entries -> Int64? in
      var k = first
      while k < entries.count {
        if entries[k].start >= end { break }
        var best = Int64.max
        if entries[k].end > from {
          let c = PrefetchingSource.advance(
            &entries[k].cursor, in: entries[k].matches, to: Int(from - entries[k].start))
          if c < entries[k].matches.count { best = entries[k].start + Int64(entries[k].matches[c]) }
        }
        // Literals across this block's end, in the reader's buffer: those that start inside
        // the block (a later start is the next block's).
        let blockEnd = entries[k].end
        if reach > 0, blockEnd > from, blockEnd < end {
          let windowFrom = max(from, blockEnd - reach, bufferStart)
          let windowEnd = min(end, blockEnd + reach)
          if windowFrom < windowEnd,
            let s = literals.firstMatch(
              in: buffer, from: Int(windowFrom - bufferStart), end: Int(windowEnd - bufferStart)),
            bufferStart + Int64(s) < blockEnd
          {
            best = min(best, bufferStart + Int64(s))
          }
        }
        if best != Int64.max { return best }
        k += 1
      }
      return nil
    }
  }

  /// Whether one of the `secondary` literals starts in `from..<end` (stream offsets), when
  /// the blocks' search can tell: nil when there are no secondary literals or the range is not
  /// inside one block served (a literal across a block's end is in no list; search the line
  /// itself then). A literal that starts before `end` may end after it: ask about whole lines
  /// (a literal holds no line break). Asked in stream order, each answer costs a step or two.
  public func hasSecondaryMatch(from: Int64, end: Int64) -> Bool? {
    guard hasSecondary else { return nil }
    if !askedSecondary {
      askedSecondary = true
      shared.locked { shared.secondaryWanted = true }
    }
    guard from < end else { return false }
    let first = head
    return index.withUnsafeMutableBufferPointer { entries -> Bool? in
      var k = first
      while k < entries.count, entries[k].end < end { k += 1 }
      guard k < entries.count, entries[k].start <= from, entries[k].searchedSecondary else { return nil }
      let c = PrefetchingSource.advance(
        &entries[k].secondaryCursor, in: entries[k].secondary, to: Int(from - entries[k].start))
      return c < entries[k].secondary.count && entries[k].start + Int64(entries[k].secondary[c]) < end
    }
  }

  /// Moves `cursor` to the first position of `positions` at or after `target` and returns it:
  /// a few steps forward when asked in order, a binary search when asked out of order or far.
  @inline(__always)
  static func advance(_ cursor: inout Int, in positions: [Int], to target: Int) -> Int {
    var c = cursor
    if c > 0, c <= positions.count, positions[c - 1] >= target {
      c = 0
    }
    var steps = 0
    while c < positions.count, positions[c] < target {
      c += 1
      steps += 1
      if steps == 8 {
        // Far ahead: the first position at or after `target` by halving.
        var high = positions.count
        while c < high {
          let mid = (c + high) / 2
          if positions[mid] < target { c = mid + 1 } else { high = mid }
        }
        break
      }
    }
    cursor = c
    return c
  }
}
