import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The HTML report: one self-contained file for a daily mail or a dashboard.
///
/// No network and no script needed: inline CSS, and charts made of HTML elements (`HTMLChart`:
/// replies by class per hour, top codes, top clients per problem code, session outcomes by
/// stage), the tables of the text report, and an appendix that explains every code shown,
/// linked from each code (`#code-550`, `#enhanced-5.7.1`). Every value that comes from a log
/// goes through `Sanitizer.html`. `language` is the whole page's (`lang`, headings, labels,
/// meanings, explanations: `HTMLText`); it reflows down to a phone's 400 px.
public struct HTMLRenderer {
  public var title: String
  public var language: ReferenceLanguage

  /// `title` nil: "mailcodes report" in `language`.
  public init(title: String? = nil, language: ReferenceLanguage = .en) {
    self.title = title ?? HTMLText.defaultTitle.text(language)
    self.language = language
  }

  static let colors: [UInt8: String] = [2: "#2e7d32", 3: "#00838f", 4: "#f9a825", 5: "#c62828", 0: "#9e9e9e"]

  func color(_ code: UInt16?) -> String { HTMLRenderer.colors[UInt8((code ?? 0) / 100)] ?? "#9e9e9e" }

  func h(_ text: String) -> String { Sanitizer.html(text) }

  /// A text of the page in the report's language.
  func t(_ text: LocalizedText) -> String { text.text(language) }

