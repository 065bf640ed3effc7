import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// The engine's knobs. Every bound is explicit, and every time a bound is hit it is counted.
public struct AnalysisOptions: Sendable {
  /// Bytes per `read(2)`.
  public var chunkSize = 256 * 1024
  /// Longer lines are truncated to this many bytes and counted.
  public var maxLineLength = 64 * 1024
  /// Open sessions kept per input series; the oldest is evicted (and counted) beyond it.
  public var maxOpenSessions = 100_000
  /// The year of the first classic syslog timestamp (`--year`); otherwise inferred.
  public var year: Int?
  /// Reads every input as this family (`--format postfix|exim|transcript`); nil: detect.
  public var family: LogFamily?
  /// "Now", for year inference on standard input (default: the clock).
  public var now: Int64?
  /// Skip files last written more than an hour before this log wall-clock time (a time
  /// window's start): every line of such a file is older than the window.
  public var skipFilesWrittenBefore: Int64?
  /// Lines that contain none of the prefilter's literals are not parsed: no events, no
  /// session changes (see `LinePrefilter` for the contract). Only for callers that need no
  /// sessions, such as `grep -c CODE`. nil: every line is parsed.
  public var prefilter: LinePrefilter?
  /// Threads for reading independent input groups in parallel (sinks that merge, see
  /// `MergeableSink`); nil: one per online processor, 1: everything in order.
  public var threads: Int?
  /// With a prefilter, a regular file is read and searched for the literals ahead, on a
  /// thread of its own, in blocks of this many bytes (`PrefetchingSource`): the reading
  /// thread then only parses the lines kept. nil, or `threads` 1: no thread of its own.
  public var readAheadBlockSize: Int? = 1 << 20

  public init() {}

  /// Year and month of a UTC instant.
  static func yearMonth(utcSeconds: Int64) -> (year: Int, month: Int) {
    let d = CivilDate.date(days: utcSeconds >= 0 ? utcSeconds / 86400 : (utcSeconds - 86399) / 86400)
    return (d.year, d.month)
  }

  /// A UTC instant as the local wall clock (log times of syslog are local).
  public static func localWallClock(utcSeconds: Int64) -> Int64 {
    LocalClock.wallSeconds(utcSeconds: utcSeconds)
  }

  public func yearInference(modificationTime: Int64?) -> YearInference {
    if let year { return YearInference(explicitYear: year) }
    let reference = modificationTime ?? now ?? Int64(time(nil))
    let ym = AnalysisOptions.yearMonth(utcSeconds: reference)
    return YearInference(referenceYear: ym.year, referenceMonth: ym.month)
  }
}
