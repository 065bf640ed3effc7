import MailCodesSMTP
import MailCodesSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Reads the lines of `journalctl -o json` (one JSON object per journal entry) into the
/// envelope and line the parsers expect.
///
/// Contract:
/// - A line is an entry when it is a JSON object; its fields are read with a byte scanner (no
///   JSON library, no allocation per line): `__REALTIME_TIMESTAMP` (microseconds since the
///   epoch, UTC) gives the time, shown in the local zone as journalctl does; `_HOSTNAME` the
///   host; `SYSLOG_IDENTIFIER` (else `_COMM`) the tag; `_PID` (else `SYSLOG_PID`) the pid;
///   `MESSAGE` the message. Every other field is skipped.
/// - A value is a string (its escapes decoded: `\"`, `\\`, `\n`, `\uXXXX` with surrogate
///   pairs), an array of byte values (journald's form for data that is not UTF-8), an array of
///   values (a field given more than once: the first is used), or null (a field over 4096
///   bytes without `journalctl --all`: read as empty).
/// - The result is a line in one reused buffer, `TIME HOST TAG[PID]: MESSAGE` with an RFC 3339
///   time (what `journalctl -o short-iso-precise` prints), and its envelope with the ranges
///   into it: the parsers and the grep output see an ordinary syslog line. The line is valid
///   until the next call.
/// - A line that is not a JSON object (or is cut before its fields) is returned as it is,
///   with an envelope without header: it is counted as any other line.
public final class JournalEntryParser {
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// The UTC second whose text (`2026-11-28T06:25:01`) and zone (`+01:00`) are cached.
  private var cachedSecond: Int64 = .min
  private var cachedText: (UInt64, UInt64, UInt32) = (0, 0, 0)
  private var cachedZone: (UInt32, UInt16) = (0, 0)
  private var cachedOffsetMinutes: Int16 = 0
  /// The local zone's offset is looked up once per quarter of an hour (zone changes happen on
  /// quarter hours of UTC).
  private var cachedQuarter: Int64 = .min
  private var quarterOffsetSeconds: Int64 = 0

  public init() {
    capacity = 4096
    buffer = .allocate(capacity: capacity)
  }

  deinit { buffer.deallocate() }

  /// Whether `line` starts like a `journalctl -o json` entry: a JSON object with the
  /// `__REALTIME_TIMESTAMP` and `MESSAGE` fields (decides an input's form from its first line).
  public static func looksLikeEntry(_ line: ByteView) -> Bool {
    var i = 0
    while i < line.count, line[i] == ASCII.space || line[i] == ASCII.tab { i += 1 }
    guard i + 1 < line.count, line[i] == 0x7B, line[i + 1] == ASCII.quote else { return false }
    return line.firstRange(of: "\"__REALTIME_TIMESTAMP\":") != nil && line.firstRange(of: "\"MESSAGE\":") != nil
  }

  /// The fields read from one entry: value ranges into the JSON line.
  private struct Fields {
    var message = Value()
    var identifier = Value()
    var command = Value()
    var pid = Value()
    var syslogPID = Value()
    var realtime = Value()
    var hostname = Value()
  }

  /// Where a value lies in the line and what it is.
  private struct Value {
    enum Form { case absent, string, escapedString, array, null }
    var form = Form.absent
    var start = 0
    var end = 0
  }

  /// Reads `line` into `env` and returns the line the parsers get (see the contract).
  public func parse(_ line: ByteView, into env: inout SyslogEnvelope) -> ByteView {
    env = SyslogEnvelope()
    guard let fields = scan(line) else { return line }
    // Room for the time (32), the spaces, brackets and pid (16) and the values, which decode
    // to no more bytes than they take in the line (escapes shrink; byte arrays shrink).
    let needed = line.count + 64
    if needed > capacity {
      buffer.deallocate()
      capacity = max(needed, capacity * 2)
      buffer = .allocate(capacity: capacity)
    }
    var n = 0
    env.style = .rfc3339
    if let micros = decimal(line, fields.realtime) {
      env.time = writeTime(micros, at: &n)
      buffer[n] = ASCII.space
      n += 1
    }
    let hostStart = n
    decode(line, fields.hostname, at: &n)
    if n > hostStart {
      env.host = TextRange(start: hostStart, end: n)
      buffer[n] = ASCII.space
      n += 1
    }
    let tagStart = n
    decode(line, fields.identifier.form != .absent ? fields.identifier : fields.command, at: &n)
    if n > tagStart { env.program = TextRange(start: tagStart, end: n) }
    if let pid = decimal(line, fields.pid.form != .absent ? fields.pid : fields.syslogPID), pid <= Int64(Int32.max) {
      env.pid = Int32(pid)
      buffer[n] = ASCII.openBracket
      var width = 1
      var rest = pid / 10
      while rest > 0 {
        width += 1
        rest /= 10
      }
      var value = pid
      for k in stride(from: n + width, to: n, by: -1) {
        buffer[k] = ASCII.zero + UInt8(value % 10)
        value /= 10
      }
      n += width + 1
      buffer[n] = ASCII.closeBracket
      n += 1
    }
    buffer[n] = ASCII.colon
    buffer[n + 1] = ASCII.space
    n += 2
    env.message = n
    decode(line, fields.message, at: &n)
    return ByteView(base: UnsafePointer(buffer), count: n)
  }

