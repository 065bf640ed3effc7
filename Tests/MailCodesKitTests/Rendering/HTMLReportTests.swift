import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesExplain
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesKnowledge
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// The HTML report in Chinese (the whole page, and `lang`), its charts on any screen (hour
/// labels thinned so that they do not overlap, round ticks), one number format, and tables
/// that scroll instead of spilling off a phone's screen. Checked by eye with
/// `Scripts/html-screenshot.sh` at 400 and 1200 px.
@Suite("HTML report")
struct HTMLReportTests {
  static let report = Report(summary: PostfixGoldenReportTests.summary())

  /// The English texts of the page's own, none of which may be left in the Chinese page.
  static let englishUI = [
    ">mailcodes report<", ">Problems<", ">Replies per hour<", ">Replies sent by this server<", ">Code<", ">Enhanced<",
    ">Command<", ">Count<", ">Clients<", ">Meaning<", ">Sample reply<", "* inferred:", ">Top clients per problem code<",
    ">Refusals whose reply the log does not print<", ">Likely reply<", "Sessions by outcome", ">Outcome<", ">Ended at<",
    ">Remote replies to our deliveries<", ">Input<", ">Lines<", ">Recognized<", ">Ignored<", ">Unrecognized<",
    ">What the codes mean<", ">When it appears<", ">Fix (client)<", ">Fix (server)<", "Made by mailcodes", "Period:",
    "5xx permanent rejections sent", "Authentication failures", "Idle timeouts", ">no code<",
    "Bad destination mailbox address",
    "Authentication credentials invalid", "likely 530", "remote closed without QUIT", " after EHLO",
    // The message sections.
    ">Messages<", "delivered recipients, ", "deferred messages, ", "% of received + rejected", "sending domains",
    ">Transport<", "Messages per hour", ">Refusals by reason<", ">Replies and texts<", ">Senders<",
    ">Delivery by recipient domain<", ">Avg delay<", ">Reception by sender domain<", ">Top senders and recipients<",
    ">Senders by messages<", ">Recipients by size<", ">Delays<", ">Series<", "delay (to delivery)",
    "before the queue manager", "time in the queue", ">Daemon warnings and errors<", ">Severity<",
  ]

  @Test("--lang zh: the whole page is Chinese, and says so in lang")
  func chinese() {
    let zh = HTMLRenderer(language: .zh).render(Self.report)
    let en = HTMLRenderer(language: .en).render(Self.report)
    #expect(zh.contains("<html lang=\"zh\">"))
    #expect(en.contains("<html lang=\"en\">"))
    for text in Self.englishUI {
      #expect(en.contains(text), "the English page has \(text)")
      #expect(!zh.contains(text), "left in English: \(text)")
    }
    for text in [
      "<h1>mailcodes 报告</h1>", ">问题<", ">每小时应答<", ">本服务器发出的应答<", ">代码<", ">含义<", ">应答示例<",
      ">代码含义<", ">何时出现<", "发出的 5xx 永久拒绝", "认证失败", "空闲超时 (idle-timeout)", "由 mailcodes 生成",
      ">邮件<", ">按原因划分的拒绝<", "未知收件人 (unknown recipient)", ">按收件域划分的投递<", "延迟（至投递）",
      "警告 (warning)", "已接收 (received)",
      ReplyCodeReference.meaning(code: 550, enhanced: EnhancedStatusCode("5.1.1"), language: .zh),
    ] {
      #expect(zh.contains(text), "missing: \(text)")
    }
    // What comes from the log, and the protocol's words, stay.
    #expect(zh.contains("Recipient address rejected: User unknown in local recipient table"))
    #expect(zh.contains(">RCPT<"))
    // A title the user gave stays as given.
    #expect(HTMLRenderer(title: "MX 1", language: .zh).render(Self.report).contains("<h1>MX 1</h1>"))
  }

  /// A report with `hours` consecutive hours of replies (1,000 to 1,000 + hours - 1 2xx each).
  static func hourly(_ hours: Int) -> String {
    var report = Report(summary: Summary())
    let start = LogTimestamp(year: 2026, month: 11, day: 28).wallSeconds / 3600
    report.hourly = (0..<hours).map { k in
      let t = LogTimestamp(wallSeconds: (start + Int64(k)) * 3600).description
      return (hour: String(t.prefix(13)), counts: [2: 1000 + k, 5: k])
    }
    return HTMLRenderer().render(report)
  }

