import MailCodesInput
import MailCodesSMTP

/// What the parsers carry from one input series of a run to the next.
///
/// Series are read by parsers of their own (`FormatDetector`, one per series or per parallel
/// group); one thing must span them: Exim writes each rejection to its mainlog and its
/// rejectlog, two series, and the filter that counts such a line once must have seen both
/// (`EximDuplicateFilter`). The pipeline makes one state per run and lends it to each series'
/// detector while that series is read (`FormatDetector.exchange(_:)`).
public struct CrossSeriesState {
  var eximDuplicates = EximDuplicateFilter()

  /// - Parameter inputs: how many inputs the run reads; with one, nothing can repeat another
  ///   input and the state is never consulted.
  public init(inputs: Int = 2) {
    eximDuplicates.isEnabled = inputs > 1
  }

  /// Whether a series read with this state held lines that another series may repeat: series
  /// read in parallel, each with a state of its own, must then be read again in order when
  /// more than one of them did.
  public var mayBeRepeatedByAnotherSeries: Bool { !eximDuplicates.isEmpty }
}
