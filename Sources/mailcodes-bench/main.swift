import MailCodesKit

#if canImport(Glibc)
  import Glibc
#endif

/// mailcodes-bench: generates seeded realistic logs and measures each engine stage.
///
///   mailcodes-bench generate postfix|exim SIZE FILE [SEED]   e.g. generate postfix 1G /tmp/pf.log
///   mailcodes-bench stage STAGE FILE                    one stage; prints MB/s, lines/s, peak RSS
///   mailcodes-bench stages FILE                         every stage, each in this process
let arguments = Array(CommandLine.arguments.dropFirst())

func parseSize(_ text: String) -> Int64? {
  var digits = text
  var factor: Int64 = 1
  switch text.last?.uppercased() {
  case "K": factor = 1 << 10
  case "M": factor = 1 << 20
  case "G": factor = 1 << 30
  default: break
  }
  if factor > 1 { digits.removeLast() }
  return Int64(digits).map { $0 * factor }
}

func report(_ stage: Stage, _ r: Stage.Result) {
  let mb = Double(r.bytes) / 1e6
  let line =
    "stage=\(stage.rawValue) bytes=\(r.bytes) lines=\(r.lines) seconds=\(format(r.seconds, 3)) "
    + "MB/s=\(format(mb / r.seconds, 1)) lines/s=\(Int(Double(r.lines) / r.seconds)) peakRSS_MiB=\(format(peakRSSMiB(), 1))"
    + (r.reportSeconds.map { " report_seconds=\(format($0, 3))" } ?? "")
  print(line)
}

func format(_ v: Double, _ digits: Int) -> String {
  var p = 1.0
  for _ in 0..<digits { p *= 10 }
  let r = (v * p).rounded() / p
  return String(r)
}

func usage() -> Never {
  print(
    """
    usage: mailcodes-bench generate postfix|exim SIZE FILE [SEED]
           mailcodes-bench stage read|envelope|parse|analyze|by FILE
           mailcodes-bench stages FILE
           mailcodes-bench parallel FILE FILE...         analyze with one thread, then all
           mailcodes-bench prefilter CODE [FILE]         the literals of a code's prefilter
           mailcodes-bench check-prefilter FILE...   every code's prefilter against the full parse
    """)
  exit(2)
}

guard let command = arguments.first else { usage() }
switch command {
case "generate":
  guard arguments.count >= 4, arguments[1] == "postfix" || arguments[1] == "exim", let size = parseSize(arguments[2]),
    let writer = ByteWriter(path: arguments[3])
  else { usage() }
  let seed = arguments.count > 4 ? UInt64(arguments[4]) ?? 1 : 1
  if arguments[1] == "exim" {
    var corpus = EximCorpus(seed: seed)
    corpus.write(to: writer, size: size)
  } else {
    var corpus = PostfixCorpus(seed: seed)
    corpus.write(to: writer, size: size)
  }
  writer.flush()
  print("wrote \(writer.total) bytes to \(arguments[3])")
case "stage":
  guard arguments.count == 3, let stage = Stage(rawValue: arguments[1]), let r = stage.run(arguments[2]) else {
    usage()
  }
  report(stage, r)
case "stages":
  guard arguments.count == 2 else { usage() }
  for stage in Stage.allCases {
    guard let r = stage.run(arguments[1]) else { usage() }
    report(stage, r)
  }
case "prefilter":
  guard arguments.count >= 2, let pattern = CodePattern(arguments[1]) else { usage() }
  if let prefilter = LinePrefilter(codePattern: pattern) {
    print("\(prefilter.literals.count) literals: \(prefilter)")
    print("anchors: \(prefilter.anchors().joined(separator: " | "))")
    print("search loop: \(prefilter.set.usesAVX2 ? "AVX2" : "SSE2 or generic vectors")")
    if arguments.count > 2, let input = try? InputOpener.open(InputFile(path: arguments[2])) {
      var sample = [UInt8](repeating: 0, count: 64 * 1024)
      var n = 0
      while n < sample.count {
        let got = sample.withUnsafeMutableBytes {
          (try? input.source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[n...]))) ?? 0
        }
        if got == 0 { break }
        n += got
      }
      print(
        "anchors for \(arguments[2]): \(prefilter.anchors(tunedTo: Array(sample.prefix(n))).joined(separator: " | "))")
    }
  } else {
    print("no prefilter: every line is parsed")
  }
case "parallel":
  // analyze of several inputs (independent groups) with one thread, then with every processor.
  guard arguments.count >= 3 else { usage() }
  let files = Array(arguments.dropFirst())
  var seconds: [Double] = []
  for threads in [1, 0] {
    let start = Clock.now()
    var options = Stage.options
    options.threads = threads == 0 ? nil : threads
    let names = NameTable()
    var sink = SinkPair(SummaryBuilder(names: names), RunMonitor(unparsed: nil))
    let totals = Pipeline.run(files.map(InputFile.init(path:)), options: options, names: names, sink: &sink)
    let summary = sink.first.finish(totals: totals)
    if TextRenderer().render(Report(summary: summary)).isEmpty { print("") }
    seconds.append(Clock.now() - start)
    let bytes = summary.inputs.reduce(Int64(0)) { $0 + $1.bytes }
    print(
      "threads=\(threads == 0 ? "all" : "1") seconds=\(format(seconds.last!, 3)) "
        + "MB/s=\(format(Double(bytes) / 1e6 / seconds.last!, 1)) peakRSS_MiB=\(format(peakRSSMiB(), 1))")
  }
  print("speedup=\(format(seconds[0] / seconds[1], 2))")
case "check-prefilter":
  guard arguments.count >= 2 else { usage() }
  let (checked, failed) = PrefilterCheck.run(Array(arguments.dropFirst()))
  print("checked \(checked) codes, \(failed) mismatches")
  exit(failed == 0 ? 0 : 1)
default:
  usage()
}
