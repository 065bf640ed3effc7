import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// A sink that runs on a second thread: the parsing thread records each call into a batch
/// (`SinkBatch`), and the sink's thread replays the batches in order into the real sink.
///
/// Contract:
/// - The real sink sees exactly the calls, in exactly the order, it would have seen on the
///   parsing thread, so its result is the same bytes. What it cannot do is steer the reading:
///   `line` here returns `.proceed` before the real sink has seen the line. Only sinks whose
///   `line` always proceeds may be run this way (`MergeableSink`'s contract).
/// - It records what `Pipeline`'s line stage sends: a line's events (all of `output.events`,
///   against `output.eventBytes` when that is not empty) and then the line itself; `event`
///   records nothing and `line` records both.
/// - Memory: at most `batches` batches of `linesPerBatch` lines (and 128 KiB of line bytes) are in
///   flight;
///   the parsing thread waits for a free one.
/// - The real sink must not share mutable state with the parsing thread (the `NameTable` is
///   read by sinks only after the run, when `finish` has joined the thread).
struct DeferredSink: AnalysisSink {
  private let channel: BatchChannel
  private var batch: SinkBatch

  /// Starts the sink's thread, which replays every batch with `replay`; nil when no thread
  /// could be started (then run the sink in place).
  init?(batches: Int = 4, linesPerBatch: Int = 1024, replay: @escaping (SinkBatch) -> Void) {
    let channel = BatchChannel(batches: max(2, batches), linesPerBatch: max(1, linesPerBatch), replay: replay)
    guard channel.start() else { return nil }
    self.channel = channel
    batch = channel.takeFree()
  }

  mutating func beginGroup(_ index: Int) { record(.beginGroup(index)) }

  mutating func beginInput(_ input: InputFile, index: Int) { record(.beginInput(input, index)) }

  mutating func endInput(_ input: InputFile, index: Int, stats: InputStats) {
    record(.endInput(input, index, stats))
  }

  @inline(__always)
  mutating func event(_ event: SMTPEvent, line: ByteView, context: LineContext) {}

  @inline(__always)
  mutating func line(_ line: ByteView, context: LineContext, output: ParseOutput) -> Flow {
    batch.recordLine(line, context: context, output: output)
    if batch.isFull { handOver() }
    return .proceed
  }

  @inline(__always)
  mutating func sessionEnded(_ session: SessionRecord) {
    batch.recordSession(session)
  }

  private mutating func record(_ control: SinkBatch.Control) {
    batch.recordControl(control)
  }

  @inline(never)
  private mutating func handOver() {
    channel.submit(batch)
    batch = channel.takeFree()
  }

  /// Hands over what is left and waits until the sink's thread has replayed everything.
  mutating func finish() {
    if !batch.isEmpty { channel.submit(batch) }
    channel.close()
  }
}

/// The queue between the parsing thread and the sink's thread: batches free to fill, and
/// batches filled (in order), under one lock.
final class BatchChannel: BackgroundThread, @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  private var free: [SinkBatch]
  private var ready: [SinkBatch] = []
  private var closed = false
  private let replay: (SinkBatch) -> Void

  init(batches: Int, linesPerBatch: Int, replay: @escaping (SinkBatch) -> Void) {
    free = (0..<batches).map { _ in SinkBatch(lineLimit: linesPerBatch) }
    self.replay = replay
    super.init()
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(changed, nil)
  }

  deinit {
    pthread_cond_destroy(changed)
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
    changed.deallocate()
  }

  /// A batch to fill, waiting for the sink's thread to return one if none is free.
  func takeFree() -> SinkBatch {
    pthread_mutex_lock(mutex)
    while free.isEmpty { pthread_cond_wait(changed, mutex) }
    let batch = free.removeLast()
    pthread_mutex_unlock(mutex)
    return batch
  }

  func submit(_ batch: SinkBatch) {
    pthread_mutex_lock(mutex)
    ready.append(batch)
    pthread_cond_broadcast(changed)
    pthread_mutex_unlock(mutex)
  }

  /// No more batches: waits for the sink's thread to replay the ones submitted, and to end.
  func close() {
    pthread_mutex_lock(mutex)
    closed = true
    pthread_cond_broadcast(changed)
    pthread_mutex_unlock(mutex)
    join()
  }

  /// The sink's thread: replays the filled batches in order until the channel is closed and
  /// empty.
  override func run() {
    while true {
      pthread_mutex_lock(mutex)
      while ready.isEmpty && !closed { pthread_cond_wait(changed, mutex) }
      guard !ready.isEmpty else {
        pthread_mutex_unlock(mutex)
        return
      }
      let batch = ready.removeFirst()
      pthread_mutex_unlock(mutex)
      replay(batch)
      batch.removeAll()
      pthread_mutex_lock(mutex)
      free.append(batch)
      pthread_cond_broadcast(changed)
      pthread_mutex_unlock(mutex)
    }
  }
}
