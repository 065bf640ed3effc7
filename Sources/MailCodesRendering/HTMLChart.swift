import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The HTML report's charts, drawn with HTML elements and CSS alone (no script, no SVG).
///
/// Text stays text at its CSS size whatever the width of the screen, so labels are as
/// readable on a phone as on a desktop (an SVG scaled to a 400 px screen shrank its 11 px
/// labels to 4 px). Layout rules, in `HTMLRenderer.style`:
/// - columns: one per hour, segments stacked from the bottom; a y axis of round ticks
///   (`ticks`); hour labels thinned so that they do not overlap (`labelSteps`): every label
///   with class `w` shows on a wide screen, only those also marked `n` on a narrow one.
/// - bars: a grid of label, bar and value; the label column takes at most 45% of the width
///   and wraps long addresses.
/// Every value from a log goes through `Sanitizer.html`; numbers are `TextLayout.number`.
enum HTMLChart {
  struct Series {
    var label: String
    var color: String
  }

  struct Bar {
    var label: String
    var href: String?
    var value: Int
    var color: String
  }

  /// Room a label needs, in px: five characters of 12 px text and a gap.
  static let labelWidth = 44
  /// Width of the plot on a wide screen (the page is at most 1000 px) and on a phone (400 px).
  static let widePlot = 880
  static let narrowPlot = 300

  /// Stacked columns: one per hour of `hours` (`YYYY-MM-DDTHH`, sorted; hours missing between
  /// the first and the last are drawn empty, so that the axis is time), one segment per series.
  static func hourColumns(
    hours: [String], series: [Series], values: [[Int]], title: String,
    noData: String
  ) -> String {
    guard let first = hours.first.flatMap(hourIndex), let last = hours.last.flatMap(hourIndex) else {
      return "<p class=\"empty\">\(Sanitizer.html(noData))</p>"
    }
    // A contiguous axis, unless the hours spread over more than two months (then as given).
    var axis: [(hour: Int, values: [Int])] = []
    if last - first < 24 * 62 {
      var byHour: [Int: [Int]] = [:]
      for (k, hour) in hours.enumerated() { if let h = hourIndex(hour) { byHour[h] = values[k] } }
      for h in first...last { axis.append((h, byHour[h] ?? Array(repeating: 0, count: series.count))) }
    } else {
      for (k, hour) in hours.enumerated() { if let h = hourIndex(hour) { axis.append((h, values[k])) } }
    }
    let totals = axis.map { $0.values.reduce(0, +) }
    let scale = ticks(max: totals.max() ?? 0)
    let top = max(1, scale.last ?? 1)
    let steps = labelSteps(count: axis.count)
    var html = "<figure class=\"columns\"><div class=\"plot\" role=\"img\" aria-label=\"\(Sanitizer.html(title))\">"
    html += "<div class=\"yaxis\">"
    for tick in scale { html += "<span style=\"bottom:\(percent(tick, top))\">\(TextLayout.number(tick))</span>" }
    html += "</div><div class=\"area\">"
    for tick in scale.dropFirst() { html += "<i style=\"bottom:\(percent(tick, top))\"></i>" }
    for (column, total) in zip(axis, totals) {
      let parts = zip(series, column.values).filter { $0.1 > 0 }
        .map { "\($0.0.label) \(TextLayout.number($0.1))" }.joined(separator: ", ")
      html +=
        "<div class=\"col\" title=\"\(Sanitizer.html(label(hour: column.hour, long: true))): "
        + "\(Sanitizer.html(parts.isEmpty ? "0" : parts))\">"
      if total > 0 {
        for (serie, value) in zip(series, column.values) where value > 0 {
          html += "<span style=\"height:\(percent(value, top));background:\(serie.color)\"></span>"
        }
      }
      html += "</div>"
    }
    html += "</div></div><div class=\"xaxis\">"
    for (k, column) in axis.enumerated() {
      let shown = labelShown(index: k, hour: column.hour, step: steps.wide, contiguous: axis.count == last - first + 1)
      let narrow = labelShown(
        index: k, hour: column.hour, step: steps.narrow, contiguous: axis.count == last - first + 1)
      let marks = (shown ? ["w"] : []) + (narrow ? ["n"] : [])
      html +=
        marks.isEmpty
        ? "<span></span>"
        : "<span class=\"\(marks.joined(separator: " "))\">\(label(hour: column.hour, long: false))</span>"
    }
    html += "</div><figcaption>"
    html +=
      "<span class=\"range\">\(Sanitizer.html(label(hour: first, long: true))) &ndash; \(Sanitizer.html(label(hour: last, long: true)))</span>"
    for serie in series {
      html += "<span class=\"key\"><b style=\"background:\(serie.color)\"></b>\(Sanitizer.html(serie.label))</span>"
    }
    return html + "</figcaption></figure>"
  }

