import MailCodesSMTP
import MailCodesSupport

/// Parses the header of each line into a `SyslogEnvelope`: timestamp, host, tag, pid.
///
/// Accepts RFC 3164 (`Nov 28 06:25:01`, day space- or zero-padded), RFC 3339 with or without
/// fraction and zone (`2026-11-28T06:25:01.123456+01:00`, `...Z`, journalctl's `+0100`),
/// RFC 5424 after `<PRI>1 `, a bare `<PRI>` before either of the first two, a docker-logs
/// RFC 3339 stamp in front of a classic one, and Exim's own `2026-11-28 06:25:01[.fff] [+zzzz]
/// [[pid]]` prefix. Year-less stamps get their year from `YearInference`.
///
/// One parser per input; it keeps the last minute it converted, so consecutive lines of the
/// same minute cost a comparison and two digits.
public struct EnvelopeParser: Sendable {
  public var yearInference: YearInference
  private var cachedClassicKey: UInt64 = 0
  private var cachedClassicTail: UInt32 = 0
  private var cachedClassicBase: Int64 = 0
  private var cachedISOKey0: UInt64 = 0
  private var cachedISOKey1: UInt64 = 0
  private var cachedISOBase: Int64 = 0
  /// Lines whose timestamp had impossible fields (month 13, hour 25...).
  public private(set) var invalidTimestamps = 0

  public init(yearInference: YearInference) {
    self.yearInference = yearInference
  }

  /// Parses the header of `line`.
  ///
  /// Performance: most lines of a log repeat the shape of the one before (a classic stamp in
  /// the same minute, a host, a tag with a pid). `parseClassicSameMinute` reads exactly that
  /// shape in straight-line code and declines anything else, which the general parser then
  /// reads from the start; both give the same envelope for every line the first accepts.
  @inline(__always)
  public mutating func parse(_ line: ByteView) -> SyslogEnvelope {
    var env = SyslogEnvelope()
    parse(line, into: &env)
    return env
  }

  /// Parses the header of `line` into `env` (the pipeline keeps one envelope and overwrites it
  /// per line instead of returning a new one).
  @inline(__always)
  public mutating func parse(_ line: ByteView, into env: inout SyslogEnvelope) {
    env = SyslogEnvelope()
    if parseClassicSameMinute(line, into: &env) { return }
    env = parseGeneral(line)
  }

  /// A line after a run of NUL bytes: what a file system leaves of the data lost in a crash
  /// (the length survived, the data did not). The line after them is intact. Off the general
  /// path, so that the lines of every other log pay nothing for it.
  @inline(never)
  private mutating func parseAfterNULs(_ line: ByteView) -> SyslogEnvelope {
    var start = 0
    while start < line.count, line[start] == 0 { start += 1 }
    // The rest starts with another byte, so `parseGeneral` cannot come back here for it.
    guard start > 0 else { return SyslogEnvelope() }
    var env = parseGeneral(line.suffix(from: start))
    guard env.hasHeader else { return SyslogEnvelope() }
    func shifted(_ range: TextRange) -> TextRange {
      range.isEmpty ? range : TextRange(start: Int(range.start) + start, end: Int(range.end) + start)
    }
    env.host = shifted(env.host)
    env.program = shifted(env.program)
    env.message += start
    return env
  }

