import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Tells the formats apart and hands each line to its parser: Postfix, Exim or transcripts.
///
/// It holds the parsers of one input series. Detection works at two levels: per line for
/// syslog-style input, per input for transcripts (the transcript parser recognizes a dialect
/// from an input's first lines), so a syslog file from two hosts, one with Postfix and one
/// with Exim, next to dovecot or opendkim lines, is read correctly.
///
/// Syslog-style lines are parsed line by line, each by the family its tag names (`postfix/...`,
/// `exim`) or by Exim's own timestamp prefix, so one file may mix families. Lines without a
/// syslog tag (and every line of an input found to be a transcript) are offered to the
/// transcript parser first, which takes only lines with its dialects' markers: a capture
/// tool's time stamp can look like Exim's. `--input-format FAMILY` (`forced`) reads every line
/// with that family's parser alone: a forced Postfix read of an Exim log recognizes nothing.
public struct FormatDetector {
  var postfix = PostfixParser()
  var exim = EximParser()
  var transcript = TranscriptParser()
  let forced: LogFamily?

  public init(forced: LogFamily?) {
    self.forced = forced
  }

  public mutating func beginInput() {
    postfix.beginInput()
    exim.beginInput()
    transcript.beginInput()
  }

  /// Lends the run's `CrossSeriesState` to this series' parsers (call again to take it back).
  public mutating func exchange(_ state: inout CrossSeriesState) {
    swap(&exim.duplicates, &state.eximDuplicates)
  }

  /// Whether a line prefilter may skip lines of a run read as `forced`: transcripts are read
  /// whole (a dialect is recognized from an input's first lines, and replies are matched with
  /// the commands before them).
  public static func allowsLinePrefilter(forced: LogFamily?) -> Bool { forced != .transcript }

  /// What the current input was read as when it is not a syslog log (`swaks transcript,
  /// client side (outbound)`), for the report; nil for a syslog log.
  public var inputDescription: String? { transcript.inputDescription }

  public mutating func parse(_ ctx: ParseContext, tracker: inout SessionTracker, into out: inout ParseOutput) {
    switch forced {
    case .transcript?:
      transcript.parse(ctx, tracker: &tracker, into: &out)
      return
    case .exim?:
      // Every line is Exim's (a custom syslog tag included) except those of Postfix's daemons.
      if ctx.programID != 0, postfix.accepts(ctx) {
        out.lineClass = .ignored
        return
      }
      exim.parse(ctx, tracker: &tracker, into: &out)
      return
    case .postfix?:
      // Postfix only: Exim's lines (its own time stamps or an `exim` tag) and header-less
      // lines are not read as anything else.
      if ctx.programID != 0, !exim.accepts(ctx) {
        postfix.parse(ctx, tracker: &tracker, into: &out)
      } else {
        out.lineClass = .ignored
        markDamagedPostfix(ctx, &out)
      }
      return
    case nil:
      break
    }
    if ctx.programID != 0 {
      let daemon = postfix.daemon(ctx)
      if daemon != .notPostfix {
        postfix.parse(ctx, daemon: daemon, tracker: &tracker, into: &out)
        return
      }
    }
    // Before Exim: a transcript's own time stamps can look like Exim's (`2026-11-29 00:12:07
    // <-  220 ...`), and the transcript parser only takes lines with its dialect's markers.
    if !ctx.envelope.hasHeader || ctx.programID == 0 || transcript.isActive {
      if transcript.parse(ctx, forced: false, tracker: &tracker, into: &out) { return }
    }
    if exim.accepts(ctx) {
      exim.parse(ctx, tracker: &tracker, into: &out)
      return
    }
    out.lineClass = .ignored
    markDamagedPostfix(ctx, &out)
  }

  /// Whether `parse` would read the line as one of Postfix's smtpd (its tag names smtpd).
  public mutating func readsAsPostfixSMTPD(_ ctx: ParseContext) -> Bool {
    guard ctx.programID != 0 else { return false }
    switch forced {
    case nil: return postfix.daemon(ctx) == .smtpd
    case .postfix?: return !exim.accepts(ctx) && postfix.daemon(ctx) == .smtpd
    case .exim?, .transcript?: return false
    }
  }

  /// A Postfix line whose header was damaged is mail, but not understood: unrecognized.
  @inline(__always)
  private func markDamagedPostfix(_ ctx: ParseContext, _ out: inout ParseOutput) {
    // The cheap memchr-based test first: most header-less lines are no Postfix lines at all.
    if !ctx.envelope.hasHeader, ctx.line.firstRange(of: "postfix") != nil,
      PostfixParser.looksLikeReply(ctx.line, from: 0)
    {
      out.lineClass = .unrecognized
    }
  }

  public mutating func finish(tracker: inout SessionTracker, line: Int) {
    // Transcripts first: Postfix's finish ends every session still open as `open`.
    transcript.finish(tracker: &tracker, line: line)
    postfix.finish(tracker: &tracker, line: line)
    exim.finish(tracker: &tracker, line: line)
  }

  public var postscreenHandoffs: Int { postfix.postscreenHandoffs }

  /// Whether every line must be parsed from now on (no line prefilter): a transcript is being
  /// read, or Postfix lines whose tags name no daemon were seen (rsyslog's cut RFC 5424
  /// APP-NAME: the tag-based literals of `InferredReply`, such as `postscreen`, are missing).
  public var needsEveryLine: Bool { transcript.isActive || postfix.sawUnnamedTag }
}
