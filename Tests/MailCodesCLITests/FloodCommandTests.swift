import Foundation
import Testing

/// The flood bounds as a user meets them: the LIMITS part of the report, `limits` in JSON, and
/// grep's note on stderr (scaled down from the runs of `Docs/Limits.md`).
@Suite("Floods through the CLI (scaled down)")
struct FloodCommandTests {
  static func flood(_ dir: ScratchDirectory, _ kind: String, _ count: Int) throws -> String {
    let path = dir.path + "/\(kind).log"
    let r = try shell(#""\#(Paths.repository)/Fuzz/flood.sh" \#(kind) \#(count) > "\#(path)""#)
    #expect(r.status == 0)
    return path
  }

  @Test("analyze --max-sessions 1000 on 50,000 sessions that never end")
  func evictions() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = try Self.flood(dir, "sessions", 50_000)
    let json = RawRun(["analyze", "--year", "2026", "--max-sessions", "1000", "--format", "json", path])
    #expect(json.status == 0 && json.stderr.isEmpty, "a bound is reported, not an error")
    let object = try #require(StrictJSONCheck.object(json.stdout))
    let limits = try #require(object["limits"] as? [String: Any])
    #expect(limits["evicted_sessions"] as? Int == 49_000)
    #expect((object["totals"] as? [String: Any])?["sessions"] as? Int == 50_000)
    let text = RawRun(["analyze", "--year", "2026", "--max-sessions", "1000", path]).stdoutText
    #expect(text.contains("\nLIMITS AND HAND-OVERS\n  49,000 sessions evicted (open-session bound)\n"))
  }

  @Test("grep -s --max-session-lines 100 on a session of 50,000 lines: 100 printed, the rest reported, status 2")
  func longSession() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = try Self.flood(dir, "session-lines", 50_000)
    let r = RawRun(["grep", "--year", "2026", "-s", "--max-session-lines", "100", "550", path])
    #expect(r.status == 2)
    #expect(r.stdoutText.split(separator: "\n").count == 100)
    #expect(
      r.stderrText == "mailcodes: \(path): session at line 1: 49,902 lines not shown "
        + "(more than 100 lines per session, or 1000000 buffered)\n")
  }
}
