import MailCodesSupport
import MailCodesSMTP
import MailCodesKnowledge
import MailCodesExplain
import MailCodesInput
import MailCodesFormats
import MailCodesAnalysis

/// The JSON form of a `Summary` (schema `mailcodes.summary/1`), documented in README.
///
/// Top-level keys, in this order: `schema`, `generator`, `complete` (false when an input
/// could not be read to its end), `period` {first, last}, `window` {start, end} (the window
/// asked for, null sides when open), `totals`, `inputs`, `replies`,
/// `peers`, `sessions`, `session_peers`, `deliveries`, `hourly`, the message model's keys
/// (`messages` ... `daemon_problems`, see `SummaryJSON+Messages`), `limits`, `skipped_inputs`
/// (not read: last written before the window), `errors`, `warnings`. Rows are sorted by count (descending) then by key, so equal summaries print
/// equal documents. Counts are exact; `limits.overflowed_counts` says how many were kept
/// under "(other)" because a table reached its bound.
public enum SummaryJSON {
  public static func render(_ s: Summary) -> String {
    var doc = JSONDocument()
    doc.add("schema", json: Sanitizer.jsonString(Summary.schema))
    doc.add("generator", json: Sanitizer.jsonString(s.generator))
    doc.add("complete", json: s.errors.isEmpty ? "true" : "false")
    let period = s.period
    var p = JSONObjectWriter()
    p.string("first", period.first?.description)
    p.string("last", period.last?.description)
    doc.add("period", json: p.finish())
    var win = JSONObjectWriter()
    win.string("start", s.window.start.map { LogTimestamp(wallSeconds: $0).description })
    win.string("end", s.window.end.map { LogTimestamp(wallSeconds: $0).description })
    doc.add("window", json: win.finish())

    var t = JSONObjectWriter()
    t.number("lines", s.inputs.reduce(0) { $0 + $1.lines })
    t.number("recognized", s.inputs.reduce(0) { $0 + $1.recognized })
    t.number("ignored", s.inputs.reduce(0) { $0 + $1.ignored })
    t.number("unrecognized", s.inputs.reduce(0) { $0 + $1.unrecognized })
    t.number("events", s.inputs.reduce(0) { $0 + $1.events })
    t.number("replies", s.replies.total)
    t.number("sessions", s.sessions.total)
    doc.add("totals", json: t.finish())

    doc.add("inputs", rows: s.inputs.map { input in
      var w = JSONObjectWriter()
      w.string("name", input.name)
      w.number("lines", input.lines)
      w.number("bytes", input.bytes)
      w.bool("compressed", input.compressed)
      if let compression = input.compression { w.string("compression", compression) }
      // Only for inputs whose lines end in a lone CR (absent otherwise: LF or CRLF).
      if input.loneCRLineEnds { w.string("line_ends", "cr") }
      w.number("recognized", input.recognized)
      w.number("ignored", input.ignored)
      w.number("unrecognized", input.unrecognized)
      w.number("truncated_lines", input.truncatedLines)
      w.number("events", input.events)
      var f = JSONObjectWriter()
      for (name, n) in input.formats.sorted(by: { $0.key < $1.key }) { f.number(name, n) }
      w.raw("formats", f.finish())
      if let transcript = input.transcript { w.string("transcript", transcript) }
      w.string("first", input.first?.description)
      w.string("last", input.last?.description)
      w.number("time_reversals", input.timeReversals)
      w.number("year_rollovers", input.yearRollovers)
      w.string("error", input.error)
      w.string("warning", input.warning)
      return w.finish()
    })

    doc.add("replies", rows: s.replies.sorted(by: <).map { key, n in
      var w = JSONObjectWriter()
      SummaryJSON.replyFields(key, into: &w)
      w.number("count", n)
      w.string("meaning", key.code == 0 && key.hint != .none ? key.hint.description
        : CodeMeanings.oneLine(code: key.code == 0 ? nil : Int(key.code), enhanced: key.enhanced))
      w.string("sample", s.samples[key])
      return w.finish()
    })

    doc.add("peers", rows: s.peers.sorted(by: <).map { key, n in
      var w = JSONObjectWriter()
      SummaryJSON.replyFields(key.reply, into: &w)
      w.optionalString("peer", key.peer)
      w.number("count", n)
      return w.finish()
    })

    doc.add("sessions", rows: s.sessions.sorted(by: <).map { key, n in
      var w = JSONObjectWriter()
      w.string("format", key.family.description)
      w.string("direction", key.direction.description)
      w.string("outcome", key.outcome.description)
      w.optionalString("stage", key.stage.description)
      w.bool("without_quit", key.withoutQuit)
      w.number("count", n)
      return w.finish()
    })

    doc.add("session_peers", rows: s.sessionPeers.sorted(by: <).map { key, n in
      var w = JSONObjectWriter()
      w.string("outcome", key.outcome.description)
      w.optionalString("stage", key.stage.description)
      w.string("direction", key.direction.description)
      w.optionalString("peer", key.peer)
      w.number("count", n)
      return w.finish()
    })

    doc.add("deliveries", rows: s.deliveries.sorted(by: <).map { key, n in
      var w = JSONObjectWriter()
      w.optionalString("status", key.status)
      w.string("kind", key.kind.description)
      w.optionalString("remote", key.remote)
      w.number("code", key.code == 0 ? nil : Int(key.code))
      w.optionalString("enhanced", key.enhanced)
      w.optionalString("command", key.command.description)
      w.number("count", n)
      return w.finish()
    })

    doc.add("hourly", rows: s.hourly.counts.sorted { $0.key < $1.key }.map { key, n in
      var w = JSONObjectWriter()
      w.string("hour", key.hour)
      w.string("class", key.replyClass == 0 ? nil : "\(key.replyClass)xx")
      w.number("count", n)
      return w.finish()
    })

    addMessages(s, to: &doc)

    var l = JSONObjectWriter()
    l.number("truncated_lines", s.limits.truncatedLines)
    l.number("evicted_sessions", s.limits.evictedSessions)
    l.number("unterminated_sessions", s.limits.unterminatedSessions)
    l.number("postscreen_handoffs", s.limits.postscreenHandoffs)
    l.number("overflowed_counts", s.limits.overflowedCounts + s.peers.overflow + s.sessionPeers.overflow
      + s.deliveries.overflow)
    doc.add("limits", json: l.finish())
    doc.add("skipped_inputs", rows: s.skippedInputs.map { Sanitizer.jsonString($0) })
    doc.add("errors", rows: s.errors.map { Sanitizer.jsonString($0) })
    doc.add("warnings", rows: s.warnings.map { Sanitizer.jsonString($0) })
    return doc.render()
  }

  /// The fields of a reply key: direction, code, enhanced, command, kind, inferred, hint.
  static func replyFields(_ key: Summary.ReplyKey, into w: inout JSONObjectWriter) {
    w.string("direction", key.direction.description)
    w.number("code", key.code == 0 ? nil : Int(key.code))
    w.optionalString("enhanced", key.enhanced)
    w.optionalString("command", key.command.description)
    w.string("kind", key.kind.description)
    w.bool("inferred", key.inferred)
    w.optionalString("hint", key.hint.name)
  }
}