  // MARK: - Scanning

  /// The ranges of the wanted fields, or nil when the line is not a JSON object.
  private func scan(_ line: ByteView) -> Fields? {
    let p = line.base
    let n = line.count
    var i = skipSpace(p, 0, n)
    guard i < n, p[i] == 0x7B else { return nil }
    i += 1
    var fields = Fields()
    while true {
      i = skipSpace(p, i, n)
      guard i < n else { return fields }  // cut short: what was read
      if p[i] == 0x7D { return fields }
      guard p[i] == ASCII.quote else { return nil }
      let keyStart = i + 1
      guard let keyEnd = stringEnd(p, keyStart, n).map({ $0.end }) else { return fields }
      i = skipSpace(p, keyEnd + 1, n)
      guard i < n, p[i] == ASCII.colon else { return nil }
      i = skipSpace(p, i + 1, n)
      guard i < n else { return fields }
      var value = Value()
      switch p[i] {
      case ASCII.quote:
        guard let end = stringEnd(p, i + 1, n) else { return fields }
        value = Value(form: end.escaped ? .escapedString : .string, start: i + 1, end: end.end)
        i = end.end + 1
      case ASCII.openBracket:
        guard let end = arrayEnd(p, i, n) else { return fields }
        value = Value(form: .array, start: i, end: end)
        i = end
      default:
        // null, a number, true or false: to the next comma or brace.
        let start = i
        while i < n, p[i] != ASCII.comma, p[i] != 0x7D { i += 1 }
        if i - start == 4, p[start] == 0x6E {
          value = Value(form: .null, start: start, end: i)
        } else {
          value = Value(form: .string, start: start, end: i)
        }
      }
      store(value, key: p + keyStart, length: keyEnd - keyStart, into: &fields)
      i = skipSpace(p, i, n)
      if i < n, p[i] == ASCII.comma { i += 1 }
    }
  }

  @inline(__always)
  private func store(_ value: Value, key: UnsafePointer<UInt8>, length: Int, into fields: inout Fields) {
    @inline(__always) func equals(_ name: StaticString) -> Bool {
      name.utf8CodeUnitCount == length && memcmp(key, name.utf8Start, length) == 0
    }
    switch length {
    case 4: if equals("_PID") { fields.pid = value }
    case 5: if equals("_COMM") { fields.command = value }
    case 7: if equals("MESSAGE") { fields.message = value }
    case 9: if equals("_HOSTNAME") { fields.hostname = value }
    case 10: if equals("SYSLOG_PID") { fields.syslogPID = value }
    case 17: if equals("SYSLOG_IDENTIFIER") { fields.identifier = value }
    case 20: if equals("__REALTIME_TIMESTAMP") { fields.realtime = value }
    default: break
    }
  }

  @inline(__always)
  private func skipSpace(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
    var i = from
    while i < n, p[i] == ASCII.space || p[i] == ASCII.tab || p[i] == ASCII.carriageReturn { i += 1 }
    return i
  }