  public func render(_ r: Report) -> String {
    var codes = Set<Int>()
    var enhanced = Set<String>()
    var body: [String] = []
    let noData = t(HTMLText.noData)
    body.append("<header><h1>\(h(title))</h1>")
    let lines = r.inputs.reduce(0) { $0 + $1.lines }
    let period =
      r.first.map { f in HTMLText.period(f.description, r.last?.description ?? "", language) }
      ?? t(HTMLText.noTimestamps)
    body.append(
      "<p class=\"meta\">\(h(HTMLText.meta(inputs: r.inputs.count, lines: lines, period: period, language)))</p>")
    if !r.errors.isEmpty {
      body.append("<p class=\"warning\">\(h(HTMLText.incomplete(r.errors.count, language)))</p>")
    } else if !r.gaps.isEmpty {
      body.append("<p class=\"warning\">\(h(t(HTMLText.incompleteGaps)))</p>")
    }
    if !r.gaps.isEmpty {
      body.append("<ul class=\"warning\">" + r.gaps.map { "<li>\(h($0.message))</li>" }.joined() + "</ul>")
    }
    body.append("</header>")

    // Problems.
    body.append("<section><h2>\(h(t(HTMLText.problems)))</h2><div class=\"cards\">")
    let problems = r.problems.filter { $0.count > 0 }
    let blind = !r.errors.isEmpty || !r.gaps.isEmpty
    if problems.isEmpty {
      body.append(
        blind ? "<p class=\"warning\">\(h(t(HTMLText.noProblemsSeen)))</p>" : "<p>\(h(t(HTMLText.noProblems)))</p>")
    }
    for p in problems {
      body.append(
        "<div class=\"card\"><div class=\"count\">\(TextLayout.number(p.count))</div>"
          + "<div>\(h(HTMLText.problem(p.label, language)))</div></div>")
    }
    body.append("</div></section>")
    body.append(contentsOf: messageTotals(r))

    // Replies per hour.
    let classes: [(UInt8, String)] = [(2, "2xx/3xx"), (4, "4xx"), (5, "5xx"), (0, t(HTMLText.noCode))]
    let values = r.hourly.map { entry in
      classes.map { cls in cls.0 == 2 ? (entry.counts[2] ?? 0) + (entry.counts[3] ?? 0) : entry.counts[cls.0] ?? 0 }
    }
    body.append("<section><h2>\(h(t(HTMLText.repliesPerHour)))</h2>")
    body.append(
      HTMLChart.hourColumns(
        hours: r.hourly.map(\.hour),
        series: classes.map { HTMLChart.Series(label: $0.1, color: HTMLRenderer.colors[$0.0]!) },
        values: values, title: t(HTMLText.repliesByClassPerHour), noData: noData))
    if r.hourlyBeyondBound > 0 {
      body.append("<p class=\"note\">\(h(HTMLText.hourlyBeyondBound(r.hourlyBeyondBound, language)))</p>")
    }
    body.append("</section>")

    // Top codes.
    let topCodes = Array(r.inbound.prefix(15))
    body.append("<section><h2>\(h(t(HTMLText.repliesSent)))</h2>")
    body.append(
      HTMLChart.bars(
        topCodes.map { row in
          HTMLChart.Bar(
            label: "\(row.codeLabel)\(row.inferred ? "*" : "") \(row.enhanced ?? "") \(row.command.description)",
            href: row.code.map { "#code-\($0)" }, value: row.count, color: color(row.code))
        }, title: t(HTMLText.topCodes), noData: noData))
    body.append(
      table(
        [
          HTMLText.code, HTMLText.enhanced, HTMLText.command, HTMLText.count, HTMLText.clients, HTMLText.meaning,
          HTMLText.sampleReply,
        ].map(t),
        r.inbound.map { row in
          if let c = row.code { codes.insert(Int(c)) }
          if let e = row.enhanced { enhanced.insert(e) }
          return [
            codeLink(row.code, inferred: row.inferred), enhancedLink(row.enhanced), h(row.command.description),
            num(row.count), peerCount(row), h(meaning(row.code, row.enhanced, row.hint)), h(row.sample ?? ""),
          ]
        }))
    if r.inbound.contains(where: \.inferred) {
      body.append("<p class=\"note\">\(h(t(HTMLText.inferredNote)))</p>")
    }
    body.append("</section>")

    // Top clients per problem code.
    let problemRows = r.inbound.filter { ($0.code ?? 0) >= 400 && !$0.topPeers.isEmpty }.prefix(8)
    if !problemRows.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.topClientsPerCode)))</h2><div class=\"grid2\">")
      for row in problemRows {
        body.append(
          "<div><h3>\(codeLink(row.code, inferred: row.inferred)) \(h(row.enhanced ?? "")) "
            + "\(h(row.command.description))</h3>")
        body.append(
          HTMLChart.bars(
            row.topPeers.map { HTMLChart.Bar(label: $0.peer, href: nil, value: $0.count, color: color(row.code)) },
            title: t(HTMLText.clients), noData: noData))
        body.append("</div>")
      }
      body.append("</div></section>")
    }

    if !r.unlogged.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.unlogged)))</h2>")
      body.append("<p class=\"note\">\(h(t(HTMLText.unloggedNote)))</p>")
      body.append(
        table(
          [HTMLText.command, HTMLText.count, HTMLText.clients, HTMLText.likelyReply, HTMLText.topClients].map(t),
          r.unlogged.map { row in
            [
              h(row.command.description), num(row.count), peerCount(row), h(meaning(row.code, row.enhanced, row.hint)),
              h(peerList(row.topPeers.prefix(5), more: row.peers > 5)),
            ]
          }))
      body.append("</section>")
    }

    // Outcomes by stage.
    if !r.outcomes.isEmpty {
      body.append("<section><h2>\(h(HTMLText.sessionsByOutcome(r.sessionTotal, language)))</h2>")
      var stageRows: [HTMLChart.Bar] = []
      let outcomeColors: [Outcome: String] = [
        .quit: "#2e7d32", .idleTimeout: "#ef6c00", .lostConnection: "#6a1b9a",
        .rejected: "#c62828", .open: "#9e9e9e",
      ]
      for row in r.outcomes {
        for stage in row.stages.prefix(6) {
          stageRows.append(
            HTMLChart.Bar(
              label: HTMLText.outcomeAfter(row.outcome, stage.stage == .none ? "-" : stage.stage.description, language),
              href: nil, value: stage.count, color: outcomeColors[row.outcome] ?? "#9e9e9e"))
        }
      }
      body.append(HTMLChart.bars(stageRows, title: t(HTMLText.outcomesByStage), noData: noData))
      body.append(
        table(
          [HTMLText.outcome, HTMLText.sessions, HTMLText.endedAt, HTMLText.topPeers].map(t),
          r.outcomes.map { row in
            [
              h(HTMLText.outcome(row.outcome, language)), num(row.count),
              h(
                row.stages.map { "\($0.stage == .none ? "-" : $0.stage.description) \(TextLayout.number($0.count))" }
                  .joined(separator: ", ")),
              h(
                row.outcome == .quit || row.topPeers.isEmpty
                  ? ""
                  : HTMLText.peerNoun(row.peerNoun, language) + ": "
                    + peerList(row.topPeers.prefix(5), more: row.peerCount > 5)),
            ]
          }))
      body.append("</section>")
    }

    // Outbound.
    if !r.outbound.isEmpty {
      body.append("<section><h2>\(h(t(HTMLText.outbound)))</h2>")
      body.append(
        "<p>\(h(r.deliveryTotals.map { "\($0.status) \(TextLayout.number($0.count))" }.joined(separator: ", ")))</p>")
      body.append(
        table(
          [
            HTMLText.result, HTMLText.code, HTMLText.enhanced, HTMLText.command, HTMLText.count, HTMLText.meaning,
            HTMLText.remotes,
          ].map(t),
          r.outbound.map { row in
            if let c = row.code { codes.insert(Int(c)) }
            if let e = row.enhanced { enhanced.insert(e) }
            let status =
              row.kind == .remoteHangup ? t(HTMLText.hangUp) : (row.status.isEmpty ? t(HTMLText.reply) : row.status)
            let meaning =
              row.kind == .remoteHangup
              ? t(HTMLText.remoteClosed)
              : (row.code == nil ? t(HTMLText.noReply) : self.meaning(row.code, row.enhanced, .none))
            return [
              h(status), codeLink(row.code, inferred: false), enhancedLink(row.enhanced), h(row.command.description),
              num(row.count), h(meaning),
              h(
                peerList(
                  row.remotes.prefix(5).map { (peer: $0.remote.isEmpty ? "(none)" : $0.remote, count: $0.count) },
                  more: row.remoteCount > 5)),
            ]
          }))
      body.append("</section>")
    }

    body.append(contentsOf: messageDetails(r))
    body.append(contentsOf: sessionStatsSections(r))

    // Input.
    body.append("<section><h2>\(h(t(HTMLText.input)))</h2>")
    body.append(
      table(
        [
          HTMLText.input, HTMLText.lines, HTMLText.recognized, HTMLText.ignored, HTMLText.unrecognized,
          HTMLText.notes,
        ].map(t),
        r.inputs.flatMap { input in
          var notes: [String] = []
          if input.compressed { notes.append(input.compression ?? "gzip") }
          if let t = input.transcript { notes.append(t) }
          if input.truncatedLines > 0 { notes.append(HTMLText.truncated(input.truncatedLines, language)) }
          if let w = input.warning { notes.append(t(HTMLText.warning) + w) }
          if let e = input.error { notes.append(t(HTMLText.error) + e) }
          // Then its mail lines per program, indented under it.
          return [
            [
              h(input.name), num(input.lines), num(input.recognized), num(input.ignored), num(input.unrecognized),
              h(notes.joined(separator: "; ")),
            ]
          ]
            + input.daemons.sorted { $0.key < $1.key }.map { name, c in
              ["&#160;&#160;" + h(name), num(c.total), num(c.recognized), num(c.ignored), num(c.unrecognized), ""]
            }
        }))
    body.append("</section>")
    limits(r, &body)

    // Explanations.
    body.append("<section><h2>\(h(t(HTMLText.codesMeaning)))</h2>")
    for code in codes.sorted() {
      body.append(basicExplanation(code))
    }
    for e in enhanced.sorted(by: { (EnhancedStatusCode($0)?.packed ?? 0) < (EnhancedStatusCode($1)?.packed ?? 0) }) {
      body.append(enhancedExplanation(e))
    }
    body.append("</section>")
    body.append("<footer>\(h(t(HTMLText.footer)))</footer>")
    return HTMLRenderer.page(title: h(title), body: body.joined(separator: "\n"), language: language)
  }

  /// A reply's one-line meaning in the report's language; a refusal without a code, its hint.
  func meaning(_ code: UInt16?, _ enhanced: String?, _ hint: Hint) -> String {
    if code == nil, hint != .none { return HTMLText.hint(hint, language) }
    return CodeMeanings.oneLine(code: code.map(Int.init), enhanced: enhanced, language: language)
  }

  /// `a (3), b (2), ...`
  func peerList<S: Sequence>(_ peers: S, more: Bool) -> String where S.Element == (peer: String, count: Int) {
    peers.map { "\($0.peer) (\(TextLayout.number($0.count)))" }.joined(separator: ", ") + (more ? ", ..." : "")
  }

  func num(_ n: Int) -> String { "<span class=\"num\">\(TextLayout.number(n))</span>" }

  /// A row's number of peers, `>= N` when a full table lumped some under "(other)".
  func peerCount(_ row: Report.CodeRow) -> String {
    row.peersAtLeast ? "<span class=\"num\">&gt;= \(TextLayout.number(row.peers))</span>" : num(row.peers)
  }

  /// The bounds the run hit and the hand-overs, as the text report's LIMITS part (nothing
  /// when none was hit).
  func limits(_ r: Report, _ body: inout [String]) {
    let l = r.limits
    var rows: [[String]] = []
    if l.truncatedLines > 0 { rows.append([h(t(HTMLText.limitTruncated)), num(l.truncatedLines)]) }
    if l.evictedSessions > 0 { rows.append([h(t(HTMLText.limitEvicted)), num(l.evictedSessions)]) }
    if l.unterminatedSessions > 0 { rows.append([h(t(HTMLText.limitUnterminated)), num(l.unterminatedSessions)]) }
    if l.overflowedCounts > 0 { rows.append([h(t(HTMLText.limitOverflowed)), num(l.overflowedCounts)]) }
    if l.postscreenHandoffs > 0 { rows.append([h(t(HTMLText.limitHandoffs)), num(l.postscreenHandoffs)]) }
    for table in r.fullTables {
      rows.append([h(HTMLText.tableFull(table.table, table.consequence, language)), num(table.countsInOther)])
    }
    guard !rows.isEmpty else { return }
    body.append("<section><h2>\(h(t(HTMLText.limitsAndHandovers)))</h2>")
    body.append("<p class=\"note\">\(h(t(HTMLText.limitsNote)))</p>")
    body.append(table([t(HTMLText.limitWhat), t(HTMLText.count)], rows) + "</section>")
  }

  func codeLink(_ code: UInt16?, inferred: Bool) -> String {
    guard let code else { return "-" }
    return "<a class=\"code c\(code / 100)\" href=\"#code-\(code)\">\(code)\(inferred ? "*" : "")</a>"
  }

  func enhancedLink(_ enhanced: String?) -> String {
    guard let enhanced, !enhanced.isEmpty else { return "-" }
    return "<a href=\"#enhanced-\(h(enhanced))\">\(h(enhanced))</a>"
  }

  /// A table in a box that scrolls sideways when the table is wider than the screen.
  func table(_ header: [String], _ rows: [[String]]) -> String {
    // Five columns or more: a width below which the text columns would break every word.
    let open = header.count >= 5 ? "<table class=\"wide\">" : "<table>"
    var t =
      "<div class=\"table\">\(open)<thead><tr>" + header.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead><tbody>"
    for row in rows { t += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>" }
    return t + "</tbody></table></div>"
  }

  func basicExplanation(_ code: Int) -> String {
    let entry = ReplyCodeReference.basicEntry(code)
    return explanation(
      id: "code-\(code)", label: String(code), replyClass: code / 100,
      meaning: ReplyCodeReference.meaning(code: code, language: language),
      texts: entry.map { ($0.description, $0.whenItAppears, $0.clientFix, $0.serverFix) })
  }

  func enhancedExplanation(_ text: String) -> String {
    guard let code = EnhancedStatusCode(text) else { return "" }
    let entry = ReplyCodeReference.enhancedEntry(code)
    return explanation(
      id: "enhanced-\(text)", label: text, replyClass: Int(code.statusClass),
      meaning: ReplyCodeReference.meaning(enhanced: code, language: language),
      texts: entry.map { ($0.description, $0.whenItAppears, $0.clientFix, $0.serverFix) })
  }

  /// One `<article>` of the appendix: the code, its meaning, and the reference's texts.
  func explanation(
    id: String, label: String, replyClass: Int, meaning: String,
    texts: (LocalizedText, LocalizedText, LocalizedText, LocalizedText)?
  ) -> String {
    var out = "<article id=\"\(h(id))\"><h3><span class=\"code c\(replyClass)\">\(h(label))</span> \(h(meaning))</h3>"
    if let (description, when, clientFix, serverFix) = texts {
      out += "<p>\(h(description.text(language)))</p>"
      out += "<dl><dt>\(h(t(HTMLText.whenItAppears)))</dt><dd>\(h(when.text(language)))</dd>"
      out += "<dt>\(h(t(HTMLText.fixClient)))</dt><dd>\(h(clientFix.text(language)))</dd>"
      out += "<dt>\(h(t(HTMLText.fixServer)))</dt><dd>\(h(serverFix.text(language)))</dd></dl>"
    }
    return out + "</article>"
  }

  /// The page around `body`: `lang` set to the report's language, the style inline.
  static func page(title: String, body: String, language: ReferenceLanguage = .en) -> String {
    """
    <!DOCTYPE html>
    <html lang="\(language.rawValue)">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(title)</title>
    <style>
    \(style)
    </style>
    </head>
    <body>
    \(body)
    </body>
    </html>

    """
  }

  /// The page's CSS. Narrow screens (a phone, 400 px): tables scroll sideways in their box,
  /// long words wrap, the per-code charts stack, the hour axis shows fewer labels.
  static let style = """
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", sans-serif; color: #1f2328;
      margin: 0 auto; max-width: 1000px; padding: 16px 24px; background: #fff; }
    h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px;
      margin-top: 28px; } h3 { font-size: 15px; margin: 12px 0 4px; }
    .meta { color: #57606a; margin: 0; } .warning { color: #c62828; font-weight: 600; } .note, .empty { color: #57606a; }
    .cards { display: flex; flex-wrap: wrap; gap: 10px; } .card { border: 1px solid #d0d7de; border-radius: 6px;
      padding: 8px 12px; flex: 1 1 150px; max-width: 240px; background: #f6f8fa; } .card .count { font-size: 20px; font-weight: 700; }
    .table { overflow-x: auto; margin: 8px 0; }
    table { border-collapse: collapse; width: 100%; font-size: 13px; }
    th, td { border-bottom: 1px solid #eaeef2; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
    table.wide { min-width: 44em; }
    th { background: #f6f8fa; white-space: nowrap; } .num { font-variant-numeric: tabular-nums; white-space: nowrap; }
    td .num { display: inline-block; min-width: 3em; text-align: right; }
    a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
    .code { font-weight: 700; font-family: ui-monospace, monospace; } .c2 { color: #2e7d32; } .c3 { color: #00838f; }
    .c4 { color: #b26a00; } .c5 { color: #c62828; }
    .columns { margin: 8px 0; } .columns .plot { display: flex; height: 200px; }
    .columns .yaxis { position: relative; width: 4em; flex: none; }
    .columns .yaxis span { position: absolute; right: 6px; transform: translateY(50%); font-size: 12px; color: #57606a;
      font-variant-numeric: tabular-nums; }
    .columns .area { position: relative; flex: 1; display: flex; align-items: stretch; gap: 1px; border-bottom: 1px solid #8c959f; }
    .columns .area i { position: absolute; left: 0; right: 0; border-top: 1px solid #eaeef2; }
    .columns .col { flex: 1; min-width: 0; display: flex; flex-direction: column-reverse; position: relative; }
    .columns .col span { display: block; }
    .columns .xaxis { display: flex; margin-left: 4em; gap: 1px; height: 18px; }
    .columns .xaxis span { flex: 1; min-width: 0; display: flex; justify-content: center; font-size: 12px; color: #57606a;
      white-space: nowrap; visibility: hidden; }
    .columns .xaxis span.w { visibility: visible; }
    .columns figcaption { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: #57606a; margin-top: 4px; }
    .columns figcaption .range { flex-basis: 100%; } .columns figcaption b { display: inline-block; width: 10px; height: 10px;
      margin-right: 4px; }
    .bars { display: grid; grid-template-columns: fit-content(45%) 1fr auto; gap: 4px 8px; align-items: center; margin: 8px 0;
      font-size: 13px; }
    .bars .label { text-align: right; overflow-wrap: anywhere; } .bars .bar { height: 14px; min-width: 0; }
    .bars .bar span { display: block; height: 100%; min-width: 1px; } .bars .value { color: #57606a;
      font-variant-numeric: tabular-nums; }
    .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; } .grid2 > div { min-width: 0; }
    article { border-left: 3px solid #d0d7de; padding-left: 10px; margin: 12px 0; } dt { font-weight: 600; }
    dd { margin: 0 0 6px 0; } footer { color: #57606a; margin: 32px 0 8px; font-size: 12px; }
    @media (max-width: 700px) { body { padding: 12px 14px; } .grid2 { grid-template-columns: 1fr; }
      .columns .xaxis span.w:not(.n) { visibility: hidden; } .columns .yaxis { width: 3em; }
      .columns .xaxis { margin-left: 3em; } }
    """
}
