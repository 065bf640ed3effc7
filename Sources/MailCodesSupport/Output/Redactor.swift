/// Keeps credentials out of what mailcodes prints: an SMTP AUTH exchange in a transcript or a
/// debug log carries a password in base64, which is plain text to anyone who reads it.
///
/// Two sources of ranges, both replaced by `<redacted>`:
/// - The parser's: a transcript's client line that is authentication data (the line after a
///   `334` challenge, or the initial response of `AUTH MECH response`), in `ParseOutput.secret`.
///   Only the parser knows that `dXNlcg==` after a `334` is a password and not a command.
/// - The line's own (`credentials(in:)`), found without context, for lines no parser marked
///   (an Exim `SMTP protocol error in "AUTH PLAIN ..."` line, an unrecognized line):
///   `AUTH MECH <base64>`, the decoded values of Exim's `auth input decode:` debug line, and
///   the value of swaks' `--auth-password` / `-ap` in an echoed command line.
///
/// The mechanism and everything else on the line stay: `AUTH PLAIN <redacted>`. What is not
/// a credential is never touched: an EHLO capability line (`250-AUTH PLAIN LOGIN`), the
/// server's `334` challenges, a user name in `sasl_username=`. Lines without `auth` or `-ap`
/// in them cost one scan of their bytes and no copy.
public enum Redactor {
  /// What a credential is replaced with.
  public static let marker: [UInt8] = Array("<redacted>".utf8)

  /// Whether `line` holds something to redact (the parser's `secret`, or a credential of its own).
  @inline(__always)
  public static func needsRedaction(_ line: ByteView, secret: TextRange) -> Bool {
    if !secret.isEmpty { return true }
    var found = false
    credentials(in: line) { _ in found = true }
    return found
  }

  /// `line` with `secret` and every credential of its own replaced by `<redacted>`, appended to
  /// `out`.
  public static func appendRedacted(_ line: ByteView, secret: TextRange, to out: inout [UInt8]) {
    var ranges: [TextRange] = []
    if !secret.isEmpty, secret.end <= line.count { ranges.append(secret) }
    credentials(in: line) { ranges.append($0) }
    ranges.sort { $0.start < $1.start }
    var i = 0
    for r in ranges {
      let start = Int(r.start)
      if r.end <= i { continue }
      if start > i { out.append(contentsOf: UnsafeBufferPointer(start: line.base + i, count: start - i)) }
      if start >= i { out.append(contentsOf: marker) }
      i = r.end
    }
    if i < line.count { out.append(contentsOf: UnsafeBufferPointer(start: line.base + i, count: line.count - i)) }
  }

