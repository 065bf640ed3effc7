import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The report for people: 80 columns by default, problems first, each code with its meaning.
///
/// Every text that comes from a log (addresses, host names, reply samples) goes through
/// `Sanitizer.terminalSafe`. Codes marked `*` are inferred: the log does not print them but
/// the server certainly sent them.
public struct TextRenderer {
  public var width: Int
  public var showSamples = true

  public init(width: Int = 80) { self.width = max(60, width) }

  public func render(_ report: Report) -> String {
    var out: [String] = []
    header(report, &out)
    problems(report, &out)
    comparison(report, &out)
    messageTotals(report, &out)
    inbound(report, &out)
    rejectionReasons(report, &out)
    unlogged(report, &out)
    sessions(report, &out)
    outbound(report, &out)
    messageDetails(report, &out)
    sessionStats(report, &out)
    hourly(report, &out)
    daemonProblems(report, &out)
    inputs(report, &out)
    return out.joined(separator: "\n") + "\n"
  }

  func safe(_ text: String) -> String { Sanitizer.terminalSafe(text) }

  /// An input's message without the input's name in front (`mail.log: line 3: ...` -> `line 3: ...`).
  private func detail(_ message: String, _ name: String) -> String {
    safe(message.hasPrefix(name + ": ") ? String(message.dropFirst(name.count + 2)) : message)
  }

  private func header(_ r: Report, _ out: inout [String]) {
    let lines = r.inputs.reduce(0) { $0 + $1.lines }
    let inputs = r.inputs.count == 1 ? safe(r.inputs[0].name) : "\(r.inputs.count) inputs"
    out.append(TextLayout.fitName("mailcodes report: ", inputs, ", \(TextLayout.count(lines, "line", "lines"))", width))
    if !r.window.isUnbounded {
      let from = r.window.startTimestamp?.description ?? "the beginning"
      let to = r.window.endTimestamp?.description ?? "the end"
      out.append(TextLayout.fit("Window: \(from) to \(to) (asked for)", width))
    }
    if let first = r.first, let last = r.last {
      out.append("Period: \(first.description) to \(last.description)")
    } else {
      // Transcripts carry no dates, and a window can hold nothing: say which.
      out.append(
        r.window.isUnbounded ? "Period: no timestamped lines" : "Period: nothing in the logs inside the window")
    }
    // Never clean when blind: what the report did not see comes before its problems.
    if !r.errors.isEmpty {
      out.append("INCOMPLETE: \(r.errors.count) input error(s), see ERRORS at the end.")
    } else if !r.gaps.isEmpty {
      out.append("INCOMPLETE: problems may be missing from this report")
    }
    for gap in r.gaps { out.append(contentsOf: wrapped(safe(gap.message), lead: "  ", indent: "    ")) }
  }

  /// `text` in lines no wider than `width`, the first starting with `lead`, the others with
  /// `indent` (a word longer than a line is cut).
  private func wrapped(_ text: String, lead: String, indent: String) -> [String] {
    var lines: [String] = []
    var current = lead
    var empty = true
    for word in text.split(separator: " ") {
      if !empty, current.count + 1 + word.count > width {
        lines.append(current)
        current = indent + word
      } else {
        current += (empty ? "" : " ") + word
      }
      empty = false
    }
    lines.append(current)
    return lines.map { TextLayout.fit($0, width) }
  }

  private func comparison(_ r: Report, _ out: inout [String]) {
    guard let c = r.comparison else { return }
    out.append("")
    let from = c.previousWindow.startTimestamp?.description ?? "?"
    let to = c.previousWindow.endTimestamp?.description ?? "?"
    out.append(TextLayout.fit("CHANGE FROM THE PREVIOUS PERIOD (\(from) to \(to))", width))
    if c.previousHasNoData {
      out.append("  no data: no log line in the previous period, nothing to compare with")
      return
    }
    out.append("                                               now    before  change")
    for row in c.rows {
      out.append(
        "  " + TextLayout.cell(row.label, 40) + TextLayout.column(TextLayout.number(row.current), 8)
          + TextLayout.column(TextLayout.number(row.previous), 10) + "  " + row.change)
    }
  }

  private func problems(_ r: Report, _ out: inout [String]) {
    out.append("")
    out.append("PROBLEMS")
    let shown = r.problems.filter { $0.count > 0 }
    let blind = !r.errors.isEmpty || !r.gaps.isEmpty
    if shown.isEmpty {
      out.append(
        blind
          ? "  none found in what was read and understood: see INCOMPLETE above"
          : "  none: no 4xx/5xx replies, no timeouts, no lost or refused sessions")
      return
    }
    defer { if blind { out.append("  (and maybe more: see INCOMPLETE above)") } }
    for p in shown {
      let count = TextLayout.number(p.count)
      let dots = max(2, width - 4 - p.label.count - count.count)
      out.append("  \(p.label) \(String(repeating: ".", count: dots)) \(count)")
    }
  }

