/// Fuzzes `LineReader` against a trivial oracle.
///
/// Input: byte 0 picks the chunk size (1 to 64, or 4096 and up), byte 1 the line limit (1 to
/// 48) and whether the source goes through `LineEndSource` (bit 7: lone-CR detection, as the
/// opener does it), byte 2 how the source splits its reads; the rest is the text. Properties:
/// the lines, their truncation flags, numbers and offsets are those of the oracle (lone CRs
/// turned into LF when the first 64 KiB hold no LF but a CR; then split on `\n`, drop one `\r`
/// before it, keep a last line without `\n`, cut lines longer than the limit), and the
/// counters agree — at every chunk size, whatever the reads.
enum LineReaderTarget {
  static func run(_ data: ByteView) {
    guard data.count >= 3 else { return }
    let chunk = data[0] < 224 ? 1 + Int(data[0] % 64) : 4096 + Int(data[0]) * 7
    let limit = 1 + Int((data[1] & 0x7F) % 48)
    let detectLineEnds = data[1] & 0x80 != 0
    let input = data.suffix(from: 3).bytes
    let memory = ChunkedMemorySource(input, seed: Int(data[2]) | 1, maxPiece: 1 + Int(data[2] % 97))
    let lineEnds = detectLineEnds ? LineEndSource(wrapping: memory) : nil
    let source: ByteSource = lineEnds ?? memory
    let reader = LineReader(chunkSize: chunk, maxLineLength: limit)
    var got: [(bytes: [UInt8], info: LineInfo)] = []
    reader.read(source) { line, info in
      got.append((line.bytes, info))
      return .proceed
    }
    var translated = input
    let window = input.prefix(LineEndSource.window)
    let loneCR = detectLineEnds && !window.contains(ASCII.newline) && window.contains(ASCII.carriageReturn)
    if loneCR {
      for i in translated.indices
      where translated[i] == ASCII.carriageReturn
        && (i + 1 == translated.count || translated[i + 1] != ASCII.newline)
      {
        translated[i] = ASCII.newline
      }
    }
    FuzzCheck.require((lineEnds?.loneCR ?? false) == loneCR, "lone-CR decision")
    let want = oracle(translated, limit: limit)
    FuzzCheck.require(
      got.count == want.count, "line count \(got.count) != \(want.count) (chunk \(chunk), limit \(limit))")
    for (k, (line, info)) in got.enumerated() {
      let expected = want[k]
      FuzzCheck.require(line == expected.bytes, "line \(k + 1) differs (chunk \(chunk), limit \(limit))")
      FuzzCheck.require(info.isTruncated == expected.truncated, "truncation flag of line \(k + 1)")
      FuzzCheck.require(info.number == k + 1, "number of line \(k + 1) is \(info.number)")
      FuzzCheck.require(
        info.offset == Int64(expected.offset), "offset of line \(k + 1): \(info.offset) != \(expected.offset)")
    }
    FuzzCheck.require(reader.lineCount == want.count, "lineCount")
    FuzzCheck.require(reader.byteCount == Int64(input.count), "byteCount \(reader.byteCount) != \(input.count)")
    FuzzCheck.require(reader.truncatedLines == want.filter(\.truncated).count, "truncatedLines")
    FuzzCheck.require(reader.error == nil, "error from a memory source")
  }

  static func oracle(_ bytes: [UInt8], limit: Int) -> [(bytes: [UInt8], truncated: Bool, offset: Int)] {
    var lines: [(bytes: [UInt8], truncated: Bool, offset: Int)] = []
    var start = 0
    var current: [UInt8] = []
    func finish() {
      if current.last == 0x0D { current.removeLast() }
      lines.append(current.count > limit ? (Array(current.prefix(limit)), true, start) : (current, false, start))
      current = []
    }
    for (k, b) in bytes.enumerated() {
      if b == 0x0A {
        finish()
        start = k + 1
      } else {
        current.append(b)
      }
    }
    if !current.isEmpty { finish() }
    return lines
  }
}
