import MailCodesSupport
import MailCodesSMTP
import MailCodesKnowledge
import MailCodesExplain
import MailCodesInput
import MailCodesFormats
import MailCodesAnalysis

/// The HTML report: one self-contained file for a daily mail or a dashboard.
///
/// No network and no script needed: inline CSS and inline SVG charts (replies by class per
/// hour, top codes, top clients per problem code, session outcomes by stage), the tables of the
/// text report, and an appendix that explains every code shown, linked from each code (`#code-550`,
/// `#enhanced-5.7.1`). Every value that comes from a log goes through `Sanitizer.html`.
public struct HTMLRenderer {
  public var title: String
  public var language: ReferenceLanguage

  public init(title: String = "mailcodes report", language: ReferenceLanguage = .en) {
    self.title = title
    self.language = language
  }

  static let colors: [UInt8: String] = [2: "#2e7d32", 3: "#00838f", 4: "#f9a825", 5: "#c62828", 0: "#9e9e9e"]

  func color(_ code: UInt16?) -> String { HTMLRenderer.colors[UInt8((code ?? 0) / 100)] ?? "#9e9e9e" }

  func h(_ text: String) -> String { Sanitizer.html(text) }

  public func render(_ r: Report) -> String {
    var codes = Set<Int>()
    var enhanced = Set<String>()
    var body: [String] = []
    body.append("<header><h1>\(h(title))</h1>")
    let lines = r.inputs.reduce(0) { $0 + $1.lines }
    let period = r.first.map { f in "\(f.description) to \(r.last?.description ?? "")" } ?? "no timestamped lines"
    body.append("<p class=\"meta\">\(r.inputs.count) input\(r.inputs.count == 1 ? "" : "s"), \(TextLayout.count(lines, "line", "lines")). "
      + "Period: \(h(period)).</p>")
    if !r.errors.isEmpty {
      body.append("<p class=\"warning\">Incomplete: \(r.errors.count) input error(s), see Input below.</p>")
    }
    body.append("</header>")

    // Problems.
    body.append("<section><h2>Problems</h2><div class=\"cards\">")
    let problems = r.problems.filter { $0.count > 0 }
    if problems.isEmpty { body.append("<p>None: no 4xx/5xx replies, no timeouts, no lost or refused sessions.</p>") }
    for p in problems {
      body.append("<div class=\"card\"><div class=\"count\">\(TextLayout.number(p.count))</div><div>\(h(p.label))</div></div>")
    }
    body.append("</div></section>")
    body.append(contentsOf: messageTotals(r))

    // Replies per hour.
    let classes: [(UInt8, String)] = [(2, "2xx/3xx"), (4, "4xx"), (5, "5xx"), (0, "no code")]
    let hours = r.hourly.map { $0.hour.replacingFirstT() + "h" }
    let values = r.hourly.map { entry in
      classes.map { cls in cls.0 == 2 ? (entry.counts[2] ?? 0) + (entry.counts[3] ?? 0) : entry.counts[cls.0] ?? 0 }
    }
    body.append("<section><h2>Replies per hour</h2>")
    body.append(SVGChart.stackedColumns(
      categories: hours, series: classes.map { SVGChart.Series(label: $0.1, color: HTMLRenderer.colors[$0.0]!) },
      values: values, title: "Replies by class per hour"))
    body.append("</section>")

    // Top codes.
    let topCodes = Array(r.inbound.prefix(15))
    body.append("<section><h2>Replies sent by this server</h2>")
    body.append(SVGChart.bars(
      topCodes.map { row in
        (label: "\(row.codeLabel)\(row.inferred ? "*" : "") \(row.enhanced ?? "") \(row.command.description)",
         href: row.code.map { "#code-\($0)" }, value: row.count, color: color(row.code))
      }, title: "Top codes"))
    body.append(table(
      ["Code", "Enhanced", "Command", "Count", "Clients", "Meaning", "Sample reply"],
      r.inbound.map { row in
        if let c = row.code { codes.insert(Int(c)) }
        if let e = row.enhanced { enhanced.insert(e) }
        return [
          codeLink(row.code, inferred: row.inferred), enhancedLink(row.enhanced), h(row.command.description),
          num(row.count), num(row.peers), h(row.meaning), h(row.sample ?? ""),
        ]
      }))
    if r.inbound.contains(where: \.inferred) {
      body.append("<p class=\"note\">* inferred: not printed in the log, but the server certainly sent it.</p>")
    }
    body.append("</section>")

    // Top clients per problem code.
    let problemRows = r.inbound.filter { ($0.code ?? 0) >= 400 && !$0.topPeers.isEmpty }.prefix(8)
    if !problemRows.isEmpty {
      body.append("<section><h2>Top clients per problem code</h2><div class=\"grid2\">")
      for row in problemRows {
        body.append("<div><h3>\(codeLink(row.code, inferred: row.inferred)) \(h(row.enhanced ?? "")) "
          + "\(h(row.command.description))</h3>")
        body.append(SVGChart.bars(row.topPeers.map { (label: $0.peer, href: nil, value: $0.count, color: color(row.code)) },
                                  width: 440, title: "Clients"))
        body.append("</div>")
      }
      body.append("</div></section>")
    }

    if !r.unlogged.isEmpty {
      body.append("<section><h2>Refusals whose reply the log does not print</h2>")
      body.append("<p class=\"note\">Postfix counts them in its disconnect line (mail=0/1) without a reply.</p>")
      body.append(table(["Command", "Count", "Clients", "Likely reply", "Top clients"], r.unlogged.map { row in
        [h(row.command.description), num(row.count), num(row.peers), h(row.meaning),
         h(row.topPeers.prefix(5).map { "\($0.peer) (\($0.count))" }.joined(separator: ", "))]
      }))
      body.append("</section>")
    }

    // Outcomes by stage.
    if !r.outcomes.isEmpty {
      body.append("<section><h2>Sessions by outcome (\(TextLayout.number(r.sessionTotal)))</h2>")
      var stageRows: [(label: String, href: String?, value: Int, color: String)] = []
      let outcomeColors: [Outcome: String] = [.quit: "#2e7d32", .idleTimeout: "#ef6c00", .lostConnection: "#6a1b9a",
                                              .rejected: "#c62828", .open: "#9e9e9e"]
      for row in r.outcomes {
        for stage in row.stages.prefix(6) {
          stageRows.append((label: "\(row.outcome) after \(stage.stage == .none ? "-" : stage.stage.description)",
                            href: nil, value: stage.count, color: outcomeColors[row.outcome] ?? "#9e9e9e"))
        }
      }
      body.append(SVGChart.bars(stageRows, title: "Outcomes by stage"))
      body.append(table(["Outcome", "Sessions", "Ended at", "Top clients or servers"], r.outcomes.map { row in
        [h(row.outcome.description), num(row.count),
         h(row.stages.map { "\($0.stage == .none ? "-" : $0.stage.description) \($0.count)" }.joined(separator: ", ")),
         h(row.outcome == .quit || row.topPeers.isEmpty
           ? "" : row.peerNoun + ": " + row.topPeers.prefix(5).map { "\($0.peer) (\($0.count))" }.joined(separator: ", "))]
      }))
      body.append("</section>")
    }

    // Outbound.
    if !r.outbound.isEmpty {
      body.append("<section><h2>Remote replies to our deliveries</h2>")
      body.append("<p>\(h(r.deliveryTotals.map { "\($0.status) \($0.count)" }.joined(separator: ", ")))</p>")
      body.append(table(["Result", "Code", "Enhanced", "Command", "Count", "Meaning", "Remotes"], r.outbound.map { row in
        if let c = row.code { codes.insert(Int(c)) }
        if let e = row.enhanced { enhanced.insert(e) }
        let status = row.kind == .remoteHangup ? "hang-up" : (row.status.isEmpty ? "reply" : row.status)
        let meaning = row.kind == .remoteHangup ? "remote closed without QUIT" : (row.code == nil ? "no reply" : row.meaning)
        return [h(status), codeLink(row.code, inferred: false), enhancedLink(row.enhanced), h(row.command.description),
                num(row.count), h(meaning),
                h(row.remotes.prefix(5).map { "\($0.remote.isEmpty ? "(none)" : $0.remote) (\($0.count))" }.joined(separator: ", "))]
      }))
      body.append("</section>")
    }

    body.append(contentsOf: messageDetails(r))

    // Input.
    body.append("<section><h2>Input</h2>")
    body.append(table(["Input", "Lines", "Recognized", "Ignored", "Unrecognized", "Notes"], r.inputs.map { input in
      var notes: [String] = []
      if input.compressed { notes.append(input.compression ?? "gzip") }
      if let t = input.transcript { notes.append(t) }
      if input.truncatedLines > 0 { notes.append("\(TextLayout.count(input.truncatedLines, "line", "lines")) truncated") }
      if let w = input.warning { notes.append("warning: " + w) }
      if let e = input.error { notes.append("ERROR: " + e) }
      return [h(input.name), num(input.lines), num(input.recognized), num(input.ignored), num(input.unrecognized),
              h(notes.joined(separator: "; "))]
    }))
    body.append("</section>")

    // Explanations.
    body.append("<section><h2>What the codes mean</h2>")
    for code in codes.sorted() {
      body.append(basicExplanation(code))
    }
    for e in enhanced.sorted(by: { (EnhancedStatusCode($0)?.packed ?? 0) < (EnhancedStatusCode($1)?.packed ?? 0) }) {
      body.append(enhancedExplanation(e))
    }
    body.append("</section>")
    body.append("<footer>Made by mailcodes. Codes marked * are inferred.</footer>")
    return HTMLRenderer.page(title: h(title), body: body.joined(separator: "\n"))
  }

