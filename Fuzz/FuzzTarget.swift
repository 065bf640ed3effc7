#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The fuzz targets: one per component that reads untrusted bytes.
///
/// Each target documents the properties it checks beyond "does not crash": a property that
/// fails aborts the process with a message, and libFuzzer keeps the input.
enum FuzzTarget: String, CaseIterable, Sendable {
  /// `LineReader` at chunk sizes and line limits taken from the input, against an oracle.
  case lineReader = "line-reader"
  /// `GzipSource` + `LineReader` on arbitrary (mostly damaged) gzip data.
  case gzip
  /// `Bzip2Source`, `XzSource` and `ZstdSource` + `LineReader` on arbitrary compressed data.
  case compressed
  /// `JournalEntryParser` on every line: `journalctl -o json` entries.
  case journal
  /// `EnvelopeParser` on every line: timestamps, hosts, tags, pids.
  case envelope
  /// The pipeline on Postfix logs (detected, or forced with `--format postfix`).
  case postfix
  /// The pipeline on Exim logs (detected, or forced with `--format exim`).
  case exim
  /// The pipeline on SMTP transcripts (detected, or forced with `--format transcript`).
  case transcript
  /// `Sanitizer`: terminal, JSON, CSV and HTML escaping of arbitrary bytes.
  case sanitizer
  /// `mailcodes grep` (`EventFilter`, `GrepMatcher` and `GrepPrinter`) with options taken from the input.
  case grep
  /// Time words (`--since`, `--until`) and the windows they make.
  case window
  /// `Redactor` and the transcript parsers' marks of credentials: no AUTH credential reaches
  /// grep's or the events' output (`RedactionTarget`).
  case redaction

  /// The target named by `MAILCODES_FUZZ_TARGET`.
  static let selected: FuzzTarget = {
    if let name = getenv("MAILCODES_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name)
    {
      return target
    }
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FuzzCheck.fail("set MAILCODES_FUZZ_TARGET to one of: \(names)")
  }()

  func run(_ data: ByteView) {
    switch self {
    case .lineReader: LineReaderTarget.run(data)
    case .gzip: GzipTarget.run(data)
    case .compressed: CompressedTarget.run(data)
    case .journal: JournalTarget.run(data)
    case .envelope: EnvelopeTarget.run(data)
    case .postfix: PostfixTarget.run(data)
    case .exim: EximTarget.run(data)
    case .transcript: TranscriptTarget.run(data)
    case .sanitizer: SanitizerTarget.run(data)
    case .grep: GrepTarget.run(data)
    case .window: WindowTarget.run(data)
    case .redaction: RedactionTarget.run(data)
    }
  }
}
