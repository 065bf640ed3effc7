import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Renders a `--by` table as text, CSV or JSON.
///
/// CSV: the header row is exactly the field names followed by `count` (`code,client,count`),
/// one row per value tuple, absent values as empty cells; cells are quoted and
/// formula-neutralized by `Sanitizer.csvField`. JSON (`mailcodes.table/1`):
/// `{"schema":..., "by":[fields], "count":"events"|"sessions", "total":N, "rows":[{field: value,
/// ..., "count": N}]}` with absent values as null.
public enum TableRenderer {
  public static func csv(_ table: GroupTable) -> String {
    if table.countsConnectTime {
      // `--count connect-time`: sessions, their seconds and the longest, per row.
      var lines = [(table.fields.map(\.rawValue) + ["sessions", "seconds", "max_seconds"]).joined(separator: ",")]
      for row in table.rows {
        lines.append(
          (row.values.map { Sanitizer.csvField($0) } + [
            String(row.sessions ?? 0), String(row.count), String(row.longest ?? 0),
          ]).joined(separator: ","))
      }
      return lines.joined(separator: "\n") + "\n"
    }
    var lines = [(table.fields.map(\.rawValue) + ["count"]).joined(separator: ",")]
    for row in table.rows {
      lines.append((row.values.map { Sanitizer.csvField($0) } + [String(row.count)]).joined(separator: ","))
    }
    if table.overflow > 0 {
      lines.append((table.fields.map { _ in "(other)" } + [String(table.overflow)]).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public static func json(_ table: GroupTable) -> String {
    var doc = JSONDocument()
    doc.add("schema", json: Sanitizer.jsonString("mailcodes.table/1"))
    doc.add("by", json: "[" + table.fields.map { Sanitizer.jsonString($0.rawValue) }.joined(separator: ",") + "]")
    doc.add("count", json: Sanitizer.jsonString(table.unit))
    doc.add("total", json: String(table.total))
    doc.add("overflow", json: String(table.overflow))
    doc.add(
      "rows",
      rows: table.rows.map { row in
        var w = JSONObjectWriter()
        for (field, value) in zip(table.fields, row.values) {
          if (field == .code || field == .file) && !value.isEmpty, field == .code, let n = Int(value) {
            w.number(field.rawValue, n)
          } else {
            w.optionalString(field.rawValue, value)
          }
        }
        if let sessions = row.sessions { w.number("sessions", sessions) }
        w.number("count", row.count)
        if let longest = row.longest { w.number("max_seconds", longest) }
        return w.finish()
      })
    return doc.render()
  }

  public static func text(_ table: GroupTable, width: Int = 80, top: Int? = nil) -> String {
    if table.countsConnectTime { return connectTimeText(table, top: top) }
    let showMeaning = table.fields.contains(.code) || table.fields.contains(.enhanced)
    var header = table.fields.map(\.rawValue) + [table.countsSessions || table.countsMessages ? table.unit : "count"]
    if showMeaning { header.append("meaning") }
    let rows = top.map { Array(table.rows.prefix($0)) } ?? table.rows
    var cells: [[String]] = rows.map { row in
      var c = row.values.map { $0.isEmpty ? "-" : Sanitizer.terminalSafe($0) } + [TextLayout.number(row.count)]
      if showMeaning {
        let code = table.fields.firstIndex(of: .code).flatMap { Int(row.values[$0]) }
        let enhanced = table.fields.firstIndex(of: .enhanced).map { row.values[$0] }
        c.append(CodeMeanings.oneLine(code: code, enhanced: enhanced))
      }
      return c
    }
    if table.overflow > 0 {
      var c = table.fields.map { _ in "(other)" } + [TextLayout.number(table.overflow)]
      if showMeaning { c.append("") }
      cells.append(c)
    }
    var widths = header.map(\.count)
    for row in cells {
      for (i, cell) in row.enumerated() where i < widths.count - (showMeaning ? 1 : 0) {
        widths[i] = max(widths[i], cell.count)
      }
    }
    let countColumn = table.fields.count
    func line(_ row: [String]) -> String {
      var parts: [String] = []
      for (i, cell) in row.enumerated() {
        if showMeaning && i == row.count - 1 {
          let used = parts.joined(separator: "  ").count + 2
          parts.append(TextLayout.fit(cell, max(8, width - used)))
        } else if i == countColumn {
          parts.append(TextLayout.right(cell, widths[i]))
        } else {
          parts.append(TextLayout.cell(cell, widths[i]))
        }
      }
      var text = parts.joined(separator: "  ")
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }
    var out = [line(header)]
    out.append(contentsOf: cells.map(line))
    out.append("total: \(TextLayout.number(table.total)) \(table.unit == "events" ? "reply events" : table.unit)")
    if table.overflow > 0 {
      out.append("table full: \(TextLayout.number(table.overflow)) counted in the (other) row")
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// `--count connect-time` as text: per row the sessions, their total connect time in
  /// seconds, the average (rounded down, as pflogsumm's) and the longest.
  static func connectTimeText(_ table: GroupTable, top: Int?) -> String {
    let header = table.fields.map(\.rawValue) + ["sessions", "seconds", "avg", "max"]
    let rows = top.map { Array(table.rows.prefix($0)) } ?? table.rows
    let cells: [[String]] = rows.map { row in
      let sessions = row.sessions ?? 0
      return row.values.map { $0.isEmpty ? "-" : Sanitizer.terminalSafe($0) } + [
        TextLayout.number(sessions), TextLayout.number(row.count),
        TextLayout.number(sessions == 0 ? 0 : row.count / sessions), TextLayout.number(row.longest ?? 0),
      ]
    }
    var widths = header.map(\.count)
    for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    func line(_ row: [String]) -> String {
      var parts: [String] = []
      for (i, cell) in row.enumerated() {
        parts.append(i >= table.fields.count ? TextLayout.right(cell, widths[i]) : TextLayout.cell(cell, widths[i]))
      }
      var text = parts.joined(separator: "  ")
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }
    var out = [line(header)]
    out.append(contentsOf: cells.map(line))
    let sessions = table.rows.reduce(0) { $0 + ($1.sessions ?? 0) }
    out.append(
      "total: \(TextLayout.number(sessions)) sessions, \(TextLayout.number(table.total - table.overflow)) seconds"
        + " connected")
    if table.overflow > 0 {
      out.append("table full: \(TextLayout.number(table.overflow)) sessions not counted")
    }
    return out.joined(separator: "\n") + "\n"
  }
}