  /// `Mmm dd hh:mm:ss host tag[pid]: ` (or `tag: `) in the minute of the last classic stamp
  /// converted; false (and `env` untouched in its meaning) for any other line.
  @inline(__always)
  private func parseClassicSameMinute(_ line: ByteView, into env: inout SyslogEnvelope) -> Bool {
    let n = line.count
    guard n >= 18, cachedClassicKey != 0 else { return false }
    let p = line.base
    guard ASCII.isLetter(p[0]), p[3] == ASCII.space, p[6] == ASCII.space, p[9] == ASCII.colon,
      p[12] == ASCII.colon, p[15] == ASCII.space, p[16] != ASCII.space
    else { return false }
    let raw = UnsafeRawPointer(p)
    let tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
    let key = raw.loadUnaligned(as: UInt64.self) ^ (UInt64(tail) << 17) ^ (UInt64(tail) >> 15)
    guard key == cachedClassicKey, tail == cachedClassicTail else { return false }
    let s1 = p[13] &- ASCII.zero
    let s2 = p[14] &- ASCII.zero
    guard s1 <= 6, s2 <= 9 else { return false }
    // Host: to the first space; a `[` or a final `:` means the token is the tag (general path).
    let hostStart = 16
    let hostEnd = ByteScan.first(ASCII.space, or: ASCII.openBracket, in: p, from: hostStart, end: n)
    guard hostEnd < n, p[hostEnd] == ASCII.space, p[hostEnd &- 1] != ASCII.colon else { return false }
    let tagStart = hostEnd &+ 1
    guard tagStart < n else { return false }
    let windowEnd = min(n, tagStart &+ 256)
    let colon = ByteScan.first(ASCII.colon, or: ASCII.space, in: p, from: tagStart, end: windowEnd)
    guard colon < windowEnd, p[colon] == ASCII.colon, colon > tagStart else { return false }
    env.style = .rfc3164
    env.time = LogTimestamp(wallSeconds: cachedClassicBase &+ Int64(s1) &* 10 &+ Int64(s2))
    env.host = TextRange(start: hostStart, end: hostEnd)
    if p[colon &- 1] == ASCII.closeBracket {
      var open = colon &- 2
      var pid = 0
      var place = 1
      while open > tagStart, colon &- 2 &- open < 10 {
        let d = p[open] &- ASCII.zero
        guard d <= 9 else { break }
        pid &+= Int(d) &* place
        place &*= 10
        open &-= 1
      }
      guard open > tagStart, open < colon &- 2, p[open] == ASCII.openBracket else { return false }
      env.program = TextRange(start: tagStart, end: open)
      env.pid = Int32(truncatingIfNeeded: pid)
    } else {
      env.program = TextRange(start: tagStart, end: colon)
    }
    let k = colon &+ 1
    env.message = k < n && p[k] == ASCII.space ? k &+ 1 : k
    return true
  }

