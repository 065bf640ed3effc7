import Foundation
import MailCodesKit
import Testing

/// `--format prometheus` (text exposition format 0.0.4, for node_exporter's textfile collector)
/// and `--state` (counters that only grow, through rotations and restarts).
@Suite("Prometheus metrics")
struct PrometheusTests {
  static let log = Paths.repository + "/SampleLogs/postfix/mail.log"

  /// The format's rules that the textfile collector and `promtool check metrics` apply: every
  /// sample's family (its own name, `_total` included) has `# HELP` and `# TYPE` before it, one
  /// family at a time; counters end in `_total`, gauges do not; no OpenMetrics `# EOF`.
  static func violations(_ text: String) -> [String] {
    var problems: [String] = []
    var help: Set<String> = []
    var types: [String: String] = [:]
    var finished: Set<String> = []
    var current = ""
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      let words = line.split(separator: " ", maxSplits: 3).map(String.init)
      if line.hasPrefix("# HELP ") {
        help.insert(words[2])
      } else if line.hasPrefix("# TYPE ") {
        types[words[2]] = words[3]
        if words[3] == "counter", !words[2].hasSuffix("_total") { problems.append("counter without _total: \(line)") }
        if words[3] == "gauge", words[2].hasSuffix("_total") { problems.append("gauge named _total: \(line)") }
      } else if line.hasPrefix("#") {
        problems.append("unexpected comment: \(line)")
      } else {
        let name = String(line.prefix { $0 != "{" && $0 != " " })
        if name != current {
          if finished.contains(name) { problems.append("family \(name) split") }
          finished.insert(current)
          current = name
        }
        if !help.contains(name) { problems.append("no HELP for \(name)") }
        if types[name] == nil { problems.append("no TYPE for \(name)") }
        guard let value = line.split(separator: " ").last, Double(value) != nil else {
          problems.append("bad sample: \(line)")
          continue
        }
      }
    }
    return problems
  }

  @Test("the report, a window and a --by table follow the text format (HELP and TYPE name the samples)")
  func format() {
    for arguments in [
      ["analyze", "--format", "prometheus", Self.log],
      ["analyze", "--since", "2026-11-29T00:13", "--format", "prometheus", Self.log],
      ["analyze", "--by", "code,command", "--format", "prometheus", Self.log],
    ] {
      let r = run(arguments)
      #expect(r.status == 0, "\(arguments): \(r.stderr)")
      #expect(Self.violations(r.stdout).isEmpty, "\(arguments): \(Self.violations(r.stdout))")
    }
  }

  @Test("a window is gauges under other names; the counters are the whole input's")
  func windowGauges() {
    let counters = run(["analyze", "--format", "prometheus", Self.log]).stdout
    #expect(counters.contains("# TYPE mailcodes_replies_total counter\n"))
    #expect(!counters.contains("mailcodes_window_"))
    let window = run(["analyze", "--since", "2026-11-29T00:13", "--format", "prometheus", Self.log]).stdout
    #expect(window.contains("# TYPE mailcodes_window_replies gauge\n"))
    #expect(!window.contains("_total"), "a window must not be written under counter names")
    #expect(window.contains("mailcodes_window_start_seconds "))
  }

  @Test("every class and every outcome is written, with 0 when nothing happened")
  func zeros() {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = dir.file("quiet.log", PostfixSample.connect() + "\n" + PostfixSample.disconnect() + "\n")
    let text = run(["analyze", "--year", "2026", "--format", "prometheus", log]).stdout
    for direction in ["inbound", "outbound"] {
      for replyClass in ["2xx", "3xx", "4xx", "5xx", "none"] {
        #expect(text.contains("mailcodes_replies_by_class_total{direction=\"\(direction)\",class=\"\(replyClass)\"} "))
      }
      for outcome in Outcome.allCases {
        #expect(
          text.contains("mailcodes_sessions_by_outcome_total{direction=\"\(direction)\",outcome=\"\(outcome)\"} "))
      }
    }
    #expect(text.contains("mailcodes_replies_by_class_total{direction=\"inbound\",class=\"5xx\"} 0\n"))
  }

  @Test("mailcodes_complete is 1 for a log read whole and 0 for a window with no line, as in OpenMetrics")
  func completeGauge() {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = dir.file("quiet.log", PostfixSample.connect() + "\n" + PostfixSample.disconnect() + "\n")
    let whole = run(["analyze", "--year", "2026", "--format", "prometheus", log]).stdout
    #expect(whole.contains("# TYPE mailcodes_complete gauge\nmailcodes_complete 1\n"))
    let empty = run([
      "analyze", "--year", "2026", "--since", "2020-01-01", "--until", "2020-01-02",
      "--format", "prometheus", log,
    ]).stdout
    #expect(empty.contains("mailcodes_complete 0\n"), "\(empty)")
  }

  static let promtool: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  @Test(
    "promtool check metrics accepts the output with no message",
    .enabled(if: promtool != nil, "promtool is not installed (Debian package prometheus; .ci/run installs it)"))
  func promtoolAccepts() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    for (name, arguments) in [
      ("counters", [String]()), ("window", ["--since", "2026-11-29T00:13"]),
      ("table", ["--by", "code,client"]),
    ] {
      let metrics = dir.path + "/\(name).prom"
      #expect(run(["analyze", "--format", "prometheus", "-o", metrics] + arguments + [Self.log]).status == 0)
      let r = try shell("\(Self.promtool!) check metrics < '\(metrics)'")
      #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(name): \(r.stdout)\(r.stderr)")
    }
  }

  /// The value of the sample `name{labels}` in `text`, 0 when absent.
  static func value(_ text: String, _ sample: String) -> Int {
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(sample + " ") }) else { return 0 }
    return Int(line.split(separator: " ").last ?? "") ?? 0
  }

  @Test(
    "--state: runs every 'minute' over a growing, rotated log (rename, copytruncate, gzip) sum to one run over it all")
  func stateSurvivesRotations() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let lines = try String(contentsOfFile: Self.log, encoding: .utf8).split(separator: "\n").map { $0 + "\n" }
    let parts = stride(from: 0, to: lines.count, by: lines.count / 7 + 1).map {
      lines[$0..<min($0 + lines.count / 7 + 1, lines.count)].joined()
    }
    #expect(parts.count == 7)
    let path = dir.path + "/mail.log"
    let log = GrowingLog(path: path)
    let state = dir.path + "/state"
    let metrics = dir.path + "/mailcodes.prom"
    func job() -> String {
      let r = run(["analyze", "--year", "2026", "--state", state, "--format", "prometheus", "-o", metrics, path])
      #expect(r.status == 0, "\(r.stderr)")
      return (try? String(contentsOfFile: metrics, encoding: .utf8)) ?? ""
    }
    var previous = ""
    func monotonic(_ text: String) {
      for line in previous.split(separator: "\n") where line.hasPrefix("mailcodes_") && line.contains("_total") {
        let sample = String(line[..<line.lastIndex(of: " ")!])
        #expect(Self.value(text, sample) >= Self.value(previous, sample), "\(sample) fell")
      }
      previous = text
    }
    dir.file("mail.log", parts[0])
    monotonic(job())
    // A line half written when the job runs is counted once, when it is whole.
    log.append(parts[1] + String(parts[2].prefix(100)))
    monotonic(job())
    #expect(job() == previous, "a run with nothing new changes nothing")
    log.append(String(parts[2].dropFirst(100)))
    log.renameAndRecreate(to: path + ".1")
    log.append(parts[3])
    monotonic(job())
    log.append(parts[4])
    try FileManager.default.copyItem(atPath: path, toPath: path + ".0")
    GrowingLog(path: path + ".0").append(parts[5])
    _ = truncate(path, 0)
    monotonic(job())
    _ = rename(path + ".1", path + ".2")
    _ = rename(path + ".0", path + ".1")
    monotonic(job())
    log.append(parts[6])
    #expect(try shell("gzip '\(path).1'").status == 0)
    let final = job()
    monotonic(final)
    let whole = dir.file("whole.log", parts.joined())
    let once = run(["analyze", "--year", "2026", "--format", "prometheus", whole]).stdout
    func samples(_ text: String) -> [String] {
      text.split(separator: "\n").filter { !$0.hasPrefix("mailcodes_period") }.map(String.init)
    }
    #expect(samples(final) == samples(once))
    #expect(Self.value(final, #"mailcodes_sessions_by_outcome_total{direction="inbound",outcome="quit"}"#) > 400)
    // A restart is a run like any other: the state file is all there is.
    #expect(job() == final)
  }

  @Test("--state over Exim's mainlog and rejectlog counts a rejection written to both once, as a batch run does")
  func stateExim() {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let exim = Paths.repository + "/SampleLogs/exim/"
    func samples(_ text: String) -> [String] {
      text.split(separator: "\n").filter { !$0.hasPrefix("mailcodes_period") }.map(String.init)
    }
    let batch = run(["analyze", "--format", "prometheus", exim + "mainlog", exim + "rejectlog"])
    let state = run([
      "analyze", "--state", dir.path + "/state", "--format", "prometheus", exim + "rejectlog", exim + "mainlog",
    ])
    #expect(state.status == 0, "\(state.stderr)")
    #expect(samples(state.stdout) == samples(batch.stdout))
  }

  @Test("--state refuses what would make counters fall or count twice")
  func stateUsage() {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let state = dir.path + "/state"
    let cases: [[String]] = [
      ["--since", "-1h", "--format", "prometheus", Self.log],
      ["--format", "json", Self.log],
      ["--format", "prometheus", Self.log + ".1.gz", Self.log],
    ]
    for arguments in cases {
      let r = run(["analyze", "--state", state] + arguments)
      #expect(r.status == 2, "\(arguments)")
      #expect(r.stderr.hasPrefix("mailcodes: "), "\(arguments): \(r.stderr)")
    }
    dir.file("state", "not a state file\n")
    let damaged = run(["analyze", "--state", state, "--format", "prometheus", Self.log])
    #expect(damaged.status == 2)
    #expect(damaged.stderr.contains("remove it to start the counters again"))
  }
}
