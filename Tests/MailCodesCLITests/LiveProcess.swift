import Foundation

/// The real `mailcodes` binary running while a test feeds it, with its standard output read as
/// it comes: for live use (a writer that pauses between lines, files that grow and rotate).
final class LiveProcess {
  let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let errors = Pipe()
  private var received: [UInt8] = []

  /// Starts `mailcodes ARGUMENTS` with pipes on its standard input, output and error.
  init(_ arguments: [String]) throws {
    signal(SIGPIPE, SIG_IGN)
    process.executableURL = URL(fileURLWithPath: Paths.binary)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = nil
    process.environment = environment
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
  }

  /// Writes `text` to the process's standard input.
  func write(_ text: String) {
    input.fileHandleForWriting.write(Data(text.utf8))
  }

  func closeInput() { try? input.fileHandleForWriting.close() }

  /// Waits at most `seconds` until standard output holds `count` lines in all; returns them.
  func lines(count: Int, within seconds: Double) -> [String] {
    let deadline = Date().addingTimeInterval(seconds)
    let fd = output.fileHandleForReading.fileDescriptor
    while lineCount < count {
      let left = deadline.timeIntervalSinceNow
      if left <= 0 { break }
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
      var chunk = [UInt8](repeating: 0, count: 65536)
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
      if n <= 0 { break }
      received += chunk[0..<n]
    }
    return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }

  private var lineCount: Int { received.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }

  /// Everything received on standard output so far.
  var text: String { String(decoding: received, as: UTF8.self) }

  /// Sends `signal`, waits for the end, and returns the exit status with the rest of the output.
  func stop(_ sig: Int32 = SIGTERM, within seconds: Double = 10) -> (status: Int32, stdout: String, stderr: String) {
    kill(process.processIdentifier, sig)
    return finish(within: seconds)
  }

  /// Waits for the end (killing the process after `seconds`); the exit status and the outputs.
  func finish(within seconds: Double = 10) -> (status: Int32, stdout: String, stderr: String) {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning, Date() < deadline { usleep(20_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    received += output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    return (process.terminationStatus, text, String(decoding: err, as: UTF8.self))
  }
}

/// Appends to and rotates a log file as a syslog daemon and logrotate do.
struct GrowingLog {
  let path: String

  func append(_ text: String) {
    let handle = FileHandle(forWritingAtPath: path)!
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    try? handle.close()
  }

  /// logrotate's default: the file is renamed, and a new one takes its name.
  func renameAndRecreate(to rotated: String) {
    _ = rename(path, rotated)
    _ = FileManager.default.createFile(atPath: path, contents: nil)
  }

  /// logrotate's `copytruncate`: the file is copied, then emptied in place.
  func copyTruncate(to copy: String) {
    try? FileManager.default.copyItem(atPath: path, toPath: copy)
    _ = truncate(path, 0)
  }
}
