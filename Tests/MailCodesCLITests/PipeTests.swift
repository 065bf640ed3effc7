import Foundation
import Testing

/// A reader that goes away (`| head`) ends mailcodes quietly: status 0, nothing on stderr, no
/// "broken pipe" noise, whichever command was writing and however much it had left to write.
@Suite("Closed pipes")
struct PipeTests {
  /// A log whose report is larger than a pipe's buffer (64 KiB), so that the writer really
  /// meets the closed pipe: 3,000 sessions from distinct clients, each rejected once.
  static func bigLog(_ dir: ScratchDirectory) -> String {
    var log = ""
    for k in 0..<3000 {
      let client = "c\(k).example[10.\(k / 250).\(k % 250).1]"
      log += PostfixSample.session(pid: 10_000 + k, client: client)
    }
    return dir.file("big.log", log)
  }

  func quietly(_ pipeline: String, log: String) throws {
    let r = try shell(
      pipeline.replacingOccurrences(of: "$LOG", with: log) + #" >/dev/null; echo "status=${PIPESTATUS[0]}""#)
    #expect(r.stdout == "status=0\n", "\(pipeline)")
    #expect(r.stderr == "", "\(pipeline)")
  }

  @Test("analyze --format json | head -c 10, and the CSV and text forms")
  func analyze() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = Self.bigLog(dir)
    let size = try shell(#""$0" analyze --year 2026 --format json "\#(log)" | wc -c"#)
    #expect(
      Int(size.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 65536, "the report must outgrow the pipe")
    try quietly(#""$0" analyze --year 2026 --format json "$LOG" | head -c 10"#, log: log)
    try quietly(#""$0" analyze --year 2026 --by client,code --format csv "$LOG" | head -1"#, log: log)
    try quietly(#""$0" analyze --year 2026 --by client,code "$LOG" | head -1"#, log: log)
  }

  @Test("grep (lines, sessions, JSON Lines) and events | head")
  func grepAndEvents() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = Self.bigLog(dir)
    try quietly(#""$0" grep --year 2026 5xx "$LOG" | head -1"#, log: log)
    try quietly(#""$0" grep --year 2026 -s 5xx "$LOG" | head -c 10"#, log: log)
    try quietly(#""$0" grep --year 2026 --format jsonl 5xx "$LOG" | head -c 10"#, log: log)
    try quietly(#""$0" events --year 2026 "$LOG" | head -c 1"#, log: log)
  }
}
