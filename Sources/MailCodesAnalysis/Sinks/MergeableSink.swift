import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A sink of counts that can be filled per input group and added up: what lets `Pipeline.run`
/// read several input groups in parallel.
///
/// Contract: for groups read in order A then B, `a.merge(b, names: namesOfB)` leaves `a` as
/// if one sink had read A then B (counts add, "first seen" values come from A, bounds apply
/// as far as a per-group sink can tell). Sinks that write output in order (`events`, a
/// `--unparsed` file) cannot merge and answer false to `canMergeInParallel`.
///
/// A mergeable sink never steers the reading: its `line` always returns `.proceed`, and it
/// reads no state of the run's parsing thread during the run (the `NameTable` only in
/// `finish` and `merge`). That is what lets `Pipeline` run it on a thread of its own, behind
/// the parsing thread (`DeferredSink`).
public protocol MergeableSink: AnalysisSink {
  /// An empty sink configured like this one, for a group read with `names`.
  func emptyCopy(names: NameTable) -> Self
  /// Adds `other`, which read later groups with its own `names`, into this sink.
  mutating func merge(_ other: Self, names: NameTable)
  /// Whether this sink may be filled per group in parallel (default true).
  var canMergeInParallel: Bool { get }
}

extension MergeableSink {
  public var canMergeInParallel: Bool { true }
}

extension SinkPair: MergeableSink where First: MergeableSink, Second: MergeableSink {
  public func emptyCopy(names: NameTable) -> SinkPair {
    SinkPair(first.emptyCopy(names: names), second.emptyCopy(names: names))
  }

  public mutating func merge(_ other: SinkPair, names: NameTable) {
    first.merge(other.first, names: names)
    second.merge(other.second, names: names)
  }

  public var canMergeInParallel: Bool { first.canMergeInParallel && second.canMergeInParallel }
}
