import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The codes `PostfixParser` infers, with the lines that lead to them (see `InferredReply`).
///
/// Line-local inferences list the line's own words. Two depend on the session: the 221 of a
/// `disconnect` (QUIT answered, unless an earlier line ended the session another way; a
/// session without its `connect from` line counts only `quit=N` counters) and postscreen's
/// replies at `DISCONNECT` (521 after a failed test, 221 otherwise) and to commands of an
/// open postscreen session. Their literals name every line that opens, ends, hands over or
/// marks those sessions.
///
/// Exact on logs as Postfix writes them. Not covered (documented in `LinePrefilter`): a full
/// session table (sessions evicted by opens the prefilter skipped) and a postscreen line about
/// a client port after smtpd took that connection over (postscreen writes none).
enum PostfixInferredReplies {
  /// smtpd lines that open, end or decide the outcome of an smtpd session (`connect from` is
  /// also inside `disconnect from`), and postscreen lines that open, test, pass, hang up,
  /// drop or end a postscreen session.
  static let smtpdSessionLines = [
    "connect from", "timeout after ", "lost connection after ", "too many errors after ", " limit exceeded",
    "421", "521",
  ]
  /// Every postscreen line: its syslog tag ends in `postscreen` (`postfix/postscreen`,
  /// `postfix-in/postscreen`), so one literal stands for all the lines that open, test, pass,
  /// hang up, drop or end a postscreen session (a few percent of a log).
  static let postscreenLines = ["postscreen"]
  /// postscreen lines, and smtpd's `connect from`, which takes over a session that passed:
  /// what decides the reply at `DISCONNECT`. A reply that needs only an open postscreen
  /// session names `postscreenLines` alone: after a take-over, postscreen logs nothing more
  /// about that connection.
  static let postscreenSessionLines = postscreenLines + ["connect from"]
  /// What the replies inferred from the `disconnect` counters depend on (`CounterInference`):
  /// the session's lines, and every line that explains a failed command (reject lines of every
  /// action, warnings with a reply, `hangup:`, `abort: TLS`) or marks the session (a CONNECT
  /// reject, `improper command pipelining`, a queued message).
  /// ` after ` stands for `timeout after `, `lost connection after `, `too many errors after `
  /// and `improper command pipelining after` (a superset in one literal: fewer anchors for the
  /// search that finds them, the most frequent lines of a log).
  static let smtpdCounterLines = [
    "connect from", " after ", " limit exceeded", "421", "521", "reject: ", "reject_warning: ", "warning: ",
    "hangup: ", "abort: TLS", "client=",
  ]

  /// What postscreen's reply to DATA or BDAT needs: its own line, and postscreen's `CONNECT
  /// from`, which opens the session the line must find. No other postscreen line is needed
  /// (a quarter of the lines of a log behind postscreen): postscreen writes nothing about a
  /// connection after its `DISCONNECT` or after handing it to smtpd, so the line finds its
  /// session open exactly when that session's `CONNECT from` was read (within the session
  /// table's bound, `LinePrefilter`).
  static let postscreenDataLines = ["CONNECT from", "without valid RCPT"]

