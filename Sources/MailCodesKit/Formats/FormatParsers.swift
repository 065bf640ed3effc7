/// The parsers of one input series, and the per-line choice between them (the format detector).
///
/// Syslog-style lines are parsed line by line, each by the family its tag names (`postfix/...`,
/// `exim`) or by Exim's own timestamp prefix, so one file may mix families. Lines no syslog
/// family claims are offered to the transcript parser, which recognizes transcripts from their
/// own markers. `--format FAMILY` forces a family for every line (`forced`).
struct FormatParsers {
  var postfix = PostfixParser()
  var exim = EximParser()
  var transcript = TranscriptParser()
  let forced: LogFamily?

  init(forced: LogFamily?) {
    self.forced = forced
  }

  mutating func beginInput() {
    exim.beginInput()
    transcript.beginInput()
  }

  mutating func parse(_ ctx: ParseContext, tracker: inout SessionTracker, into out: inout ParseOutput) {
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
    if exim.accepts(ctx) {
      exim.parse(ctx, tracker: &tracker, into: &out)
      return
    }
    if !ctx.envelope.hasHeader || ctx.programID == 0 || transcript.isActive {
      if transcript.parse(ctx, forced: false, tracker: &tracker, into: &out) { return }
    }
    out.lineClass = .ignored
    if !ctx.envelope.hasHeader, PostfixParser.looksLikeReply(ctx.line, from: 0),
      ctx.line.firstRange(of: "postfix") != nil
    {
      // A Postfix line whose header was damaged: mail, but not understood.
      out.lineClass = .unrecognized
    }
  }

  mutating func finish(tracker: inout SessionTracker, line: Int) {
    postfix.finish(tracker: &tracker, line: line)
    exim.finish(tracker: &tracker, line: line)
    transcript.finish(tracker: &tracker, line: line)
  }

  var postscreenHandoffs: Int { postfix.postscreenHandoffs }
}
