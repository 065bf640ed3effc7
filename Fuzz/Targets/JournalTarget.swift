/// Fuzzes `JournalEntryParser` on every line of the input (split on `\n`): `journalctl -o
/// json` entries, mostly damaged.
///
/// Properties: the line handed on is the input line (not an entry) or lies in the parser's
/// buffer, no longer than the input line and a header (the decoded values never grow); the
/// host, tag and message offsets lie inside it; a line without a header is the input line.
enum JournalTarget {
  static func run(_ data: ByteView) {
    let parser = JournalEntryParser()
    var start = 0
    while start <= data.count {
      let end = data.firstIndex(of: ASCII.newline, from: start) ?? data.count
      check(data.slice(start, end), parser)
      start = end + 1
    }
  }

  static func check(_ line: ByteView, _ parser: JournalEntryParser) {
    var env = SyslogEnvelope()
    let out = parser.parse(line, into: &env)
    guard env.hasHeader else {
      FuzzCheck.require(out.base == line.base && out.count == line.count, "a line without header was changed")
      return
    }
    FuzzCheck.require(out.count <= line.count + 64, "decoded line of \(out.count) bytes from \(line.count)")
    for (name, range) in [("host", env.host), ("program", env.program)] where !range.isEmpty {
      FuzzCheck.require(range.start >= 0 && range.end <= out.count, "\(name) range outside the line")
    }
    FuzzCheck.require(
      env.message >= 0 && env.message <= out.count, "message offset \(env.message) outside \(out.count)")
    if let t = env.time {
      FuzzCheck.require(t.microseconds >= 0 && t.microseconds < 1_000_000, "microseconds \(t.microseconds)")
    }
  }
}
