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

/// `mailcodes grep` with its line prefilter prints exactly what it prints without it, on the
/// lab's real logs: the prefilter is a speed-up, never a filter of its own.
@Suite("grep prefilter")
struct GrepPrefilterTests {
  static let runs: [[String]] = [
    ["postfix-syslog.log.1.gz", "postfix-syslog.log"].map(Fixtures.lab),
    ["postfix-rfc3339.log.1.gz", "postfix-rfc3339.log", "postfix-maillog_file.log"].map(Fixtures.lab),
    ["exim-mainlog", "exim-rejectlog"].map(Fixtures.lab),
    [Fixtures.lab("exim-syslog.log")],
    [Fixtures.lab("swaks-transcripts.txt")],
  ]

  /// Code filters, alone and with the criteria an event takes from its own line.
  static let filters: [(String, EventFilter)] = {
    func filter(_ codes: [String], _ change: (inout EventFilter) -> Void = { _ in }) -> EventFilter {
      var f = EventFilter()
      f.codes = codes.compactMap(CodePattern.init)
      change(&f)
      return f
    }
    var cases: [(String, EventFilter)] = []
    for code in [
      "221", "250", "421", "450", "451", "454", "530", "535", "550", "554", "55x", "5.7.1", "5.7.*", "2.0.0",
      "4.4.2", "5.1.1",
    ] {
      cases.append((code, filter([code])))
    }
    cases.append(("530 or 535", filter(["530", "535"])))
    cases.append(("221 QUIT", filter(["221"]) { $0.commands = [.quit] }))
    cases.append(("5.7.* auth-failure", filter(["5.7.*"]) { $0.kinds = [.authFailure] }))
    cases.append(("4.4.2 outbound", filter(["4.4.2"]) { $0.directions = [.outbound] }))
    cases.append(("550 observed", filter(["550"]) { $0.observedOnly = true }))
    cases.append(("55x not 550", filter(["55x"]) { $0.excludedCodes = [CodePattern("550")!] }))
    return cases
  }()

  /// What `grep -n -H` prints, and the match count per input.
  static func grep(_ paths: [String], _ filter: EventFilter, prefilter: LinePrefilter?) -> (String, [Int]) {
    var grepOptions = GrepOptions()
    grepOptions.lineNumbers = true
    grepOptions.withFileName = true
    var options = Engine.options()
    options.prefilter = prefilter
    let names = NameTable()
    let output = ByteOutput(.memory)
    var sink = GrepSink(filter: filter, options: grepOptions, output: output, names: names)
    _ = Pipeline.run(paths.map(InputFile.init(path:)), options: options, names: names, sink: &sink)
    sink.finish()
    output.flush()
    return (output.text, paths.indices.map { sink.matches(input: $0) })
  }

  @Test("grep -n with the prefilter prints the lines of the full parse", arguments: runs)
  func sameLines(_ paths: [String]) throws {
    var prefiltered = 0
    for (name, filter) in Self.filters {
      var options = GrepOptions()
      options.lineNumbers = true
      let prefilter = try #require(GrepPrefilter.make(filter: filter, options: options), "no prefilter for \(name)")
      let full = Self.grep(paths, filter, prefilter: nil)
      let fast = Self.grep(paths, filter, prefilter: prefilter)
      #expect(fast.0 == full.0, "\(name): lines differ")
      #expect(fast.1 == full.1, "\(name): counts differ")
      if !full.0.isEmpty { prefiltered += 1 }
    }
    // The comparison means something only if some filters match.
    #expect(prefiltered >= 3)
  }

  @Test("No prefilter where the output needs sessions, inverted matches or other lines")
  func unsafeCases() {
    var codes = EventFilter()
    codes.codes = [CodePattern("554")!]
    #expect(GrepPrefilter.make(filter: codes, options: GrepOptions()) != nil)
    var sessions = GrepOptions()
    sessions.sessions = true
    #expect(GrepPrefilter.make(filter: codes, options: sessions) == nil)
    var invert = GrepOptions()
    invert.invert = true
    #expect(GrepPrefilter.make(filter: codes, options: invert) == nil)
    var events = GrepOptions()
    events.output = .events
    #expect(GrepPrefilter.make(filter: codes, options: events) == nil)
    var client = codes
    client.clients = [AddressPattern("127.0.0.1")!]
    #expect(GrepPrefilter.make(filter: client, options: GrepOptions()) == nil)
    var outcome = codes
    outcome.outcomes = [.idleTimeout]
    #expect(GrepPrefilter.make(filter: outcome, options: GrepOptions()) == nil)
    var noCodes = EventFilter()
    noCodes.kinds = [.authFailure]
    #expect(GrepPrefilter.make(filter: noCodes, options: GrepOptions()) == nil)
    var wideClass = EventFilter()
    wideClass.codes = [CodePattern("5xx")!]
    #expect(GrepPrefilter.make(filter: wideClass, options: GrepOptions()) == nil)
  }
}