  /// `550* 5.1.1` (code, inferred mark, enhanced code) in one column.
  private func replyLabel(_ code: UInt16?, _ enhanced: String?, inferred: Bool, warning: Bool = false) -> String {
    var text = code.map(String.init) ?? "-"
    if inferred { text += "*" }
    if warning { text += "w" }
    if let enhanced { text = TextLayout.cell(text, 5) + enhanced }
    return text
  }

  /// A table row whose last column (a meaning) wraps onto indented continuation lines
  /// instead of being cut.
  private func rowWithMeaning(_ prefix: String, _ meaning: String) -> [String] {
    let column = prefix.count
    let words = meaning.split(separator: " ").map(String.init)
    var lines: [String] = []
    var current = prefix
    var empty = true
    for word in words {
      if !empty, current.count + 1 + word.count > width {
        lines.append(current)
        current = String(repeating: " ", count: column) + word
      } else {
        current += (empty ? "" : " ") + word
      }
      empty = false
    }
    lines.append(current)
    return lines.map { $0.count > width ? TextLayout.fit($0, width) : $0 }
  }

  /// `11 clients: a (3), b (2), ...`: the first peers, and `...` when there are more than shown
  /// (`seen`); `total` is the row's printed peer count (nil: no count).
  private func peerLines(_ total: String?, _ label: String, _ peers: [(peer: String, count: Int)], seen: Int)
    -> [String]
  {
    var items = peers.map { "\(safe($0.peer.isEmpty ? "(none)" : $0.peer)) (\(TextLayout.number($0.count)))" }
    if seen > peers.count { items.append("...") }
    let lead = "        " + (total.map { "\($0): " } ?? "\(label): ")
    return TextLayout.wrap(items, lead: lead, indent: String(repeating: " ", count: 10), width: width)
  }

  private func inbound(_ r: Report, _ out: inout [String]) {
    guard !r.inbound.isEmpty else { return }
    out.append("")
    out.append("REPLIES SENT BY THIS SERVER (inbound sessions)")
    out.append("  reply           command        count  meaning")
    var anyInferred = false
    for row in r.inbound {
      anyInferred = anyInferred || row.inferred
      let prefix =
        "  "
        + TextLayout.cell(replyLabel(row.code, row.enhanced, inferred: row.inferred, warning: row.kind == .warning), 15)
        + " " + TextLayout.cell(row.command == .none ? "-" : row.command.description, 12)
        + TextLayout.column(TextLayout.number(row.count), 8) + "  "
      out.append(contentsOf: rowWithMeaning(prefix, row.meaning))
      let problem = (row.code ?? 0) >= 400 || row.kind == .authFailure
      if showSamples, problem, let sample = row.sample, !sample.isEmpty {
        out.append(TextLayout.fit("        \"" + safe(sample) + "\"", width))
      }
      if problem, !row.topPeers.isEmpty {
        out.append(contentsOf: peerLines(row.peerCount("client", "clients"), "clients", row.topPeers, seen: row.peers))
      }
    }
    if anyInferred {
      out.append("  * inferred: not printed in the log, but the server certainly sent it")
    }
    if r.inbound.contains(where: { $0.kind == .warning }) {
      out.append("  w reject_warning: would have been rejected, was accepted")
    }
  }

  private func unlogged(_ r: Report, _ out: inout [String]) {
    guard !r.unlogged.isEmpty else { return }
    out.append("")
    out.append("REFUSALS WHOSE REPLY THE LOG DOES NOT PRINT")
    out.append("  (Postfix counts them in its disconnect line, e.g. mail=0/1, without a reply)")
    out.append("  command        count  likely reply")
    for row in r.unlogged {
      out.append(
        contentsOf: rowWithMeaning(
          "  " + TextLayout.cell(row.command.description, 12) + TextLayout.column(TextLayout.number(row.count), 8)
            + "  ",
          row.meaning))
      if !row.topPeers.isEmpty {
        out.append(contentsOf: peerLines(row.peerCount("client", "clients"), "clients", row.topPeers, seen: row.peers))
      }
    }
  }