  /// The hour labels of the page: (classes, text) of every `span` of the x axis.
  static func axisLabels(_ html: String) throws -> [(classes: String, text: String)] {
    let axis = try #require(html.range(of: "<div class=\"xaxis\">"))
    let end = try #require(html.range(of: "</div>", range: axis.upperBound..<html.endIndex))
    let spans = html[axis.upperBound..<end.lowerBound].components(separatedBy: "</span>").dropLast()
    return spans.map { span in
      let classes = span.range(of: "class=\"").map { String(span[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
      return (classes, String(span[(span.range(of: ">")?.upperBound ?? span.endIndex)...]))
    }
  }

  @Test("24 hours: every other label on a wide screen, every fourth on a phone, on round hours")
  func thinnedLabels() throws {
    let labels = try Self.axisLabels(Self.hourly(24))
    #expect(labels.count == 24)
    let wide = labels.filter { $0.classes.split(separator: " ").contains("w") }
    let narrow = labels.filter { $0.classes.split(separator: " ").contains("n") }
    #expect(wide.map(\.text) == ["11-28", "02h", "04h", "06h", "08h", "10h", "12h", "14h", "16h", "18h", "20h", "22h"])
    #expect(narrow.map(\.text) == ["11-28", "04h", "08h", "12h", "16h", "20h"])
    #expect(narrow.allSatisfy { $0.classes.contains("w") }, "a phone shows only labels a wide screen shows")
    // Unlabelled columns keep their place on the axis, empty.
    #expect(labels[1].text.isEmpty && labels[1].classes.isEmpty)
  }

  @Test(
    "Labels never closer than their width, for any number of hours", arguments: [1, 5, 12, 24, 25, 48, 72, 168, 500])
  func labelRoom(hours: Int) throws {
    let steps = HTMLChart.labelSteps(count: hours)
    #expect(HTMLChart.widePlot * steps.wide / hours >= HTMLChart.labelWidth)
    #expect(HTMLChart.narrowPlot * steps.narrow / hours >= HTMLChart.labelWidth)
    #expect(steps.narrow % steps.wide == 0)
    let labels = try Self.axisLabels(Self.hourly(hours))
    #expect(labels.count == hours)
    let shown = labels.filter { $0.classes.contains("w") }.count
    #expect(shown >= 1 && shown <= HTMLChart.widePlot / HTMLChart.labelWidth)
    #expect(labels.filter { $0.classes.contains("n") }.count <= HTMLChart.narrowPlot / HTMLChart.labelWidth)
  }

  @Test(
    "Round axis ticks",
    arguments: [
      (757, [0, 200, 400, 600, 800]), (1, [0, 1]), (7, [0, 2, 4, 6, 8]),
      (1000, [0, 200, 400, 600, 800, 1000]), (24, [0, 5, 10, 15, 20, 25]),
      (1023, [0, 500, 1000, 1500]), (0, [0, 1]),
    ])
  func ticks(max: Int, expected: [Int]) {
    #expect(HTMLChart.ticks(max: max) == expected)
  }

  @Test("One number format: thousands separators in cards, tables, charts and axes")
  func numbers() throws {
    let html = Self.hourly(24)
    // The tallest column holds 1,023 + 23: ticks of 500 up to 1,500.
    #expect(html.contains(">1,500</span>"))
    #expect(html.contains("2xx/3xx 1,023, 5xx 23"))
    #expect(!html.contains(">1500<") && !html.contains(" 1023"))
    let whole = HTMLRenderer().render(Self.report)
    let page = String(whole[(whole.range(of: "<body>")?.upperBound ?? whole.startIndex)...])
    let digits = try Regex("[0-9]{4,}")
    for number in page.matches(of: digits) {
      // Four digits in a row are a year, an address or an id, never a count.
      let from = page.index(number.range.lowerBound, offsetBy: -12, limitedBy: page.startIndex) ?? page.startIndex
      let context = String(page[from..<number.range.upperBound])
      let allowed = ["2026", "127.0", "#", "queued", "RFC "].contains { context.contains($0) }
      #expect(allowed, "\(context)")
    }
  }

  @Test("Tables sit in boxes that scroll sideways; the page declares a phone's viewport")
  func phone() {
    let html = HTMLRenderer().render(Self.report)
    #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
    let tables = html.components(separatedBy: "<table").count - 1
    #expect(tables >= 4)
    #expect(html.components(separatedBy: "<div class=\"table\"><table").count - 1 == tables)
    #expect(html.contains(".table { overflow-x: auto;"))
    #expect(html.contains("@media (max-width: 700px)"))
    #expect(!html.contains("<svg"), "charts are HTML: their text keeps its size on any screen")
  }
}
