import MailCodesSupport
import MailCodesSMTP
import MailCodesKnowledge
import MailCodesExplain
import MailCodesInput
import MailCodesFormats
import MailCodesAnalysis

/// Small inline SVG charts for the HTML report (no script, no network: plain SVG elements).
enum SVGChart {
  struct Series {
    var label: String
    var color: String
  }

  /// Stacked vertical bars: one bar per category (e.g. an hour), one stack segment per series.
  static func stackedColumns(categories: [String], series: [Series], values: [[Int]], width: Int = 900,
                             height: Int = 220, title: String) -> String {
    guard !categories.isEmpty else { return "<p class=\"empty\">No data.</p>" }
    let left = 50, bottom = 40, top = 10
    let plotWidth = width - left - 10, plotHeight = height - bottom - top
    let totals = values.map { $0.reduce(0, +) }
    let maxTotal = max(1, totals.max() ?? 1)
    let step = Double(plotWidth) / Double(categories.count)
    let barWidth = max(1.0, step * 0.8)
    var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" "
      + "xmlns=\"http://www.w3.org/2000/svg\"><title>\(Sanitizer.html(title))</title>"
    for k in 0...4 {
      let y = top + plotHeight - plotHeight * k / 4
      svg += "<line x1=\"\(left)\" x2=\"\(width - 10)\" y1=\"\(y)\" y2=\"\(y)\" class=\"grid\"/>"
      svg += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" class=\"axis\" text-anchor=\"end\">\(maxTotal * k / 4)</text>"
    }
    let labelEvery = max(1, categories.count / 12)
    for (i, category) in categories.enumerated() {
      let x = Double(left) + Double(i) * step + (step - barWidth) / 2
      var y = Double(top + plotHeight)
      for (s, serie) in series.enumerated() {
        let v = values[i][s]
        guard v > 0 else { continue }
        let h = Double(plotHeight) * Double(v) / Double(maxTotal)
        y -= h
        svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(h))\" fill=\"\(serie.color)\">"
          + "<title>\(Sanitizer.html(category)) \(Sanitizer.html(serie.label)): \(v)</title></rect>"
      }
      if i % labelEvery == 0 {
        svg += "<text x=\"\(fmt(x + barWidth / 2))\" y=\"\(height - bottom + 16)\" class=\"axis\" text-anchor=\"middle\">"
          + "\(Sanitizer.html(category))</text>"
      }
    }
    var lx = left
    for serie in series {
      svg += "<rect x=\"\(lx)\" y=\"\(height - 14)\" width=\"10\" height=\"10\" fill=\"\(serie.color)\"/>"
      svg += "<text x=\"\(lx + 14)\" y=\"\(height - 5)\" class=\"axis\">\(Sanitizer.html(serie.label))</text>"
      lx += 14 + serie.label.count * 7 + 18
    }
    return svg + "</svg>"
  }

  /// Horizontal bars with a label (which may be a link) and a value.
  static func bars(_ rows: [(label: String, href: String?, value: Int, color: String)], width: Int = 900,
                   title: String) -> String {
    guard !rows.isEmpty else { return "<p class=\"empty\">No data.</p>" }
    let labelWidth = 260, rowHeight = 22
    let height = rows.count * rowHeight + 10
    let maxValue = max(1, rows.map(\.value).max() ?? 1)
    let plotWidth = width - labelWidth - 70
    var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" "
      + "xmlns=\"http://www.w3.org/2000/svg\"><title>\(Sanitizer.html(title))</title>"
    for (i, row) in rows.enumerated() {
      let y = 5 + i * rowHeight
      let w = max(1, plotWidth * row.value / maxValue)
      var label = "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" class=\"label\" text-anchor=\"end\">\(Sanitizer.html(row.label))</text>"
      if let href = row.href { label = "<a href=\"\(Sanitizer.html(href))\">\(label)</a>" }
      svg += label
      svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"\(rowHeight - 6)\" fill=\"\(row.color)\">"
        + "<title>\(Sanitizer.html(row.label)): \(row.value)</title></rect>"
      svg += "<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 15)\" class=\"value\">\(row.value)</text>"
    }
    return svg + "</svg>"
  }

  static func fmt(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(r)
  }
}
