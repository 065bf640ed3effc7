import Foundation
import MailCodesKit
import MailCodesTestSupport
import Testing

@testable import MailCodesCLI

/// The repository's `Tests/MailCodesKitTests/Fixtures` (the CLI tests share the kit's fixtures).
enum Paths {
  static let repository: String = TestRepository.root

  static func fixture(_ relative: String) -> String { TestRepository.fixture(relative) }
  static func lab(_ name: String) -> String { fixture("lab/" + name) }
  static func golden(_ name: String) -> String { repository + "/Tests/MailCodesCLITests/Golden/" + name }

  /// The `mailcodes` binary built next to the test bundle.
  static let binary: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = (exe as NSString).deletingLastPathComponent
    while !dir.isEmpty, dir != "/" {
      let candidate = dir + "/mailcodes"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      dir = (dir as NSString).deletingLastPathComponent
    }
    return "mailcodes"
  }()
}

/// The result of running the CLI.
struct RunResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `mailcodes ARGUMENTS` in-process with memory outputs.
func run(_ arguments: [String], stdinIsTerminal: Bool = true, environment: [String: String] = [:]) -> RunResult {
  let out = ByteOutput(.memory)
  let err = ByteOutput(.memory)
  let context = CLIContext(
    stdout: out, stderr: err, environment: environment, stdoutIsTerminal: false,
    stdinIsTerminal: stdinIsTerminal, now: LogTimestamp(year: 2026, month: 11, day: 29).wallSeconds)
  let status = MailCodesCLI.run(arguments, context)
  out.flush()
  err.flush()
  return RunResult(status: status, stdout: out.text, stderr: err.text)
}

/// Runs the real binary through bash (for pipes and standard input).
func shell(_ script: String, stdin: String? = nil) throws -> RunResult {
  // A child that exits before reading all of its standard input must not kill the test runner.
  signal(SIGPIPE, SIG_IGN)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/bash")
  process.arguments = ["-c", script, Paths.binary]
  var environment = ProcessInfo.processInfo.environment
  environment["NO_COLOR"] = nil
  process.environment = environment
  let out = Pipe()
  let err = Pipe()
  let input = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = input
  try process.run()
  if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
  try input.fileHandleForWriting.close()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return RunResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}