  /// Parses the header of `line`, every shape.
  private mutating func parseGeneral(_ line: ByteView) -> SyslogEnvelope {
    var env = SyslogEnvelope()
    let n = line.count
    guard n >= 8 else { return env }
    var i = 0
    var isRFC5424 = false
    if line[0] == ASCII.lessThan {
      var j = 1
      while j < n, j <= 4, ASCII.isDigit(line[j]) { j += 1 }
      if j > 1, j < n, line[j] == ASCII.greaterThan {
        i = j + 1
        if line.byte(at: i) == 0x31, line.byte(at: i + 1) == ASCII.space {
          isRFC5424 = true
          i += 2
        }
      }
    }
    let c0 = line.byte(at: i)
    if ASCII.isDigit(c0) {
      // `?? parseUnixStamp`: `journalctl -o short-unix` (seconds since the epoch), read as the
      // RFC 3339 stamps are.
      guard let (time, end, separatorWasT) = parseISO(line, at: i) ?? parseUnixStamp(line, at: i) else { return env }
      if !separatorWasT {
        // Exim's own prefix: no host and no tag follow.
        env.style = .eximNative
        env.time = time
        var k = end
        if k < n, line[k] == ASCII.space, k + 5 < n, line[k + 1] == ASCII.plus || line[k + 1] == ASCII.minus,
          ASCII.isDigit(line[k + 2]), let zone = parseZone(line, at: k + 1)
        {
          env.time?.utcOffsetMinutes = zone.minutes
          k = zone.end
        }
        if k + 1 < n, line[k] == ASCII.space, line[k + 1] == ASCII.openBracket,
          let pid = line.decimal(at: k + 2, maxDigits: 10), pid.end < n, line[pid.end] == ASCII.closeBracket
        {
          env.pid = Int32(truncatingIfNeeded: pid.value)
          k = pid.end + 1
        }
        env.message = k < n && line[k] == ASCII.space ? k + 1 : k
        return env
      }
      env.style = isRFC5424 ? .rfc5424 : .rfc3339
      env.time = time
      i = end
      // A docker-logs stamp in front of a classic syslog line: keep the outer one, skip the inner.
      if i + 17 < n, line[i] == ASCII.space, ASCII.isLetter(line[i + 1]), line[i + 4] == ASCII.space,
        CivilDate.month(line[i + 1], line[i + 2], line[i + 3]) != 0, line[i + 10] == ASCII.colon
      {
        i += 16
      }
    } else if ASCII.isLetter(c0) {
      // `?? parseOtherWordStamp`: an unpadded day, `journalctl -o short-full`.
      guard let (time, end) = parseClassic(line, at: i) ?? parseOtherWordStamp(line, at: i) else { return env }
      env.style = .rfc3164
      env.time = time
      i = end
      // `journalctl -o short-precise`: microseconds after the seconds.
      if i < n, line[i] == ASCII.dot, let micro = parseMicroseconds(line, at: i + 1) {
        env.time?.microseconds = micro.value
        i = micro.end
      }
    } else {
      // NUL bytes before the line (only there: they are no letter, digit or `<`; after a
      // `<PRI>`, the line is no syslog line).
      return c0 == 0 && i == 0 ? parseAfterNULs(line) : env
    }
    // Host.
    guard i < n, line[i] == ASCII.space else {
      env.style = .none
      env.time = nil
      return env
    }
    i += 1
    while i < n, line[i] == ASCII.space { i += 1 }
    let p = line.base
    let hostStart = i
    // One pass to the end of the host token, noting a `[` on the way.
    var hostEnd = hostStart
    var tokenHasBracket = false
    do {
      let spaces = ByteScan.splat(ASCII.space)
      let brackets = ByteScan.splat(ASCII.openBracket)
      var found = false
      while hostEnd + 8 <= n {
        let w = ByteScan.load(p, hostEnd)
        let space = ByteScan.matches(w, spaces)
        let bracket = ByteScan.matches(w, brackets)
        if space != 0 {
          // Lanes below the first space are exact in `bracket` too.
          let lane = ByteScan.firstLane(space)
          if bracket != 0, ByteScan.firstLane(bracket) < lane { tokenHasBracket = true }
          hostEnd += lane
          found = true
          break
        }
        if bracket != 0 { tokenHasBracket = true }
        hostEnd += 8
      }
      if !found {
        while hostEnd < n, p[hostEnd] != ASCII.space {
          if p[hostEnd] == ASCII.openBracket { tokenHasBracket = true }
          hostEnd += 1
        }
      }
    }
    // A token with `[` or a final `:` is already the tag: some syslog daemons omit the host.
    let tokenHasTagSyntax = (hostEnd > hostStart && p[hostEnd - 1] == ASCII.colon) || tokenHasBracket
    var tagStart: Int
    if tokenHasTagSyntax && !isRFC5424 {
      tagStart = hostStart
    } else {
      env.host = TextRange(start: hostStart, end: hostEnd)
      tagStart = hostEnd + 1
    }
    if isRFC5424 {
      return parseRFC5424Rest(line, from: tagStart, into: &env)
    }
    // Tag: `program[pid]: ` or `program: `, without spaces, ending at the first colon within
    // 256 bytes.
    guard tagStart < n else {
      env.message = min(tagStart, n)
      return env
    }
    let colon = ByteScan.first(ASCII.colon, or: ASCII.space, in: p, from: tagStart, end: min(n, tagStart + 256))
    guard colon < min(n, tagStart + 256), p[colon] == ASCII.colon, colon > tagStart else {
      env.message = tagStart
      return env
    }
    if p[colon - 1] == ASCII.closeBracket {
      // The pid: 1 to 10 digits back from the `]` to a `[` after the tag's first byte.
      var open = colon - 2
      var pid = 0
      var place = 1
      while open > tagStart, colon - 2 - open < 10 {
        let d = p[open] &- ASCII.zero
        guard d <= 9 else { break }
        pid &+= Int(d) &* place
        place &*= 10
        open -= 1
      }
      guard open > tagStart, open < colon - 2, p[open] == ASCII.openBracket else {
        env.message = tagStart
        return env
      }
      env.program = TextRange(start: tagStart, end: open)
      env.pid = Int32(truncatingIfNeeded: pid)
    } else {
      env.program = TextRange(start: tagStart, end: colon)
    }
    let k = colon + 1
    env.message = k < n && p[k] == ASCII.space ? k + 1 : k
    return env
  }

