import Foundation
import MailCodesKit
import Testing

/// Live use (issue 18): lines handled as they arrive on a pipe, files followed through their
/// rotations, a refreshed metrics file, and a clean stop on SIGTERM/SIGINT. Each test runs the
/// real binary and feeds it while it runs.
@Suite("Live use", .serialized)
struct LiveTests {
  static func reject(_ n: Int) -> String {
    PostfixSample.reject(
      String(format: "06:%02d:%02d", n / 60, n % 60), pid: 1000 + n,
      client: "c\(n).example[192.0.2.\(n)]") + "\n"
  }

  @Test(
    "a writer that pauses between lines: grep, events and analyze --format jsonl answer each line before the next",
    arguments: [
      ["grep", "--line-buffered", "550"], ["events", "--line-buffered"],
      ["analyze", "--format", "jsonl", "--line-buffered"],
    ])
  func pausingWriter(_ arguments: [String]) throws {
    let live = try LiveProcess(arguments + ["--year", "2026"])
    for n in 1...3 {
      live.write(Self.reject(n))
      let lines = live.lines(count: n, within: 2)
      #expect(lines.count == n, "\(arguments): line \(n) did not come out before the next was written")
      #expect(lines.last?.contains("192.0.2.\(n)") == true, "\(arguments): \(lines)")
    }
    live.closeInput()
    let end = live.finish()
    #expect(end.status == 0, "\(arguments): \(end.stderr)")
    #expect(end.stdout.split(separator: "\n").count == 3)
  }

