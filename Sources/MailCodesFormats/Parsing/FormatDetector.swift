import MailCodesSupport
import MailCodesSMTP
import MailCodesKnowledge
import MailCodesInput

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
/// tool's time stamp can look like Exim's. `--format FAMILY` forces a family for every line
/// (`forced`).
public struct FormatDetector {
  var postfix = PostfixParser()
  public var exim = EximParser()
  public var transcript = TranscriptParser()
  let forced: LogFamily?

  public init(forced: LogFamily?) {
    self.forced = forced
  }

  public mutating func beginInput() {
    exim.beginInput()
    transcript.beginInput()
  }

  public mutating func parse(_ ctx: ParseContext, tracker: inout SessionTracker, into out: inout ParseOutput) {
    switch forced {
    case .transcript?:
      if transcript.parse(ctx, forced: true, tracker: &tracker, into: &out) { return }
      out.lineClass = .ignored
      return
    case .exim?:
      if ctx.programID == 0 || !postfix.accepts(ctx) {
        exim.parse(ctx, tracker: &tracker, into: &out)
        return
      }
    case .postfix?:
      if ctx.programID != 0, !exim.accepts(ctx) {
        postfix.parse(ctx, tracker: &tracker, into: &out)
        return
      }
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
    // The cheap memchr-based test first: most header-less lines are no Postfix lines at all.
    if !ctx.envelope.hasHeader, ctx.line.firstRange(of: "postfix") != nil,
      PostfixParser.looksLikeReply(ctx.line, from: 0)
    {
      // A Postfix line whose header was damaged: mail, but not understood.
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