  /// The index of the quote that ends the string whose content starts at `from`, and whether
  /// the string has escapes; nil when the line ends first.
  @inline(__always)
  private func stringEnd(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> (end: Int, escaped: Bool)? {
    var i = from
    while i < n {
      guard let hit = memchr(p + i, Int32(ASCII.quote), n - i) else { return nil }
      let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - p
      // A quote preceded by an odd number of backslashes is escaped.
      var k = q - 1
      while k >= from, p[k] == ASCII.backslash { k -= 1 }
      if (q - 1 - k) % 2 == 0 {
        return (q, memchr(p + from, Int32(ASCII.backslash), q - from) != nil)
      }
      i = q + 1
    }
    return nil
  }

  /// The index after the `]` that closes the array at `from` (strings inside skipped).
  private func arrayEnd(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int? {
    var depth = 0
    var i = from
    while i < n {
      switch p[i] {
      case ASCII.openBracket: depth += 1
      case ASCII.closeBracket:
        depth -= 1
        if depth == 0 { return i + 1 }
      case ASCII.quote:
        guard let end = stringEnd(p, i + 1, n) else { return nil }
        i = end.end
      default: break
      }
      i += 1
    }
    return nil
  }

  // MARK: - Decoding

  /// A value of decimal digits (`"1764311101123456"`), or nil.
  private func decimal(_ line: ByteView, _ value: Value) -> Int64? {
    guard value.form == .string, value.end > value.start, value.end - value.start <= 18 else { return nil }
    var result: Int64 = 0
    for i in value.start..<value.end {
      let d = line[i] &- ASCII.zero
      guard d <= 9 else { return nil }
      result = result * 10 + Int64(d)
    }
    return result
  }

  /// Appends the bytes `value` stands for at `n`.
  private func decode(_ line: ByteView, _ value: Value, at n: inout Int) {
    let p = line.base
    switch value.form {
    case .absent, .null:
      return
    case .string:
      let count = value.end - value.start
      (buffer + n).update(from: p + value.start, count: count)
      n += count
    case .escapedString:
      unescape(p, value.start, value.end, at: &n)
    case .array:
      decodeArray(p, value.start, value.end, at: &n)
    }
  }

  /// `[80,111,...]` (bytes), or `["first","second"]` (a repeated field: the first value), or
  /// `[[104,105],[33]]` (a repeated field of byte arrays: the first). Iterative: a line of
  /// nested brackets costs no stack. A number that is not a byte (over 255) is left out.
  private func decodeArray(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, at n: inout Int) {
    var i = start
    // Down to the first value that is not an array.
    while i < end, p[i] == ASCII.openBracket || p[i] == ASCII.space { i += 1 }
    if i < end, p[i] == ASCII.quote {
      guard let close = stringEnd(p, i + 1, end) else { return }
      if close.escaped {
        unescape(p, i + 1, close.end, at: &n)
      } else {
        (buffer + n).update(from: p + i + 1, count: close.end - i - 1)
        n += close.end - i - 1
      }
      return
    }
    var byte = 0
    var digits = 0
    while i < end {
      let c = p[i]
      if ASCII.isDigit(c) {
        if digits < 4 { byte = byte * 10 + Int(c &- ASCII.zero) }
        digits += 1
      } else if c == ASCII.comma || c == ASCII.closeBracket {
        if digits > 0, digits < 4, byte <= 255 {
          buffer[n] = UInt8(byte)
          n += 1
        }
        byte = 0
        digits = 0
        if c == ASCII.closeBracket { return }
      }
      i += 1
    }
  }

  /// Decodes the JSON escapes of the string content `[start, end)`.
  private func unescape(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, at n: inout Int) {
    var i = start
    while i < end {
      let c = p[i]
      guard c == ASCII.backslash, i + 1 < end else {
        buffer[n] = c
        n += 1
        i += 1
        continue
      }
      let e = p[i + 1]
      i += 2
      switch e {
      case 0x6E: buffer[n] = ASCII.newline
      case 0x74: buffer[n] = ASCII.tab
      case 0x72: buffer[n] = ASCII.carriageReturn
      case 0x62: buffer[n] = 0x08
      case 0x66: buffer[n] = 0x0C
      case 0x75:
        guard var scalar = hex4(p, i, end) else {
          buffer[n] = ASCII.backslash
          n += 1
          i -= 1
          continue
        }
        i += 4
        if scalar >= 0xD800, scalar < 0xDC00 {
          // A surrogate pair: the low half follows as another `\uXXXX`.
          if i + 6 <= end, p[i] == ASCII.backslash, p[i + 1] == 0x75, let low = hex4(p, i + 2, end),
            low >= 0xDC00, low < 0xE000
          {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            i += 6
          } else {
            scalar = 0xFFFD
          }
        } else if scalar >= 0xDC00, scalar < 0xE000 {
          scalar = 0xFFFD
        }
        writeUTF8(scalar, at: &n)
        continue
      default:
        // `\"`, `\\`, `\/` and anything else: the character itself.
        buffer[n] = e
      }
      n += 1
    }
  }

  private func hex4(_ p: UnsafePointer<UInt8>, _ at: Int, _ end: Int) -> UInt32? {
    guard at + 4 <= end else { return nil }
    var value: UInt32 = 0
    for k in at..<(at + 4) {
      let c = p[k]
      let d: UInt32
      if ASCII.isDigit(c) {
        d = UInt32(c &- ASCII.zero)
      } else if (c | 0x20) >= ASCII.lowerA, (c | 0x20) <= ASCII.lowerF {
        d = UInt32((c | 0x20) - ASCII.lowerA + 10)
      } else {
        return nil
      }
      value = value << 4 | d
    }
    return value
  }

  private func writeUTF8(_ scalar: UInt32, at n: inout Int) {
    // Every form is no longer than the 6-byte escape it came from (12 for a pair).
    if scalar < 0x80 {
      buffer[n] = UInt8(scalar)
      n += 1
    } else if scalar < 0x800 {
      buffer[n] = UInt8(0xC0 | scalar >> 6)
      buffer[n + 1] = UInt8(0x80 | scalar & 0x3F)
      n += 2
    } else if scalar < 0x10000 {
      buffer[n] = UInt8(0xE0 | scalar >> 12)
      buffer[n + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
      buffer[n + 2] = UInt8(0x80 | scalar & 0x3F)
      n += 3
    } else {
      buffer[n] = UInt8(0xF0 | scalar >> 18)
      buffer[n + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
      buffer[n + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
      buffer[n + 3] = UInt8(0x80 | scalar & 0x3F)
      n += 4
    }
  }

  // MARK: - Time

  /// Writes `2026-11-28T06:25:01.123456+01:00` (local time) at `n`; returns the time.
  private func writeTime(_ micros: Int64, at n: inout Int) -> LogTimestamp {
    let second = micros / 1_000_000
    let fraction = Int32(micros % 1_000_000)
    if second != cachedSecond { cacheText(second) }
    let raw = UnsafeMutableRawPointer(buffer + n)
    raw.storeBytes(of: cachedText.0, as: UInt64.self)
    raw.storeBytes(of: cachedText.1, toByteOffset: 8, as: UInt64.self)
    raw.storeBytes(of: cachedText.2, toByteOffset: 16, as: UInt32.self)
    // (The 20th byte stored is overwritten by the dot.)
    buffer[n + 19] = ASCII.dot
    var f = fraction
    for k in stride(from: 25, through: 20, by: -1) {
      buffer[n + k] = ASCII.zero + UInt8(f % 10)
      f /= 10
    }
    let zone = UnsafeMutableRawPointer(buffer + n + 26)
    zone.storeBytes(of: cachedZone.0, as: UInt32.self)
    zone.storeBytes(of: cachedZone.1, toByteOffset: 4, as: UInt16.self)
    n += 32
    let wall = second + Int64(cachedOffsetMinutes) * 60
    return LogTimestamp(wallSeconds: wall, microseconds: fraction, utcOffsetMinutes: cachedOffsetMinutes)
  }

  private func cacheText(_ second: Int64) {
    let quarter = second >= 0 ? second / 900 : (second - 899) / 900
    if quarter != cachedQuarter {
      var t = time_t(second)
      var parts = tm()
      localtime_r(&t, &parts)
      quarterOffsetSeconds = Int64(parts.tm_gmtoff)
      cachedQuarter = quarter
    }
    cachedSecond = second
    cachedOffsetMinutes = Int16(quarterOffsetSeconds / 60)
    let text = LogTimestamp(wallSeconds: second + quarterOffsetSeconds).description  // 2026-11-28T06:25:01
    var bytes = Array(text.utf8.prefix(19))
    while bytes.count < 20 { bytes.append(ASCII.space) }
    bytes.withUnsafeBytes { raw in
      cachedText = (
        raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
        raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
      )
    }
    let offset = Int(cachedOffsetMinutes)
    let a = abs(offset)
    let zone: [UInt8] = Array("\(offset < 0 ? "-" : "+")\(pad(a / 60, 2)):\(pad(a % 60, 2))".utf8)
    zone.withUnsafeBytes { raw in
      cachedZone = (raw.loadUnaligned(as: UInt32.self), raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
    }
  }
}