  private func parseRFC5424Rest(_ line: ByteView, from start: Int, into env: inout SyslogEnvelope) -> SyslogEnvelope {
    // APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
    var tokens: [TextRange] = []
    var k = start
    let n = line.count
    while tokens.count < 3, k < n {
      let s = k
      while k < n, line[k] != ASCII.space { k += 1 }
      tokens.append(TextRange(start: s, end: k))
      k += 1
    }
    if tokens.count >= 1, !(tokens[0].length == 1 && line[Int(tokens[0].start)] == ASCII.minus) {
      env.program = tokens[0]
    }
    if tokens.count >= 2, let pid = line.decimal(at: Int(tokens[1].start), maxDigits: 10), pid.end == tokens[1].end {
      env.pid = Int32(truncatingIfNeeded: pid.value)
    }
    // Structured data: "-" or one or more [..] elements.
    if k < n, line[k] == ASCII.minus {
      k += 1
    } else {
      while k < n, line[k] == ASCII.openBracket {
        var escaped = false
        k += 1
        while k < n {
          let c = line[k]
          if escaped {
            escaped = false
          } else if c == ASCII.backslash {
            escaped = true
          } else if c == ASCII.closeBracket {
            break
          }
          k += 1
        }
        k += 1
      }
    }
    if k < n, line[k] == ASCII.space { k += 1 }
    // rsyslog's RSYSLOG_SyslogProtocol23Format writes `%msg%` after that space, and the message
    // still holds the space that followed the tag's colon: `- -  connect from ...`.
    if k < n, line[k] == ASCII.space { k += 1 }
    // An optional UTF-8 BOM before the message.
    if line.byte(at: k) == 0xEF, line.byte(at: k + 1) == 0xBB, line.byte(at: k + 2) == 0xBF { k += 3 }
    env.message = min(k, n)
    return env
  }

  /// `Mmm dd hh:mm:ss` (15 bytes) at `i`; returns the time and the index after it.
  @inline(__always)
  private mutating func parseClassic(_ line: ByteView, at i: Int) -> (LogTimestamp, Int)? {
    guard i + 15 <= line.count else { return nil }
    let p = line.base + i
    guard p[3] == ASCII.space, p[6] == ASCII.space, p[9] == ASCII.colon, p[12] == ASCII.colon else { return nil }
    // Key: the 12 bytes "Mmm dd hh:mm" as two unaligned loads (month, day, hour, minute).
    let raw = UnsafeRawPointer(p)
    let key =
      raw.loadUnaligned(as: UInt64.self) ^ (UInt64(raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) << 17)
      ^ (UInt64(raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) >> 15)
    let keyTail = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
    let s1 = p[13] &- ASCII.zero
    let s2 = p[14] &- ASCII.zero
    guard s1 <= 6, s2 <= 9 else { return nil }
    let second = Int64(s1) * 10 + Int64(s2)
    if key == cachedClassicKey, keyTail == cachedClassicTail, cachedClassicKey != 0 {
      return (LogTimestamp(wallSeconds: cachedClassicBase + second), i + 15)
    }
    let month = CivilDate.month(p[0], p[1], p[2])
    guard month != 0 else { return nil }
    let d1 = p[4] == ASCII.space ? 0 : p[4] &- ASCII.zero
    let d2 = p[5] &- ASCII.zero
    let h1 = p[7] &- ASCII.zero
    let h2 = p[8] &- ASCII.zero
    let m1 = p[10] &- ASCII.zero
    let m2 = p[11] &- ASCII.zero
    guard d1 <= 3, d2 <= 9, h1 <= 2, h2 <= 9, m1 <= 5, m2 <= 9 else { return nil }
    let day = Int(d1) * 10 + Int(d2)
    let hour = Int(h1) * 10 + Int(h2)
    let minute = Int(m1) * 10 + Int(m2)
    guard day >= 1, day <= 31, hour <= 23 else {
      invalidTimestamps += 1
      return nil
    }
    let year = yearInference.year(forMonth: month)
    let base = CivilDate.days(year: year, month: month, day: day) * 86400 + Int64(hour * 3600 + minute * 60)
    cachedClassicKey = key
    cachedClassicTail = keyTail
    cachedClassicBase = base
    return (LogTimestamp(wallSeconds: base + second), i + 15)
  }