  @Test("line-buffered output is written at each line, whichever write it came through (bytes, views, text)")
  func lineBufferedOutput() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer {
      close(fds[0])
      close(fds[1])
    }
    _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
    let output = ByteOutput(.descriptor(fds[1]))
    output.lineBuffered = true
    func available() -> String {
      var bytes = [UInt8](repeating: 0, count: 256)
      let n = bytes.withUnsafeMutableBytes { read(fds[0], $0.baseAddress!, $0.count) }
      return n > 0 ? String(decoding: bytes[0..<n], as: UTF8.self) : ""
    }
    output.write(Array("a line\n".utf8))
    #expect(available() == "a line\n")
    let bytes = Array("a view\n".utf8)
    bytes.withUnsafeBufferPointer { output.write(ByteView(base: $0.baseAddress!, count: $0.count)) }
    #expect(available() == "a view\n")
    output.write("no end yet")
    #expect(available() == "")
    output.write("; text\nand more")
    #expect(available() == "no end yet; text\nand more")
    // Not line-buffered (a file, a pipe without --line-buffered): one write per 64 KiB block.
    let batch = ByteOutput(.descriptor(fds[1]))
    batch.write(Array("held\n".utf8))
    #expect(available() == "")
    batch.flush()
    #expect(available() == "held\n")
  }

  @Test(
    "grep --follow: each appended line within a second, through rename-and-recreate and copytruncate; SIGTERM ends it")
  func followRotations() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = GrowingLog(path: dir.file("mail.log", Self.reject(1)))
    let live = try LiveProcess(["grep", "--follow", "550", log.path])
    #expect(live.lines(count: 1, within: 2).count == 1, "what the file held")
    log.append(Self.reject(2))
    #expect(live.lines(count: 2, within: 1).count == 2, "an appended line")
    // Renamed: the writer still appends to the old file until it reopens; then the new one.
    _ = rename(log.path, log.path + ".1")
    GrowingLog(path: log.path + ".1").append(Self.reject(3))
    #expect(live.lines(count: 3, within: 1).count == 3, "a line written to the renamed file")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    log.append(Self.reject(4))
    #expect(live.lines(count: 4, within: 1).count == 4, "a line of the new file")
    // copytruncate: the line written just before the copy is read (from the copy if need be).
    log.append(Self.reject(5))
    log.copyTruncate(to: log.path + ".0")
    log.append(Self.reject(6))
    let lines = live.lines(count: 6, within: 1.5)
    #expect(lines.count == 6, "after copytruncate: \(lines)")
    let end = live.stop(SIGTERM)
    #expect(end.status == 0, "\(end.stderr)")
    let clients = end.stdout.split(separator: "\n").map { line -> String in
      guard let at = line.range(of: "[192.0.2.") else { return String(line) }
      return String(line[line.index(after: at.lowerBound)...].prefix { $0 != "]" })
    }
    #expect(clients == (1...6).map { "192.0.2.\($0)" }, "each line once, in order: \(end.stdout)")
    #expect(end.stderr.contains("mail.log: rotated"), "\(end.stderr)")
    #expect(end.stderr.contains("mail.log: truncated"), "\(end.stderr)")
  }

  @Test("grep -s --follow prints a session when it ends, not before")
  func followSession() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = GrowingLog(path: dir.file("mail.log", ""))
    let live = try LiveProcess(["grep", "-s", "-f", "550", log.path])
    log.append(PostfixSample.connect() + "\n" + PostfixSample.reject() + "\n")
    #expect(live.lines(count: 1, within: 0.8).isEmpty, "the session is still open")
    log.append(PostfixSample.disconnect() + "\n")
    let lines = live.lines(count: 3, within: 1)
    #expect(lines.count == 3, "the session, once it ended: \(lines)")
    #expect(lines.last?.contains("disconnect from") == true)
    #expect(live.stop(SIGINT).status == 0)
  }

  @Test(
    "events and analyze --format jsonl follow a file: each event within a second",
    arguments: [["events", "-f"], ["analyze", "--format", "jsonl", "--follow"]])
  func followEvents(_ arguments: [String]) throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = GrowingLog(path: dir.file("mail.log", Self.reject(1)))
    let live = try LiveProcess(arguments + [log.path])
    #expect(live.lines(count: 1, within: 2).count == 1)
    for n in 2...3 {
      log.append(Self.reject(n))
      let lines = live.lines(count: n, within: 1)
      #expect(lines.count == n && lines.last?.contains("\"client\":\"192.0.2.\(n)\"") == true, "\(arguments): \(lines)")
    }
    let end = live.stop(SIGTERM)
    #expect(end.status == 0, "\(arguments): \(end.stderr)")
  }

  @Test("a file missing at the start is waited for, as tail -F does")
  func followMissingFile() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let path = dir.path + "/mail.log"
    let live = try LiveProcess(["grep", "-f", "550", path])
    usleep(500_000)
    dir.file("mail.log", Self.reject(1))
    #expect(live.lines(count: 1, within: 1.5).count == 1)
    let end = live.stop(SIGTERM)
    #expect(end.status == 0, "\(end.stderr)")
    #expect(end.stderr.contains("waiting for it to appear"), "\(end.stderr)")
    #expect(end.stderr.contains("appeared; following it"), "\(end.stderr)")
  }

  @Test("SIGTERM ends a followed grep -c cleanly: it prints its count and flushes")
  func stopFlushes() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = GrowingLog(path: dir.file("mail.log", Self.reject(1) + Self.reject(2)))
    let live = try LiveProcess(["grep", "-c", "-f", "550", log.path])
    usleep(400_000)
    log.append(Self.reject(3))
    usleep(400_000)
    let end = live.stop(SIGTERM)
    #expect(end.status == 0, "\(end.stderr)")
    #expect(end.stdout == "3\n")
  }

  @Test("analyze --follow --every 1s -o FILE --format prometheus rewrites the metrics as the log grows")
  func analyzeEvery() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let log = GrowingLog(path: dir.file("mail.log", Self.reject(1)))
    let metrics = dir.path + "/mailcodes.prom"
    let live = try LiveProcess([
      "analyze", "--follow", "--every", "1s", "--format", "prometheus", "-o", metrics, log.path,
    ])
    let sample = #"mailcodes_replies_by_class_total{direction="inbound",class="5xx"} "#
    func value(within seconds: Double, _ wanted: String) -> String? {
      let deadline = Date().addingTimeInterval(seconds)
      var last: String?
      repeat {
        let text = (try? String(contentsOfFile: metrics, encoding: .utf8)) ?? ""
        last = text.split(separator: "\n").first { $0.hasPrefix(sample) }.map { String($0.dropFirst(sample.count)) }
        if last == wanted { return last }
        usleep(100_000)
      } while Date() < deadline
      return last
    }
    #expect(value(within: 3, "1") == "1", "the first report")
    log.append(Self.reject(2))
    #expect(value(within: 2.5, "2") == "2", "the refreshed report")
    let end = live.stop(SIGINT)
    #expect(end.status == 0, "\(end.stderr)")
    #expect(value(within: 0, "2") == "2", "the last report stays")
  }
}
