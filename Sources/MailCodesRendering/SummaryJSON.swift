import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The JSON form of a `Summary` (schema `mailcodes.summary/1`), documented in README.
///
/// Top-level keys, in this order: `schema`, `generator`, `complete` (false when the report may
/// miss problems: an input could not be read to its end, or `CoverageGap`), `incomplete_reasons`
/// (one object per `CoverageGap`: `reason`, `input`, `daemon`, `lines` and `unrecognized` for
/// line reasons, `message`), `period` {first, last}, `window` {start, end, lines} (the window
/// asked for, null sides when open; `lines`: log lines inside it, null without a window;
/// `empty_parts`, only in a merge of windows of which some held no line: their bounds),
/// `totals`, `inputs` (with `daemons`: recognized, ignored, unrecognized per mail program, and
/// `fingerprint`: file (`DEVICE:INODE`), size, modified, first_line_fnv1a, what `merge` compares), `replies`,
/// `peers`, `sessions`, `session_peers`, `deliveries`, `hourly`, the message model's keys
/// (`messages` ... `daemon_problems`, see `SummaryJSON+Messages`), `tls`, `tls_use`, `sasl`,
/// `postscreen`, `dnsbl`, `durations` (see `writeSessionStats`), `limits` (with `full_tables`:
/// the tables that reached their bound, and their counts under the peer, remote or hour
/// `"(other)"`), `skipped_inputs`
/// (not read: last written before the window), `errors`, `warnings`. Rows are sorted by count (descending) then by key, so equal summaries print
/// equal documents. Counts are exact; `limits.overflowed_counts` says how many were kept
/// under "(other)" because a table reached its bound.
public enum SummaryJSON {
  public static func render(_ s: Summary) -> String {
    let output = ByteOutput(.memory)
    write(s, to: output)
    output.flush()
    return output.text
  }