  /// Up to six digits of a fraction of a second at `i` (more digits are read and dropped), as
  /// microseconds; nil when no digit is there.
  @inline(__always)
  private func parseMicroseconds(_ line: ByteView, at i: Int) -> (value: Int32, end: Int)? {
    let n = line.count
    var k = i
    var micro: Int32 = 0
    while k < n, ASCII.isDigit(line[k]) {
      if k - i < 6 { micro = micro &* 10 &+ Int32(line[k] &- ASCII.zero) }
      k += 1
    }
    guard k > i else { return nil }
    for _ in min(k - i, 6)..<6 { micro &*= 10 }
    return (micro, k)
  }

  /// `SSSSSSSSSS.ffffff` at `i` (`journalctl -o short-unix`): seconds since the epoch (UTC)
  /// with microseconds. Nine to eleven digits (years 1973 to 5138) and a fraction are required,
  /// so that no other number at the start of a line passes for a time.
  @inline(never)
  private func parseUnixStamp(_ line: ByteView, at i: Int) -> (LogTimestamp, Int, Bool)? {
    guard let seconds = line.decimal(at: i, maxDigits: 12), seconds.end - i >= 9, seconds.end - i <= 11,
      line.byte(at: seconds.end) == ASCII.dot, let micro = parseMicroseconds(line, at: seconds.end + 1),
      micro.end < line.count, line[micro.end] == ASCII.space
    else { return nil }
    return (
      LogTimestamp(wallSeconds: Int64(seconds.value), microseconds: micro.value, utcOffsetMinutes: 0), micro.end, true
    )
  }

  /// The stamps that start with a word and are not `Mmm dd hh:mm:ss`, at `i`:
  /// - `Mmm d hh:mm:ss` (a day without padding, as some relays and copies write it);
  /// - `Www YYYY-MM-DD hh:mm:ss ZONE` (`journalctl -o short-full`; ZONE is a name such as
  ///   `UTC` or `CET`, or a numeric `+hh` for zones without one: only UTC, GMT and numeric
  ///   zones give the time an offset).
  /// Off the hot path: tried only when the classic stamp did not match.
  @inline(never)
  private mutating func parseOtherWordStamp(_ line: ByteView, at i: Int) -> (LogTimestamp, Int)? {
    let n = line.count
    guard i + 14 <= n, line[i + 3] == ASCII.space, ASCII.isLetter(line[i + 1]), ASCII.isLetter(line[i + 2]) else {
      return nil
    }
    let p = line.base + i
    if ASCII.isDigit(p[4]), p[5] == ASCII.space, p[8] == ASCII.colon, p[11] == ASCII.colon {
      let month = CivilDate.month(p[0], p[1], p[2])
      let day = Int(p[4] &- ASCII.zero)
      guard month != 0, day >= 1 else { return nil }
      func two(_ at: Int) -> Int? {
        let a = p[at] &- ASCII.zero
        let b = p[at + 1] &- ASCII.zero
        return a <= 9 && b <= 9 ? Int(a) * 10 + Int(b) : nil
      }
      guard let hour = two(6), let minute = two(9), let second = two(12), minute <= 59, second <= 60 else { return nil }
      guard hour <= 23 else {
        invalidTimestamps += 1
        return nil
      }
      let year = yearInference.year(forMonth: month)
      let wall = CivilDate.days(year: year, month: month, day: day) * 86400 + Int64(hour * 3600 + minute * 60 + second)
      return (LogTimestamp(wallSeconds: wall), i + 14)
    }
    if ASCII.isDigit(p[4]), let (time, end, separatorWasT) = parseISO(line, at: i + 4), !separatorWasT, end < n,
      line[end] == ASCII.space
    {
      // The zone: a name of letters, or a numeric offset.
      var k = end + 1
      let zoneStart = k
      while k < n, k - zoneStart <= 6, line[k] != ASCII.space { k += 1 }
      guard k < n, k > zoneStart, line[k] == ASCII.space else { return nil }
      var stamped = time
      let zone = line.slice(zoneStart, k)
      if zone.count == 3, zone.hasPrefix("UTC") || zone.hasPrefix("GMT") {
        stamped.utcOffsetMinutes = 0
      } else if line[zoneStart] == ASCII.plus || line[zoneStart] == ASCII.minus {
        guard let offset = parseZone(line, at: zoneStart), offset.end == k else { return nil }
        stamped.utcOffsetMinutes = offset.minutes
      } else {
        guard zone.count >= 2, (zoneStart..<k).allSatisfy({ ASCII.isLetter(line[$0]) }) else { return nil }
      }
      return (stamped, k)
    }
    return nil
  }