  static let table: [InferredReply] = [
    InferredReply(
      .postfix, 535, "5.7.8", [" authentication failed"], "smtpd: warning: NAME[IP]: SASL ... authentication failed"),
    InferredReply(
      .postfix, 454, "4.7.0", [" authentication failed"], "smtpd: SASL failure of the authentication server"),
    InferredReply(.postfix, 421, "4.4.2", ["timeout after "], "smtpd: timeout after CMD"),
    InferredReply(
      .postfix, 421, "4.7.0", ["too many errors after ", " limit exceeded"],
      "smtpd: too many errors after CMD; anvil connection and TLS limits"),
    InferredReply(.postfix, 450, "4.7.1", [" limit exceeded"], "smtpd: anvil message and recipient rate limits"),
    InferredReply(.postfix, 552, "5.3.4", [" limit exceeded"], "smtpd: QUEUEID: queue file size limit exceeded"),
    InferredReply(.postfix, 550, nil, ["reject: "], "reject lines that print only an enhanced 5.x.x code"),
    InferredReply(.postfix, 451, nil, ["reject: "], "reject lines that print only an enhanced 4.x.x code"),
    InferredReply(
      .postfix, 221, "2.0.0", smtpdCounterLines + postscreenSessionLines,
      "smtpd disconnect counters (quit=1, or no counters); postscreen DISCONNECT without a failed test"),
    InferredReply(.postfix, 221, "2.7.0", ["non-SMTP command"], "smtpd: warning: non-SMTP command from CLIENT"),
    InferredReply(.postfix, 501, "5.7.0", [" authentication aborted"], "smtpd: SASL ... authentication aborted"),
    InferredReply(.postfix, 454, "4.7.0", ["Refusing STARTTLS"], "smtpd: Refusing STARTTLS request"),
    InferredReply(.postfix, 421, "4.7.1", ["abort: TLS"], "smtpd: NOQUEUE: abort: TLS (client certificate)"),
    // Only for a queue id that `client=` linked to an open smtpd session.
    InferredReply(
      .postfix, 554, "5.4.0", ["hopcount exceeded"], "cleanup: message rejected: hopcount exceeded",
      sessionLiterals: ["connect from", "client="]),
    InferredReply(.postfix, 550, "5.6.0", ["reject: mime-error"], "cleanup: reject: mime-error"),
    InferredReply(.postfix, 501, "5.1.7", ["Illegal address syntax"], "smtpd: Illegal address syntax in MAIL"),
    InferredReply(.postfix, 501, "5.1.3", ["Illegal address syntax"], "smtpd: Illegal address syntax in RCPT/VRFY"),
    InferredReply(
      .postfix, 552, "5.3.4", ["exceeds message size limit"], "smtpd: BDAT request exceeds message size limit"),
    InferredReply(.postfix, 521, "5.5.4", ["malformed BDAT command"], "smtpd: malformed BDAT command syntax"),
    InferredReply(.postfix, 554, nil, ["milter-reject: CONNECT"], "smtpd: a Milter's 5xx at CONNECT is sent as 554"),
    InferredReply(.postfix, 421, nil, ["milter-reject: CONNECT"], "smtpd: a Milter's 421 at CONNECT"),
    InferredReply(
      .postfix, nil, "5.5.2", ["bare <LF> received"], "smtpd: reject: bare <LF> received (code configurable)"),
    InferredReply(
      .postfix, 503, "5.7.0", smtpdCounterLines, "smtpd counters: commands after a CONNECT reject",
      counterReplies: .afterConnectReject),
    InferredReply(
      .postfix, 500, "5.5.2", smtpdCounterLines, "smtpd counters: unknown=G/N", counterReplies: .unknownCommand),
    InferredReply(
      .postfix, 554, "5.5.1", smtpdCounterLines, "smtpd counters: DATA without a valid recipient",
      counterReplies: .noValidRecipients),
    InferredReply(
      .postfix, 503, "5.5.1", smtpdCounterLines, "smtpd counters: RCPT and DATA outside a transaction",
      counterReplies: .outsideTransaction),
    InferredReply(
      .postfix, 554, "5.5.0", smtpdCounterLines,
      "smtpd counters: the command after improper command pipelining (forbidden)",
      counterReplies: .improperPipelining),
    InferredReply(
      .postfix, 421, "4.3.2", ["reject: CONNECT from", "reject: connect from"],
      "postscreen: NOQUEUE: reject: CONNECT (busy), reject: connect from (screening ports busy)"),
    InferredReply(.postfix, 421, nil, postscreenLines, "postscreen: COMMAND COUNT LIMIT, COMMAND LENGTH LIMIT"),
    InferredReply(
      .postfix, 502, "5.5.2", postscreenLines,
      "postscreen: a NON-SMTP COMMAND that was not dropped (the session went on)"),
    InferredReply(.postfix, 521, "5.7.1", postscreenSessionLines, "postscreen: DISCONNECT after a DNSBL rank"),
    InferredReply(.postfix, 421, "4.7.0", ["reject: CONNECT from"], "postscreen: NOQUEUE: reject: CONNECT"),
    InferredReply(
      .postfix, 421, "4.4.2", postscreenLines,
      "postscreen: COMMAND TIME LIMIT in an open session"),
    InferredReply(
      .postfix, 554, "5.5.1", postscreenDataLines,
      "postscreen: DATA/BDAT without valid RCPT in an open session"),
    InferredReply(.postfix, 521, "5.3.2", postscreenSessionLines, "postscreen: DISCONNECT after a denylist"),
    InferredReply(.postfix, 521, "5.7.0", postscreenSessionLines, "postscreen: DISCONNECT after a non-SMTP command"),
    InferredReply(.postfix, 521, "5.5.1", postscreenSessionLines, "postscreen: DISCONNECT after another failed test"),
  ]
}
