import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesRendering
import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Work that several threads share: each calls `work()` until it returns false.
class ParallelWork: @unchecked Sendable {
  /// Does one unit of work; false when there is none left.
  func work() -> Bool { false }
}

/// Runs a `ParallelWork` on threads (POSIX threads: the engine needs no Dispatch or
/// Foundation, and a few long-running workers need nothing more).
enum ParallelRun {
  /// Online processors.
  static var processorCount: Int {
    #if canImport(Glibc) || canImport(Musl)
      return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
      return max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
    #endif
  }

  /// Calls `job.work()` on `threads` threads (the calling thread is one of them) until all
  /// return false, and returns when every thread is done.
  static func run(_ job: ParallelWork, threads: Int) {
    let workers = (1..<max(1, threads)).map { _ in Worker(job) }
    // A thread that could not start leaves its share to the others.
    let started = workers.filter { $0.start() }
    while job.work() {}
    for worker in started { worker.join() }
  }

  /// One thread taking work from the job until there is none.
  final class Worker: BackgroundThread, @unchecked Sendable {
    let job: ParallelWork

    init(_ job: ParallelWork) {
      self.job = job
    }

    override func run() {
      while job.work() {}
    }
  }
}

/// The input groups of one parallel `Pipeline.run`, taken by the workers one at a time.
final class GroupJob<Sink: MergeableSink>: ParallelWork, @unchecked Sendable {
  struct Result {
    var sink: Sink
    var names: NameTable
    var totals: RunTotals
  }

  let groups: [InputPlan.Group]
  let options: AnalysisOptions
  let names: NameTable
  let prototype: Sink
  /// The index of each group's first input in the whole run.
  let firstInputIndex: [Int]
  /// Per group, once read.
  private(set) var results: [Result?]
  /// Groups whose lines another group may repeat (`CrossSeriesState`: Exim rejections).
  private(set) var groupsRepeatable = 0
  private var next = 0
  private var lock = pthread_mutex_t()

  init(groups: [InputPlan.Group], options: AnalysisOptions, names: NameTable, prototype: Sink) {
    self.groups = groups
    self.options = options
    self.names = names
    self.prototype = prototype
    var first: [Int] = []
    var index = 0
    for group in groups {
      first.append(index)
      index += group.files.count
    }
    firstInputIndex = first
    results = Array(repeating: nil, count: groups.count)
    super.init()
    pthread_mutex_init(&lock, nil)
  }

  deinit { pthread_mutex_destroy(&lock) }

  override func work() -> Bool {
    pthread_mutex_lock(&lock)
    let g = next
    next += 1
    pthread_mutex_unlock(&lock)
    guard g < groups.count else { return false }
    // The first group interns into the caller's names; the others into their own.
    let groupNames = g == 0 ? names : NameTable()
    var sink = prototype.emptyCopy(names: groupNames)
    var crossSeries = CrossSeriesState()
    let (totals, _) = Pipeline.runGroup(
      groups[g], groupIndex: g, firstInputIndex: firstInputIndex[g],
      options: options, names: groupNames, crossSeries: &crossSeries, sink: &sink)
    pthread_mutex_lock(&lock)
    results[g] = Result(sink: sink, names: groupNames, totals: totals)
    if crossSeries.mayBeRepeatedByAnotherSeries { groupsRepeatable += 1 }
    pthread_mutex_unlock(&lock)
    return true
  }
}