  /// `YYYY-MM-DD[T ]hh:mm:ss[.frac][zone]` at `i`. For a space separator (Exim) no zone is
  /// read here; the caller looks for ` +zzzz`.
  @inline(__always)
  private mutating func parseISO(_ line: ByteView, at i: Int) -> (LogTimestamp, Int, Bool)? {
    guard i + 19 <= line.count else { return nil }
    let p = line.base + i
    guard p[4] == ASCII.minus, p[7] == ASCII.minus, p[13] == ASCII.colon, p[16] == ASCII.colon else { return nil }
    let separator = p[10]
    guard separator == ASCII.upperT || separator == ASCII.space || separator == 0x74 else { return nil }
    let k0 = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    let k1 = UnsafeRawPointer(p).loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    let s1 = p[17] &- ASCII.zero
    let s2 = p[18] &- ASCII.zero
    guard s1 <= 6, s2 <= 9 else { return nil }
    let second = Int64(s1) * 10 + Int64(s2)
    var base: Int64
    if k0 == cachedISOKey0, k1 == cachedISOKey1, k0 != 0 {
      base = cachedISOBase
    } else {
      func two(_ at: Int) -> Int? {
        let a = p[at] &- ASCII.zero
        let b = p[at + 1] &- ASCII.zero
        return a <= 9 && b <= 9 ? Int(a) * 10 + Int(b) : nil
      }
      guard let y1 = two(0), let y2 = two(2), let month = two(5), let day = two(8), let hour = two(11),
        let minute = two(14), month >= 1, month <= 12, day >= 1, day <= 31, hour <= 23, minute <= 59
      else {
        invalidTimestamps += 1
        return nil
      }
      base = CivilDate.days(year: y1 * 100 + y2, month: month, day: day) * 86400 + Int64(hour * 3600 + minute * 60)
      cachedISOKey0 = k0
      cachedISOKey1 = k1
      cachedISOBase = base
    }
    var time = LogTimestamp(wallSeconds: base + second)
    var k = i + 19
    let n = line.count
    if k < n, line[k] == ASCII.dot || line[k] == ASCII.comma {
      var micro: Int32 = 0
      var digits = 0
      k += 1
      while k < n, ASCII.isDigit(line[k]) {
        if digits < 6 { micro = micro * 10 + Int32(line[k] &- ASCII.zero) }
        digits += 1
        k += 1
      }
      while digits < 6 {
        micro *= 10
        digits += 1
      }
      time.microseconds = micro
    }
    let isT = separator != ASCII.space
    if isT, k < n {
      let c = line[k]
      if c == ASCII.upperZ || c == 0x7A {
        time.utcOffsetMinutes = 0
        k += 1
      } else if c == ASCII.plus || c == ASCII.minus, let zone = parseZone(line, at: k) {
        time.utcOffsetMinutes = zone.minutes
        k = zone.end
      }
    }
    return (time, k, isT)
  }

  /// `+hh:mm`, `+hhmm` or `+hh` at `i`.
  @inline(__always)
  private func parseZone(_ line: ByteView, at i: Int) -> (minutes: Int16, end: Int)? {
    let n = line.count
    guard i + 3 <= n else { return nil }
    let sign: Int = line[i] == ASCII.minus ? -1 : 1
    let h1 = line[i + 1] &- ASCII.zero
    let h2 = line[i + 2] &- ASCII.zero
    // RFC 3339 `time-numoffset`: hours 00-23, minutes 00-59 (a fuzzer found `-29:99` taken
    // as an offset of more than a day).
    guard h1 <= 2, h2 <= 9, h1 * 10 + h2 <= 23 else { return nil }
    var k = i + 3
    var minutes = 0
    if k < n, line[k] == ASCII.colon { k += 1 }
    if k + 2 <= n, ASCII.isDigit(line[k]), ASCII.isDigit(line[k + 1]) {
      minutes = Int(line[k] &- ASCII.zero) * 10 + Int(line[k + 1] &- ASCII.zero)
      guard minutes <= 59 else { return nil }
      k += 2
    } else if line.byte(at: k - 1) == ASCII.colon {
      return nil
    }
    let total = sign * (Int(h1) * 600 + Int(h2) * 60 + minutes)
    return (Int16(total), k)
  }
}