  private func sessions(_ r: Report, _ out: inout [String]) {
    guard !r.outcomes.isEmpty else { return }
    out.append("")
    out.append("SESSIONS BY OUTCOME (\(TextLayout.number(r.sessionTotal)) sessions)")
    out.append("  outcome            sessions  no QUIT  ended at (last command)")
    for row in r.outcomes {
      let stages = row.stages.map { "\($0.stage == .none ? "-" : $0.stage.description) \(TextLayout.number($0.count))" }
      let noQuit = row.outcome == .quit ? "-" : TextLayout.number(row.count)
      let lead =
        "  " + TextLayout.cell(row.outcome.description, 17) + TextLayout.column(TextLayout.number(row.count), 9)
        + TextLayout.column(noQuit, 9) + "  "
      out.append(
        contentsOf: TextLayout.wrap(
          stages, lead: lead, indent: String(repeating: " ", count: lead.count),
          width: width))
      if row.outcome != .quit, row.outcome != .open, !row.topPeers.isEmpty {
        out.append(contentsOf: peerLines(nil, row.peerNoun, row.topPeers, seen: row.peerCount))
      }
    }
  }

  private func outbound(_ r: Report, _ out: inout [String]) {
    guard !r.outbound.isEmpty else { return }
    out.append("")
    out.append("REMOTE REPLIES TO OUR DELIVERIES (outbound)")
    let totals = r.deliveryTotals.map { "\($0.status) \(TextLayout.number($0.count))" }
    out.append(contentsOf: TextLayout.wrap(totals, lead: "  results: ", indent: "           ", width: width))
    out.append("  result    reply           command        count  meaning")
    for row in r.outbound {
      let status = row.kind == .remoteHangup ? "hang-up" : (row.status.isEmpty ? "reply" : row.status)
      let meaning =
        row.kind == .remoteHangup
        ? "remote closed without QUIT"
        : (row.code == nil ? "no reply (see the log line)" : row.meaning)
      out.append(
        contentsOf: rowWithMeaning(
          "  " + TextLayout.cell(status, 9) + " "
            + TextLayout.cell(replyLabel(row.code, row.enhanced, inferred: false), 15)
            + " " + TextLayout.cell(row.command == .none ? "-" : row.command.description, 12)
            + TextLayout.column(TextLayout.number(row.count), 8) + "  ", meaning))
      if (row.code ?? 0) >= 400 || row.kind == .remoteHangup || row.code == nil, !row.remotes.isEmpty {
        out.append(
          contentsOf: peerLines(nil, "remotes", row.remotes.map { ($0.remote, $0.count) }, seen: row.remoteCount))
      }
    }
  }

  private func hourly(_ r: Report, _ out: inout [String]) {
    guard !r.hourly.isEmpty || r.hourlyBeyondBound > 0 else { return }
    out.append("")
    out.append("REPLIES PER HOUR (2xx/3xx, 4xx, 5xx; no code: -)")
    let shown = r.hourly.suffix(48)
    let maxTotal = max(1, shown.map { $0.counts.values.reduce(0, +) }.max() ?? 1)
    for (hour, counts) in shown {
      let ok = (counts[2] ?? 0) + (counts[3] ?? 0)
      let t4 = counts[4] ?? 0
      let t5 = counts[5] ?? 0
      let none = counts[0] ?? 0
      let total = ok + t4 + t5 + none
      let label =
        "  " + hour.replacingFirstT() + "h " + TextLayout.column(TextLayout.number(ok), 7)
        + TextLayout.column(TextLayout.number(t4), 7) + TextLayout.column(TextLayout.number(t5), 7)
        + TextLayout.column(TextLayout.number(none), 6) + "  "
      let barWidth = max(0, width - label.count)
      let bar = String(repeating: "#", count: Int((Double(total) / Double(maxTotal) * Double(barWidth)).rounded(.up)))
      out.append(label + bar)
    }
    if r.hourlyBeyondBound > 0 {
      out.append(
        TextLayout.fit(
          "  table full: \(TextLayout.count(r.hourlyBeyondBound, "reply", "replies")) of other hours "
            + "not shown", width))
    }
  }