  /// `line` redacted, as bytes (the line itself when there is nothing to redact).
  public static func redacted(_ line: ByteView, secret: TextRange = .none) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(line.count)
    if needsRedaction(line, secret: secret) {
      appendRedacted(line, secret: secret, to: &out)
    } else {
      out.append(contentsOf: UnsafeBufferPointer(start: line.base, count: line.count))
    }
    return out
  }

  /// `text` redacted (for strings that came from a log: samples, event texts).
  public static func redacted(_ text: String) -> String {
    withByteView(text) { view in
      needsRedaction(view, secret: .none) ? String(decoding: redacted(view), as: UTF8.self) : text
    }
  }

  /// Calls `found` with the range of each credential that the line shows without context, in
  /// the order of the line.
  public static func credentials(in line: ByteView, _ found: (TextRange) -> Void) {
    // What is already `<redacted>` is not found again (redacting twice changes nothing).
    scan(line) { range in if !isMarker(line, range) { found(range) } }
  }

  /// One pass over the line, 16 positions at a time: candidates are `h` or `H` before a space
  /// (the end of `AUTH `, `auth input decode:`) and `-` before `a` or `A` (`-ap`,
  /// `--auth-password`); each is confirmed by the scalar code (`confirm`). The tail is one
  /// more block that ends at the line's end, the positions already seen masked out, as in
  /// `ByteScan.find`. A line with no candidate costs about one instruction per byte.
  private static func scan(_ line: ByteView, _ body: (TextRange) -> Void) {
    let n = line.count
    let p = line.base
    var done = false  // the rest of the line is one credential already found
    guard n >= 17 else {
      var i = 0
      while i + 1 < n, !done {
        let x = p[i]
        let y = p[i + 1]
        if (x | 0x20 == UInt8(ascii: "h") && y == ASCII.space) || (x == ASCII.minus && y | 0x20 == UInt8(ascii: "a")) {
          confirm(line, i, &done, body)
        }
        i += 1
      }
      return
    }
    let h = SIMD16<UInt8>(repeating: UInt8(ascii: "h"))
    let space = SIMD16<UInt8>(repeating: ASCII.space)
    let minus = SIMD16<UInt8>(repeating: ASCII.minus)
    let a = SIMD16<UInt8>(repeating: UInt8(ascii: "a"))
    let lower = SIMD16<UInt8>(repeating: 0x20)
    @inline(__always) func hits(at k: Int) -> UInt32 {
      let x = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD16<UInt8>.self)
      let y = UnsafeRawPointer(p + k + 1).loadUnaligned(as: SIMD16<UInt8>.self)
      let mask = ((x | lower) .== h .& y .== space) .| (x .== minus .& (y | lower) .== a)
      return ByteScan.anyLane(mask) ? ByteScan.lanes(mask) : 0
    }
    var i = 0
    while i + 17 <= n {
      var bits = hits(at: i)
      while bits != 0, !done {
        confirm(line, i + bits.trailingZeroBitCount, &done, body)
        bits &= bits &- 1
      }
      i += 16
    }
    if i < n - 1, !done {
      let start = n - 17
      var bits = hits(at: start) & ~((1 << UInt32(i - start)) &- 1)
      while bits != 0, !done {
        confirm(line, start + bits.trailingZeroBitCount, &done, body)
        bits &= bits &- 1
      }
    }
  }

  /// Confirms the candidate at `k` (see `scan`): calls `body` with the credential it starts,
  /// and sets `done` when that credential runs to the end of the line.
  private static func confirm(_ line: ByteView, _ k: Int, _ done: inout Bool, _ body: (TextRange) -> Void) {
    let p = line.base
    if p[k] == ASCII.minus {
      let start = k >= 1 && p[k - 1] == ASCII.minus ? k - 1 : k
      if let range = passwordOption(line, at: start) { body(range) }
      return
    }
    // `h` of `auth `: the word starts three bytes before.
    let i = k - 3
    guard i >= 0, p[i] | 0x20 == UInt8(ascii: "a"), p[i + 1] | 0x20 == UInt8(ascii: "u"),
      p[i + 2] | 0x20 == UInt8(ascii: "t"), i == 0 || !isWordByte(p[i - 1])
    else { return }
    // A range found here does not hide the candidates after it: in `AUTH AUTH Plain <base64>`
    // the first `AUTH` takes `Plain` for its payload, and the real one follows (overlapping
    // ranges are merged by `appendRedacted`).
    if let range = authPayload(line, afterAuth: k + 1) {
      body(range)
    } else if line.matches("auth input decode:", at: i), line.skippingSpaces(from: i + 18) < line.count {
      // Exim's `+auth` debug output: every value decoded, the password among them.
      body(TextRange(start: line.skippingSpaces(from: i + 18), end: line.count))
      done = true
    }
  }

  /// In a client line: where the initial response of `AUTH MECH response` starts, when the line
  /// (from `start`, where the command begins, to `end`) is an AUTH command with one.
  public static func initialResponse(_ line: ByteView, _ start: Int, _ end: Int) -> TextRange {
    guard end - start > 5, line.matchesIgnoringCase("AUTH", at: start), line[start + 4] == ASCII.space else {
      return .none
    }
    var i = line.skippingSpaces(from: start + 5)
    while i < end, line[i] != ASCII.space { i += 1 }
    i = line.skippingSpaces(from: i)
    guard i < end, !(end - i == 1 && line[i] == ASCII.equals) else { return .none }
    return TextRange(start: i, end: end)
  }

  /// The authentication data a client sent in answer to a `334` (the whole of `start..<end`,
  /// unless it is `*`, which cancels the exchange).
  public static func authData(_ line: ByteView, _ start: Int, _ end: Int) -> TextRange {
    guard end > start, !(end - start == 1 && line[start] == ASCII.asterisk) else { return .none }
    return TextRange(start: start, end: end)
  }

  /// `AUTH MECH payload`: the payload's range, with `at` just after `AUTH`.
  private static func authPayload(_ line: ByteView, afterAuth at: Int) -> TextRange? {
    let n = line.count
    guard at < n, line[at] == ASCII.space else { return nil }
    let mechanismStart = line.skippingSpaces(from: at)
    var i = mechanismStart
    var lowercase = false
    while i < n, i - mechanismStart <= 40 {
      let c = line[i]
      if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") {
        lowercase = true
      } else if !(ASCII.isDigit(c) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == ASCII.minus
        || c == UInt8(ascii: "_"))
      {
        break
      }
      i += 1
    }
    let mechanism = line.slice(mechanismStart, i)
    guard mechanism.count > 0, i < n, line[i] == ASCII.space else { return nil }
    // SASL names are upper case (RFC 4422); a typed `auth plain` is lower case. `AUTH from
    // host[...]` (a Postfix `reject: AUTH from` line) is neither.
    if lowercase, !isKnownMechanism(mechanism) { return nil }
    let payloadStart = line.skippingSpaces(from: i)
    var e = payloadStart
    var looksEncoded = false
    while e < n, isBase64(line[e]) {
      let c = line[e]
      if c >= UInt8(ascii: "a") || c == ASCII.plus || c == ASCII.slash || c == ASCII.equals { looksEncoded = true }
      e += 1
    }
    let length = e - payloadStart
    guard length > 0, !(length == 1 && line[payloadStart] == ASCII.equals) else { return nil }
    // The token must end there: `CRAM-MD5` is a name, not `CRAM` and a rest.
    if e < n, isBase64Continuation(line[e]) { return nil }
    // `250-AUTH PLAIN LOGIN XOAUTH2`: a capability list names mechanisms, in upper case
    // letters and digits; a base64 response of that shape is one in a million.
    guard looksEncoded || length >= 20 else { return nil }
    return TextRange(start: payloadStart, end: e)
  }

  /// swaks' `--auth-password VALUE` or `-ap VALUE` (the lab echoes its swaks command lines).
  private static func passwordOption(_ line: ByteView, at i: Int) -> TextRange? {
    guard i == 0 || line[i - 1] == ASCII.space else { return nil }
    var valueStart: Int
    if line.matches("--auth-password", at: i) {
      valueStart = i + 15
    } else if line.matches("-ap", at: i) {
      valueStart = i + 3
    } else {
      return nil
    }
    guard valueStart < line.count else { return nil }
    if line[valueStart] == ASCII.equals && line.byte(at: i + 1) == ASCII.minus {
      valueStart += 1
    } else if line[valueStart] == ASCII.space {
      valueStart = line.skippingSpaces(from: valueStart)
    } else {
      return nil
    }
    var e = valueStart
    if line.byte(at: e) == ASCII.apostrophe || line.byte(at: e) == ASCII.quote {
      let quote = line[e]
      e = (line.firstIndex(of: quote, from: e + 1) ?? line.count - 1) + 1
    } else {
      while e < line.count, line[e] != ASCII.space { e += 1 }
    }
    guard e > valueStart, line.byte(at: valueStart) != ASCII.minus else { return nil }
    return TextRange(start: valueStart, end: min(e, line.count))
  }

  private static func isMarker(_ line: ByteView, _ range: TextRange) -> Bool {
    Int(range.length) == marker.count && line.slice(range).matches("<redacted>", at: 0)
  }

  static let knownMechanisms: [StaticString] = [
    "PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "XOAUTH2", "XOAUTH", "OAUTHBEARER", "NTLM", "GSSAPI", "EXTERNAL",
    "ANONYMOUS", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256-PLUS", "MSN", "SRP",
  ]

  private static func isKnownMechanism(_ name: ByteView) -> Bool {
    knownMechanisms.contains { $0.utf8CodeUnitCount == name.count && name.matchesIgnoringCase($0, at: 0) }
  }

  @inline(__always) private static func isBase64(_ c: UInt8) -> Bool {
    ASCII.isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == ASCII.plus
      || c == ASCII.slash || c == ASCII.equals
  }

  /// Bytes that would make a base64 run part of a longer word (a name, a path).
  @inline(__always) private static func isBase64Continuation(_ c: UInt8) -> Bool {
    c == ASCII.minus || c == UInt8(ascii: "_") || c == ASCII.at
  }

  @inline(__always) private static func isWordByte(_ c: UInt8) -> Bool {
    ASCII.isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == UInt8(ascii: "_")
      || c == ASCII.minus
  }
}
