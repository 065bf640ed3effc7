/// The parsers of one input series, and the per-line choice between them.
///
/// Syslog-style inputs are parsed line by line, each line by the family its tag names
/// (`postfix/...`, `exim`), so one file may mix families; lines of other programs are ignored.
/// A forced family (`--format`) skips the choice for lines without a recognized tag.
struct FormatParsers {
  var postfix = PostfixParser()
  let forced: LogFamily?

  init(forced: LogFamily?) {
    self.forced = forced
  }

  mutating func parse(_ ctx: ParseContext, tracker: inout SessionTracker, into out: inout ParseOutput) {
    if ctx.programID != 0, postfix.accepts(ctx) {
      postfix.parse(ctx, tracker: &tracker, into: &out)
      return
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
  }

  var postscreenHandoffs: Int { postfix.postscreenHandoffs }
}
