import Foundation
import MailCodesKit
import Testing

@testable import MailCodesCLI

/// `--input-format postfix|exim|transcript` (and `--format FAMILY`) reads every input with
/// that family's parser alone: a forced Postfix read of an Exim log recognizes nothing, and
/// says so on stderr.
@Suite("Forced input format")
struct InputFormatTests {
  static func totals(_ r: RunResult) -> [String: Int] {
    (StrictJSONCheck.object(r.stdout)?["totals"] as? [String: Any])?.compactMapValues { $0 as? Int } ?? [:]
  }

  static func formats(_ r: RunResult) -> [String: Int] {
    let inputs = StrictJSONCheck.object(r.stdout)?["inputs"] as? [[String: Any]]
    return (inputs?.first?["formats"] as? [String: Any])?.compactMapValues { $0 as? Int } ?? [:]
  }

  @Test(
    "Another family's log: nothing recognized, and a note that names the forced family",
    arguments: [
      ("postfix", "lab/exim-mainlog", "a Postfix log line"), ("postfix", "lab/exim-syslog.log", "a Postfix log line"),
      ("exim", "lab/postfix-syslog.log", "an Exim log line"),
      ("transcript", "lab/exim-mainlog", "an SMTP transcript line"),
    ])
  func wrongFamily(family: String, fixture: String, noun: String) {
    let path = Paths.fixture(fixture)
    for spelling in [["--input-format", family], ["--format", family]] {
      let r = run(["analyze", "--year", "2026"] + spelling + ["--format", "json", path])
      #expect(r.status == 0, "a note does not change the status: \(r.stderr)")
      #expect(Self.totals(r)["recognized"] == 0, "\(spelling) \(fixture): \(Self.totals(r))")
      #expect(Self.totals(r)["events"] == 0)
      #expect(r.stderr.contains("none of its"), "\(r.stderr)")
      #expect(r.stderr.contains("is \(noun) (--input-format \(family) reads it as \(family) only"), "\(r.stderr)")
    }
    let grep = run(["grep", "--year", "2026", "--input-format", family, "-c", "5xx", path])
    #expect(grep.stdout == "0\n")
    #expect(grep.status == 1)
  }

  @Test(
    "The right family: the same report as detection",
    arguments: [
      ("postfix", "lab/postfix-syslog.log"), ("exim", "lab/exim-mainlog"), ("exim", "lab/exim-syslog.log"),
      ("transcript", "lab/swaks-transcripts.txt"),
    ])
  func rightFamily(family: String, fixture: String) {
    let path = Paths.fixture(fixture)
    let detected = run(["analyze", "--year", "2026", "--format", "json", path])
    let forced = run(["analyze", "--year", "2026", "--input-format", family, "--format", "json", path])
    #expect(Self.totals(forced) == Self.totals(detected))
    #expect(Self.totals(forced)["recognized"] ?? 0 > 0)
    #expect(!forced.stderr.contains("note:"))
  }

  @Test("A syslog file of both families: each forced read takes its own lines only")
  func mixedSyslog() {
    let path = Paths.fixture("exim/syslog-mixed.log")
    let detected = run(["analyze", "--year", "2026", "--format", "json", path])
    let postfix = run(["analyze", "--year", "2026", "--input-format", "postfix", "--format", "json", path])
    let exim = run(["analyze", "--year", "2026", "--input-format", "exim", "--format", "json", path])
    #expect(Self.formats(detected) == ["postfix": 3, "exim": 5])
    #expect(Self.formats(postfix) == ["postfix": 3])
    #expect(Self.formats(exim) == ["exim": 5])
    #expect(
      (Self.totals(postfix)["recognized"] ?? 0) + (Self.totals(exim)["recognized"] ?? 0)
        == Self.totals(detected)["recognized"])
    let events = run(["events", "--year", "2026", "--input-format", "postfix", path]).stdout
    #expect(!events.contains("\"format\":\"exim\""))
    #expect(events.contains("\"format\":\"postfix\""))
  }
}