  /// An input's mail lines per program, aligned, then the lines of other programs:
  /// `    postfix/smtpd   1,234 recognized   12 ignored   0 unrecognized`.
  private func daemonLines(_ input: Summary.InputRecord) -> [String] {
    guard !input.daemons.isEmpty else { return [] }
    let rows = input.daemons.sorted { $0.key < $1.key }
    let names = rows.map { safe($0.key) }
    let nameWidth = min(24, names.map(\.count).max() ?? 0)
    func columnWidth(_ value: (LineClassCounts) -> Int) -> Int {
      rows.map { TextLayout.number(value($0.value)).count }.max() ?? 1
    }
    let wr = columnWidth(\.recognized)
    let wi = columnWidth(\.ignored)
    let wu = columnWidth(\.unrecognized)
    var lines = zip(names, rows).map { name, row in
      TextLayout.fit(
        "      " + TextLayout.cell(name, nameWidth) + "  "
          + TextLayout.right(TextLayout.number(row.value.recognized), wr) + " recognized  "
          + TextLayout.right(TextLayout.number(row.value.ignored), wi) + " ignored  "
          + TextLayout.right(TextLayout.number(row.value.unrecognized), wu) + " unrecognized", width)
    }
    let mail = rows.reduce(0) { $0 + $1.value.total }
    let other = input.recognized + input.ignored + input.unrecognized - mail
    if other > 0 { lines.append("      other lines: \(TextLayout.number(other)) ignored (not mail)") }
    return lines
  }

  private func inputs(_ r: Report, _ out: inout [String]) {
    out.append("")
    out.append("INPUT")
    for input in r.inputs {
      let name = safe(input.name) + (input.compressed ? " (\(input.compression ?? "gzip"))" : "")
      out.append(TextLayout.fitName("  ", name, ": \(TextLayout.count(input.lines, "line", "lines"))", width))
      out.append(
        "    \(TextLayout.number(input.recognized)) recognized, \(TextLayout.number(input.ignored)) ignored, "
          + "\(TextLayout.number(input.unrecognized)) unrecognized")
      out.append(contentsOf: daemonLines(input))
      if let transcript = input.transcript { out.append(TextLayout.fit("    read as \(transcript)", width)) }
      if input.loneCRLineEnds { out.append("    lines end in a lone CR (old Mac style): each CR read as a line end") }
      if input.truncatedLines > 0 {
        out.append(
          "    \(TextLayout.count(input.truncatedLines, "line", "lines")) longer than the limit "
            + (input.truncatedLines == 1 ? "was" : "were") + " truncated")
      }
      if input.timeReversals > 0 {
        out.append("    timestamps went backwards \(TextLayout.number(input.timeReversals)) times")
      }
      if input.yearRollovers > 0 { out.append("    year rollover (Dec -> Jan) inside the file") }
      // Under the input's own line: the message without the input's name, wrapped, not cut
      // (cut, a long path would leave no room for what went wrong).
      if let warning = input.warning {
        out.append(contentsOf: rowWithMeaning("    warning: ", detail(warning, input.name)))
      }
      if let error = input.error { out.append(contentsOf: rowWithMeaning("    ERROR: ", detail(error, input.name))) }
    }
    if !r.skippedInputs.isEmpty {
      out.append(
        contentsOf: TextLayout.wrap(
          r.skippedInputs.map(safe), lead: "  not read (written before the window): ",
          indent: "    ", width: width))
    }
    let l = r.limits
    var limits: [String] = []
    if l.evictedSessions > 0 {
      limits.append("\(TextLayout.number(l.evictedSessions)) sessions evicted (open-session bound)")
    }
    if l.unterminatedSessions > 0 {
      limits.append("\(TextLayout.number(l.unterminatedSessions)) sessions without an end line (pid reused)")
    }
    if l.overflowedCounts > 0 {
      limits.append("\(TextLayout.number(l.overflowedCounts)) counts beyond table bounds in (other)")
    }
    if l.postscreenHandoffs > 0 {
      limits.append("\(TextLayout.number(l.postscreenHandoffs)) postscreen sessions handed to smtpd")
    }
    limits.append(contentsOf: messageLimits(r))
    if !limits.isEmpty || !r.fullTables.isEmpty {
      out.append("")
      out.append("LIMITS AND HAND-OVERS")
      for item in limits { out.append("  " + item) }
      for table in r.fullTables {
        out.append(
          contentsOf: rowWithMeaning(
            "  table full: ",
            "\(table.table), \(TextLayout.number(table.countsInOther)) "
              + "counts in (other): \(table.consequence)"))
      }
    }
    if !r.errors.isEmpty {
      out.append("")
      out.append("ERRORS (this report is incomplete)")
      for e in r.errors { out.append(contentsOf: rowWithMeaning("  ", safe(e))) }
    }
  }
}

extension String {
  /// `2026-11-29T06` -> `2026-11-29 06`.
  func replacingFirstT() -> String {
    guard let t = firstIndex(of: "T") else { return self }
    var copy = self
    copy.replaceSubrange(t...t, with: " ")
    return copy
  }
}
