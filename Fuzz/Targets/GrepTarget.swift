/// Fuzzes `mailcodes grep` (`EventFilter`, `GrepMatcher`, `GrepPrinter`) through the pipeline.
///
/// The input's first line chooses the options, one byte each: code pattern, flags (`-s`, `-v`,
/// colour, terminal, meanings, `-n`, `-H`, `--format jsonl`), output (`-c`, `-l`, `-L`, `-q`,
/// `-m`), outcome, client, another filter, and the `-s` buffer bounds (tiny, so that sessions
/// overflow them). The rest is the log. Properties: when stdout is a terminal nothing but the
/// grep colours reaches it raw (every other byte is terminal-safe); `--format jsonl` lines are
/// valid JSON; a session that overflowed the buffers is reported; no printed line shows a
/// credential (`Redactor`); with the line prefilter grep would use, the output is the full
/// parse's.
enum GrepTarget {
  static let codes = ["", "5xx", "4xx", "2xx", "530", "550", "55x", "421", "5.7.*", "5.7.1", "4.*.*", "221", "535"]
  static let clients = ["", "127.0.0.0/8", "192.0.2.0/24", "::1", "0.0.0.0/0", "2001:db8::/32", "10.1.2.3"]
  static let colors: [[UInt8]] = [
    GrepColor.reset, GrepColor.file, GrepColor.lineNumber, GrepColor.client,
    GrepColor.permanent, GrepColor.transient, GrepColor.positive, GrepColor.meaning,
  ]

  static func run(_ data: ByteView) {
    let specEnd = data.firstIndex(of: ASCII.newline) ?? data.count
    let spec = data.slice(0, min(specEnd, 8)).bytes + [UInt8](repeating: 0, count: 8)
    let log = data.suffix(from: specEnd + 1)
    var filter = EventFilter()
    var options = GrepOptions()
    if let pattern = CodePattern(codes[Int(spec[0]) % codes.count]) { filter.codes.append(pattern) }
    options.sessions = spec[1] & 1 != 0
    options.invert = spec[1] & 2 != 0
    options.color = spec[1] & 4 != 0
    options.sanitize = spec[1] & 8 != 0
    options.meanings = spec[1] & 16 != 0
    options.lineNumbers = spec[1] & 32 != 0
    options.withFileName = spec[1] & 64 != 0
    switch spec[2] % 8 {
    case 1: options.output = .count
    case 2: options.output = .filesWithMatches
    case 3: options.output = .filesWithoutMatches
    case 4: options.output = .quiet
    case 5: options.output = .events
    default: options.output = .lines
    }
    if spec[2] & 0x80 != 0 { options.maxCount = 1 + Int(spec[2] >> 3) % 5 }
    let outcome = Int(spec[3]) % (Outcome.allCases.count + 1)
    if outcome > 0 { filter.outcomes.insert(Outcome.allCases[outcome - 1]) }
    if let client = AddressPattern(clients[Int(spec[4]) % clients.count]) { filter.clients.append(client) }
    switch spec[5] % 10 {
    case 1: filter.commands.insert(.rcpt)
    case 2: filter.kinds.insert(.authFailure)
    case 3: filter.directions.insert(.outbound)
    case 4: filter.senders.append("@example.com")
    case 5: filter.recipients.append("user@example.org")
    case 6: filter.observedOnly = true
    case 7: filter.remotes.append("example.net")
    case 8: filter.excludedCodes.append(CodePattern("2xx")!)
    case 9: filter.textPatterns.append(try! TextPattern("[Uu]ser unknown"))
    default: break
    }
    options.maxLinesPerSession = 1 + Int(spec[6]) % 8
    options.maxBufferedLines = 2 + Int(spec[7]) % 32

    var engine = AnalysisOptions()
    engine.maxOpenSessions = 1 + Int(spec[7]) % 9
    engine.maxLineLength = spec[6] & 0x80 != 0 ? 64 + Int(spec[6]) : 64 * 1024
    engine.year = 2026
    let names = NameTable()
    let output = ByteOutput(.memory)
    var sink = GrepMatcher(filter: filter, options: options, output: output, names: names)
    _ = FuzzPipeline.runOne(log.bytes, seed: Int(spec[6]) | 1, options: engine, names: names, sink: &sink)
    sink.finish()
    output.flush()
    let printed = output.memory

    if options.output == .events {
      for line in printed.split(separator: ASCII.newline) {
        FuzzCheck.require(StrictJSON.isValid(Array(line)), "grep --format jsonl line is not valid JSON")
      }
    }
    if options.sanitize || options.color {
      FuzzCheck.require(
        FuzzCheck.isTerminalSafe(withoutColors(printed)), "grep output to a terminal is not terminal-safe")
    }
    if options.output == .lines, !options.color {
      // Redacted by default: no printed line still shows a credential of its own.
      for line in printed.split(separator: ASCII.newline) {
        let bytes = Array(line)
        let found = bytes.withUnsafeBufferPointer { b in
          Redactor.needsRedaction(
            ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count), secret: .none)
        }
        FuzzCheck.require(!found, "grep printed a credential: \(String(decoding: bytes, as: UTF8.self))")
      }
    }
    checkPrefilter(log.bytes, filter: filter, options: options, engine: engine, seed: Int(spec[6]) | 1)
  }

  /// Where grep would skip lines (`GrepPrefilter`), it prints exactly what it prints with
  /// every line parsed. Both runs with a session table too large to evict: the prefilter's
  /// contract leaves the bounds out (they see only the kept lines).
  static func checkPrefilter(
    _ log: [UInt8], filter: EventFilter, options: GrepOptions, engine: AnalysisOptions,
    seed: Int
  ) {
    guard let prefilter = GrepPrefilter.make(filter: filter, options: options) else { return }
    var engine = engine
    engine.maxOpenSessions = 100_000
    func grep(_ prefilter: LinePrefilter?) -> ([UInt8], Int) {
      var e = engine
      e.prefilter = prefilter
      let names = NameTable()
      let output = ByteOutput(.memory)
      var sink = GrepMatcher(filter: filter, options: options, output: output, names: names)
      _ = FuzzPipeline.runOne(log, seed: seed, options: e, names: names, sink: &sink)
      sink.finish()
      output.flush()
      return (output.memory, sink.matches(input: 0))
    }
    let full = grep(nil)
    let fast = grep(prefilter)
    FuzzCheck.require(
      full.0 == fast.0 && full.1 == fast.1,
      "grep with the prefilter (\(prefilter)) printed other lines than the full parse")
  }

  /// `bytes` without the escape sequences of grep's own colours.
  static func withoutColors(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    scan: while i < bytes.count {
      if bytes[i] == 0x1B {
        for color in colors where bytes[i...].starts(with: color) {
          i += color.count
          continue scan
        }
      }
      out.append(bytes[i])
      i += 1
    }
    return out
  }
}