  /// Horizontal bars: label (a link when `href` is set), bar, value.
  static func bars(_ rows: [Bar], title: String, noData: String) -> String {
    guard !rows.isEmpty else { return "<p class=\"empty\">\(Sanitizer.html(noData))</p>" }
    let top = max(1, rows.map(\.value).max() ?? 1)
    var html = "<div class=\"bars\" role=\"img\" aria-label=\"\(Sanitizer.html(title))\">"
    for row in rows {
      let label = Sanitizer.html(row.label)
      html +=
        row.href.map { "<a class=\"label\" href=\"\(Sanitizer.html($0))\">\(label)</a>" }
        ?? "<span class=\"label\">\(label)</span>"
      html +=
        "<span class=\"bar\"><span style=\"width:\(percent(max(row.value, 0), top));background:\(row.color)\"></span></span>"
      html += "<span class=\"value\">\(TextLayout.number(row.value))</span>"
    }
    return html + "</div>"
  }

  /// Round ticks from 0 that cover `max`: four or five steps of 1, 2 or 5 times a power of ten
  /// (`757` gives 0, 200, 400, 600, 800).
  static func ticks(max value: Int) -> [Int] {
    guard value > 0 else { return [0, 1] }
    var power = 1
    while power * 10 <= value / 4 { power *= 10 }
    var step = power
    for factor in [1, 2, 5, 10] where power * factor * 5 >= value {
      step = power * factor
      break
    }
    if step * 5 < value { step = power * 10 }
    let count = (value + step - 1) / step
    return (0...count).map { $0 * step }
  }

  /// Label every `wide`-th column on a wide screen and every `narrow`-th on a phone: the
  /// smallest steps among 1, 2, 3, 4, 6, 8, 12 hours and whole days that leave each shown
  /// label `labelWidth` px.
  static func labelSteps(count: Int) -> (wide: Int, narrow: Int) {
    // Every label a phone shows is one a wide screen shows too: the narrow step is a multiple
    // of the wide one.
    func step(_ plot: Int, multipleOf base: Int) -> Int {
      let room = max(1, plot / labelWidth)
      for candidate in [1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 96, 168, 336, 720]
      where candidate % base == 0 && (count + candidate - 1) / candidate <= room {
        return candidate
      }
      let fallback = max(1, (count + room - 1) / room)
      return (fallback + base - 1) / base * base
    }
    let wide = step(widePlot, multipleOf: 1)
    return (wide, step(narrowPlot, multipleOf: wide))
  }

  private static func labelShown(index: Int, hour: Int, step: Int, contiguous: Bool) -> Bool {
    // On a time axis, labels fall on round hours of the day (00h, 06h, 12h); whole days on midnight.
    guard contiguous else { return index % step == 0 }
    if step <= 24, 24 % step == 0 { return (hour % 24) % step == 0 }
    if step % 24 == 0 { return hour % 24 == 0 && (hour / 24) % (step / 24) == 0 }
    return index % step == 0
  }

  /// Hours since 1970 of `YYYY-MM-DDTHH`.
  static func hourIndex(_ text: String) -> Int? {
    let parts = text.split(whereSeparator: { $0 == "-" || $0 == "T" })
    guard parts.count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), let h = Int(parts[3]),
      (1...12).contains(m), (1...31).contains(d), (0...23).contains(h)
    else { return nil }
    return Int(CivilDate.days(year: y, month: m, day: d)) * 24 + h
  }

  /// `06h` on the axis (`11-29` at midnight: the day begins), `2026-11-29 06h` in full.
  static func label(hour: Int, long: Bool) -> String {
    let days = Int64(hour >= 0 ? hour / 24 : (hour - 23) / 24)
    let h = hour - Int(days) * 24
    let date = CivilDate.date(days: days)
    let hh = h < 10 ? "0\(h)" : "\(h)"
    let mm = date.month < 10 ? "0\(date.month)" : "\(date.month)"
    let dd = date.day < 10 ? "0\(date.day)" : "\(date.day)"
    if long { return "\(date.year)-\(mm)-\(dd) \(hh)h" }
    return h == 0 ? "\(mm)-\(dd)" : "\(hh)h"
  }

  /// `value / top` as a CSS percentage with one decimal.
  static func percent(_ value: Int, _ top: Int) -> String {
    let tenths = (value * 1000 + top / 2) / max(1, top)
    return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
  }
}
