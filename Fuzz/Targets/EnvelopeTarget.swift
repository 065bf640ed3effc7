/// Fuzzes `EnvelopeParser` on every line of the input (split on `\n`).
///
/// Properties: the host, tag and message offsets lie inside the line; a line without a
/// header has no host or tag; times print (`description`) and their fields are in range.
enum EnvelopeTarget {
  static func run(_ data: ByteView) {
    var parser = EnvelopeParser(yearInference: YearInference(referenceYear: 2026, referenceMonth: 11))
    var start = 0
    while start <= data.count {
      let end = data.firstIndex(of: ASCII.newline, from: start) ?? data.count
      check(data.slice(start, end), &parser)
      start = end + 1
    }
  }

  static func check(_ line: ByteView, _ parser: inout EnvelopeParser) {
    let env = parser.parse(line)
    for (name, range) in [("host", env.host), ("program", env.program)] where !range.isEmpty {
      FuzzCheck.require(
        range.start >= 0 && range.end <= line.count,
        "\(name) range \(range.start)+\(range.length) outside a line of \(line.count)")
    }
    FuzzCheck.require(
      env.message >= 0 && env.message <= line.count, "message offset \(env.message) outside a line of \(line.count)")
    if !env.hasHeader {
      FuzzCheck.require(env.host.isEmpty && env.program.isEmpty, "host or tag without a header")
    }
    if let t = env.time {
      let text = t.description
      FuzzCheck.require(!text.isEmpty && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "time text \(text)")
      let date = t.date
      FuzzCheck.require(
        date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= 31, "date fields of \(text)")
      FuzzCheck.require(t.hour >= 0 && t.hour < 24, "hour of \(text)")
      if let offset = t.utcOffsetMinutes { FuzzCheck.require(abs(Int(offset)) < 24 * 60, "zone offset \(offset)") }
    }
  }
}
