import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// Everything `mailcodes grep` decides from its options before reading a byte: the filter and
/// how it prints, whether whole messages are selected, the line prefilter the run may use, and
/// whether the options go together. The one entry point of a grep run: a `GrepMatcher` is made
/// from a plan, and the run's `AnalysisOptions.prefilter` is the plan's.
public struct GrepPlan {
  public let filter: EventFilter
  public let options: GrepOptions
  /// Whole messages are selected (`--id`, `--from`, `--to` and no criterion that only an
  /// event can meet, such as a code or a client; not with `-v`).
  public let selectsMessages: Bool
  /// The lines the run may skip unparsed (`GrepPrefilter`); nil when every line is parsed.
  public let prefilter: LinePrefilter?

  public init(filter: EventFilter, options: GrepOptions) {
    self.filter = filter
    self.options = options
    selectsMessages = Self.selectsMessages(filter) && !options.invert
    prefilter = GrepPrefilter.make(filter: filter, options: options)
  }

  /// Why the options cannot go together (a usage error), or nil: `-A`, `-B`, `-C` need single
  /// lines, not whole sessions, whole messages or events.
  public var conflict: String? {
    let wholeMessages = !filter.ids.isEmpty || !filter.senders.isEmpty || !filter.recipients.isEmpty
    guard options.beforeContext > 0 || options.afterContext > 0,
      options.sessions || options.output == .events || wholeMessages
    else { return nil }
    return "-A, -B and -C print lines around matching lines: not with "
      + (options.sessions
        ? "-s (whole sessions are printed)"
        : wholeMessages ? "--id, --from or --to (whole messages are printed)" : "--format jsonl")
  }

  /// Whether `filter` selects whole messages (`--id`, `--from`, `--to` and no criterion that
  /// only an event can meet).
  static func selectsMessages(_ filter: EventFilter) -> Bool {
    guard !filter.ids.isEmpty || !filter.senders.isEmpty || !filter.recipients.isEmpty else { return false }
    var rest = filter
    rest.ids = []
    rest.senders = []
    rest.recipients = []
    rest.window = TimeExpression.Window()
    return rest.isEmpty
  }
}