  func num(_ n: Int) -> String { "<span class=\"num\">\(TextLayout.number(n))</span>" }

  func codeLink(_ code: UInt16?, inferred: Bool) -> String {
    guard let code else { return "-" }
    return "<a class=\"code c\(code / 100)\" href=\"#code-\(code)\">\(code)\(inferred ? "*" : "")</a>"
  }

  func enhancedLink(_ enhanced: String?) -> String {
    guard let enhanced, !enhanced.isEmpty else { return "-" }
    return "<a href=\"#enhanced-\(h(enhanced))\">\(h(enhanced))</a>"
  }

  func table(_ header: [String], _ rows: [[String]]) -> String {
    var t = "<table><thead><tr>" + header.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead><tbody>"
    for row in rows { t += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>" }
    return t + "</tbody></table>"
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
  func explanation(id: String, label: String, replyClass: Int, meaning: String,
                   texts: (LocalizedText, LocalizedText, LocalizedText, LocalizedText)?) -> String {
    var out = "<article id=\"\(h(id))\"><h3><span class=\"code c\(replyClass)\">\(h(label))</span> \(h(meaning))</h3>"
    if let (description, when, clientFix, serverFix) = texts {
      out += "<p>\(h(description.text(language)))</p>"
      out += "<dl><dt>When it appears</dt><dd>\(h(when.text(language)))</dd>"
      out += "<dt>Fix (client)</dt><dd>\(h(clientFix.text(language)))</dd>"
      out += "<dt>Fix (server)</dt><dd>\(h(serverFix.text(language)))</dd></dl>"
    }
    return out + "</article>"
  }

  static func page(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(title)</title>
    <style>
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0 auto;
      max-width: 1000px; padding: 16px 24px; background: #fff; }
    h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px;
      margin-top: 28px; } h3 { font-size: 15px; margin: 12px 0 4px; }
    .meta { color: #57606a; margin: 0; } .warning { color: #c62828; font-weight: 600; } .note, .empty { color: #57606a; }
    .cards { display: flex; flex-wrap: wrap; gap: 10px; } .card { border: 1px solid #d0d7de; border-radius: 6px;
      padding: 8px 12px; min-width: 150px; background: #f6f8fa; } .card .count { font-size: 20px; font-weight: 700; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
    th, td { border-bottom: 1px solid #eaeef2; padding: 4px 6px; text-align: left; vertical-align: top; }
    th { background: #f6f8fa; } .num { font-variant-numeric: tabular-nums; }
    td:nth-child(4) .num, td .num { display: inline-block; min-width: 3em; text-align: right; }
    a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
    .code { font-weight: 700; font-family: ui-monospace, monospace; } .c2 { color: #2e7d32; } .c3 { color: #00838f; }
    .c4 { color: #b26a00; } .c5 { color: #c62828; }
    svg.chart { display: block; margin: 8px 0; } svg .grid { stroke: #eaeef2; } svg .axis { font-size: 11px; fill: #57606a; }
    svg .label { font-size: 12px; fill: #1f2328; } svg .value { font-size: 11px; fill: #57606a; }
    .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
    article { border-left: 3px solid #d0d7de; padding-left: 10px; margin: 12px 0; } dt { font-weight: 600; }
    dd { margin: 0 0 6px 0; } footer { color: #57606a; margin: 32px 0 8px; font-size: 12px; }
    @media (max-width: 700px) { .grid2 { grid-template-columns: 1fr; } }
    </style>
    </head>
    <body>
    \(body)
    </body>
    </html>

    """
  }
}
