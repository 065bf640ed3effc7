import MailCodesKit

@testable import MailCodesCLI

/// `mailcodes ARGUMENTS` in-process, with the outputs kept as bytes (not decoded into a
/// `String`, which would hide invalid UTF-8) and a choice of terminal or pipe for stdout.
struct RawRun {
  var status: Int32
  var stdout: [UInt8]
  var stderr: [UInt8]

  var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
  var stderrText: String { String(decoding: stderr, as: UTF8.self) }

  init(_ arguments: [String], stdoutIsTerminal: Bool = false, environment: [String: String] = [:]) {
    let out = ByteOutput(.memory)
    let err = ByteOutput(.memory)
    let context = CLIContext(
      stdout: out, stderr: err, environment: environment, stdoutIsTerminal: stdoutIsTerminal,
      stdinIsTerminal: true, now: LogTimestamp(year: 2026, month: 11, day: 29).wallSeconds)
    status = MailCodesCLI.run(arguments, context)
    out.flush()
    err.flush()
    stdout = out.memory
    stderr = err.memory
  }

  /// Bytes a terminal must not receive raw: ESC, BEL, other C0 controls but newline, DEL, and
  /// the UTF-8 forms of C1 controls (CSI U+009B, OSC U+009D...).
  static func terminalHazards(_ bytes: [UInt8]) -> [String] {
    var found: [String] = []
    for (i, b) in bytes.enumerated() {
      if (b < 0x20 && b != 0x0A) || b == 0x7F {
        found.append("byte 0x\(String(b, radix: 16)) at \(i)")
      } else if b == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) {
        found.append("C1 control U+00\(String(bytes[i + 1], radix: 16)) at \(i)")
      }
    }
    return found
  }
}