  /// Writes `render(s)` to `output` as it is made: the large arrays (`peers`,
  /// `session_peers`, `deliveries`: a row per client address of a busy server) go out row by
  /// row, each row through one reused buffer, in the order of their sorted row numbers. The
  /// document is never held whole, so the JSON report needs little more memory than the
  /// summary itself. The caller flushes `output`.
  public static func write(_ s: Summary, to output: ByteOutput) {
    var doc = JSONDocumentStream(output)
    doc.field("schema", json: Sanitizer.jsonString(Summary.schema))
    doc.field("generator", json: Sanitizer.jsonString(s.generator))
    let gaps = s.coverageGaps
    doc.field("complete", json: s.errors.isEmpty && gaps.isEmpty ? "true" : "false")
    doc.rows(
      "incomplete_reasons",
      gaps.map { gap in
        var w = JSONObjectWriter()
        w.string("reason", gap.kind.rawValue)
        w.string("input", gap.input)
        w.string("daemon", gap.daemon)
        if gap.kind == .nothingRecognized || gap.kind == .unrecognizedLines {
          w.number("lines", gap.lines)
          w.number("unrecognized", gap.unrecognized)
        }
        w.string("message", gap.message)
        return w.finish()
      })
    let period = s.period
    var p = JSONObjectWriter()
    p.string("first", period.first?.description)
    p.string("last", period.last?.description)
    doc.field("period", json: p.finish())
    var win = JSONObjectWriter()
    win.string("start", s.window.startTimestamp?.description)
    win.string("end", s.window.endTimestamp?.description)
    // Lines inside the window: 0 means the logs do not cover it (`incomplete_reasons`).
    win.number("lines", s.windowLines)
    // Only in merged summaries with a part that held no line: each such part's bounds.
    if !s.emptyWindows.isEmpty {
      win.raw(
        "empty_parts",
        "["
          + s.emptyWindows.map { part in
            var w = JSONObjectWriter()
            w.string("start", part.startTimestamp?.description)
            w.string("end", part.endTimestamp?.description)
            return w.finish()
          }.joined(separator: ",") + "]")
    }
    doc.field("window", json: win.finish())

    var t = JSONObjectWriter()
    t.number("lines", s.inputs.reduce(0) { $0 + $1.lines })
    t.number("recognized", s.inputs.reduce(0) { $0 + $1.recognized })
    t.number("ignored", s.inputs.reduce(0) { $0 + $1.ignored })
    t.number("unrecognized", s.inputs.reduce(0) { $0 + $1.unrecognized })
    t.number("events", s.inputs.reduce(0) { $0 + $1.events })
    t.number("replies", s.replies.total)
    t.number("sessions", s.sessions.total)
    doc.field("totals", json: t.finish())

    var w = JSONObjectWriter()
    doc.beginRows("inputs")
    for input in s.inputs {
      doc.nextRow()
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
      var d = JSONObjectWriter()
      for (name, counts) in input.daemons.sorted(by: { $0.key < $1.key }) {
        var c = JSONObjectWriter()
        c.number("recognized", counts.recognized)
        c.number("ignored", counts.ignored)
        c.number("unrecognized", counts.unrecognized)
        d.raw(name, c.finish())
      }
      w.raw("daemons", d.finish())
      if let transcript = input.transcript { w.string("transcript", transcript) }
      w.string("first", input.first?.description)
      w.string("last", input.last?.description)
      w.number("time_reversals", input.timeReversals)
      w.number("year_rollovers", input.yearRollovers)
      w.string("error", input.error)
      w.string("warning", input.warning)
      // What tells this input from another for `mailcodes merge` (null parts: not a file).
      var print = JSONObjectWriter()
      // Device and inode as text: JSON numbers are doubles, and inodes may need 64 bits.
      print.string("file", input.identity.map { "\($0.device):\($0.inode)" })
      print.number("size", input.identity.map { Int($0.size) })
      print.string(
        "modified", input.modificationTime.map { LogTimestamp(wallSeconds: $0, utcOffsetMinutes: 0).description })
      print.string("first_line_fnv1a", input.firstLineHash.map { SummaryJSON.hex($0) })
      w.raw("fingerprint", print.finish())
      w.finish(into: output)
    }
    doc.endRows()

    doc.beginRows("replies")
    s.replies.forEachSorted(by: <) { key, n in
      doc.nextRow()
      SummaryJSON.replyFields(key, into: &w)
      w.number("count", n)
      w.string(
        "meaning",
        key.code == 0 && key.hint != .none
          ? key.hint.description
          : CodeMeanings.oneLine(code: key.code == 0 ? nil : Int(key.code), enhanced: key.enhanced))
      w.string("sample", s.samples[key])
      w.finish(into: output)
    }
    doc.endRows()

    // A reply kind's fields are the same in each of its many peer rows: written once per kind.
    var replyFieldTexts = FastDictionary<Summary.ReplyKey, [UInt8]>(capacity: 64)
    doc.beginRows("peers")
    let peers = s.peers.entries
    for row in SummaryJSON.peerOrder(peers) {
      let (key, n) = peers[Int(row)]
      doc.nextRow()
      if let fields = replyFieldTexts[key.reply] {
        w.appendFields(fields)
      } else {
        SummaryJSON.replyFields(key.reply, into: &w)
        replyFieldTexts[key.reply] = w.fieldsWritten
      }
      w.optionalString("peer", key.peer)
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()

    doc.beginRows("sessions")
    s.sessions.forEachSorted(by: <) { key, n in
      doc.nextRow()
      w.string("format", key.family.description)
      w.string("direction", key.direction.description)
      w.string("outcome", key.outcome.description)
      w.optionalString("stage", key.stage.description)
      w.bool("without_quit", key.withoutQuit)
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()

    doc.beginRows("session_peers")
    s.sessionPeers.forEachSorted(by: <) { key, n in
      doc.nextRow()
      w.string("outcome", key.outcome.description)
      w.optionalString("stage", key.stage.description)
      w.string("direction", key.direction.description)
      w.optionalString("peer", key.peer)
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()

    doc.beginRows("deliveries")
    s.deliveries.forEachSorted(by: <) { key, n in
      doc.nextRow()
      w.optionalString("status", key.status)
      w.string("kind", key.kind.description)
      w.optionalString("remote", key.remote)
      w.number("code", key.code == 0 ? nil : Int(key.code))
      w.optionalString("enhanced", key.enhanced)
      w.optionalString("command", key.command.description)
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()

    doc.beginRows("hourly")
    for (key, n) in s.hourly.counts.sorted(by: { $0.key < $1.key }) {
      doc.nextRow()
      w.string("hour", key.hour)
      w.string("class", key.replyClass == 0 ? nil : "\(key.replyClass)xx")
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()
    writeSessionStats(s.sessionStats, into: &doc)

    addMessages(s, to: &doc)

    var l = JSONObjectWriter()
    l.number("truncated_lines", s.limits.truncatedLines)
    l.number("evicted_sessions", s.limits.evictedSessions)
    l.number("unterminated_sessions", s.limits.unterminatedSessions)
    l.number("postscreen_handoffs", s.limits.postscreenHandoffs)
    l.number(
      "overflowed_counts",
      s.limits.overflowedCounts + s.peers.overflow + s.sessionPeers.overflow
        + s.deliveries.overflow + s.sessionStats.overflowedCounts)
    // The tables that reached their bound: their counts under "(other)" (rows stay exact; the
    // number of distinct peers of such a table is a lower bound).
    var full = JSONObjectWriter()
    for table in s.fullTables { full.number(table.table, table.countsInOther) }
    l.raw("full_tables", full.finish())
    doc.field("limits", json: l.finish())
    doc.rows("skipped_inputs", s.skippedInputs.map { Sanitizer.jsonString($0) })
    doc.rows("errors", s.errors.map { Sanitizer.jsonString($0) })
    doc.rows("warnings", s.warnings.map { Sanitizer.jsonString($0) })
    doc.finish()
  }

  /// The row numbers of `peers` in the order of `Tally.sorted(by: <)`: count descending, then
  /// reply kind, then peer. The few dozen reply kinds are ranked once, so that rows compare
  /// two integers and only rows of one count and kind compare their peers' texts (a busy
  /// server's tally holds hundreds of thousands of rows).
  static func peerOrder(_ peers: [(key: Summary.PeerKey, count: Int)]) -> [UInt32] {
    precondition(peers.count <= Int(UInt32.max), "more rows than row numbers")
    var kindNumbers = FastDictionary<Summary.ReplyKey, UInt32>(capacity: 64)
    var kinds: [Summary.ReplyKey] = []
    var rankOfRow: [UInt32] = []
    rankOfRow.reserveCapacity(peers.count)
    for (key, _) in peers {
      if let k = kindNumbers[key.reply] {
        rankOfRow.append(k)
      } else {
        let k = UInt32(kinds.count)
        kindNumbers[key.reply] = k
        kinds.append(key.reply)
        rankOfRow.append(k)
      }
    }
    var rankOfKind = [UInt32](repeating: 0, count: kinds.count)
    for (rank, k) in kinds.indices.sorted(by: { kinds[$0] < kinds[$1] }).enumerated() { rankOfKind[k] = UInt32(rank) }
    for i in rankOfRow.indices { rankOfRow[i] = rankOfKind[Int(rankOfRow[i])] }
    var order = [UInt32](0..<UInt32(peers.count))
    peers.withUnsafeBufferPointer { r in
      rankOfRow.withUnsafeBufferPointer { rank in
        order.sort { a, b in
          let x = Int(a)
          let y = Int(b)
          if r[x].count != r[y].count { return r[x].count > r[y].count }
          if rank[x] != rank[y] { return rank[x] < rank[y] }
          return r[x].key.peer < r[y].key.peer
        }
      }
    }
    return order
  }

  /// `h` as 16 hexadecimal digits.
  static func hex(_ h: UInt64) -> String {
    let digits = String(h, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
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
