import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The codes `EximParser` infers, with the lines that lead to them (see `InferredReply`).
///
/// Nearly every Exim inference is line-local: the code follows from the line's own words (the
/// stage of an ACL refusal, the kind of timeout or refusal), never from its session. Two
/// depend on an earlier line, whose literals are listed with them: the 500 of `too many
/// unrecognized commands` is not counted again after the `SMTP syntax error` line that gave it;
/// the 221 of a `no MAIL` line whose history ends in QUIT is inferred only in a log without
/// `+smtp_connection` lines, which `closed by QUIT` (kept for 221) would show. A rejection that
/// Exim wrote to the mainlog and the rejectlog is counted once in either mode: both copies hold
/// the same text, so a prefilter keeps both or neither.
enum EximInferredReplies {
  static let table: [InferredReply] = [
    InferredReply(
      .exim, 221, nil, ["closed by QUIT", "no MAIL in "],
      "SMTP connection from HOST closed by QUIT; no MAIL ... C=...,QUIT without +smtp_connection"),
    InferredReply(
      .exim, 421, nil,
      [
        " closed after SIG", " closed SIG", "SMTP command timeout on ", "SMTP data timeout", " refused",
        "too many messages in one connection", "local_scan() function ",
      ],
      "closed after SIGTERM (SIGTERM in DATA), command and data timeouts, daemon and tcp-wrapper refusals, local_scan() timeouts and crashes"
    ),
    InferredReply(
      .exim, 451, nil, ["temporarily rejected", "temporarily refused connection from"],
      "temporarily rejected by an ACL, helo_verify or local_scan; tcp wrappers"),
    InferredReply(.exim, 452, nil, ["too many recipients"], "too many recipients: excess temporarily rejected"),
    InferredReply(.exim, 458, nil, ["rejected ETRN"], "ETRN refused by an ACL"),
    InferredReply(.exim, 252, nil, ["rejected VRFY"], "VRFY refused by an ACL"),
    InferredReply(
      .exim, 500, nil, ["SMTP syntax error in", "too many unrecognized commands"],
      "unrecognized command; the drop after too many of them, unless its syntax error line was logged"),
    InferredReply(
      .exim, 501, nil,
      [
        "rejected EHLO from", "rejected HELO from", "SMTP syntax error in", "SMTP protocol error in",
        "unqualified sender rejected", "unqualified recipient rejected",
      ],
      "invalid HELO, syntax and protocol errors, unqualified addresses"),
    InferredReply(
      .exim, 503, nil, ["rejected AUTH", "no HELO/EHLO given", "SMTP protocol error in"],
      "AUTH refused by an ACL, MAIL before HELO, protocol errors"),
    InferredReply(.exim, 504, nil, ["SMTP protocol error in"], "unsupported authentication mechanism, zero-size BDAT"),
    InferredReply(
      .exim, 550, nil, ["rejected", "VRFY failed for", " (= "],
      "ACL refusals without a code of their own, helo_verify, too many Received headers, VRFY failed, fakereject"),
    InferredReply(
      .exim, 552, nil, ["message too big", "too many recipients", "Non-CRLF-terminated header"],
      "size limits, a CHUNKING header without CRLF"),
    InferredReply(
      .exim, 554, nil,
      ["synchronization error", "refused connection from", "refused (IP options)", "too many nonmail commands"],
      "synchronization errors, host_reject_connection, IP options, too many nonmail commands"),
  ]
}
