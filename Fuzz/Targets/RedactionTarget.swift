/// Fuzzes `Redactor` and the transcript parsers' marks of credentials, with properties:
/// - any line: the credentials found lie inside it; redacting twice changes nothing; a line
///   without `h`/`H` or `-` is never changed;
/// - a credential in an `AUTH MECH <base64>` command, written into any bytes (the input's),
///   never survives `Redactor.redacted`;
/// - a whole AUTH exchange (LOGIN with its two `334` challenges, or PLAIN with an initial
///   response or after an empty `334`) in a dialect chosen by the input (swaks, smtplib,
///   `C:`/`S:`, Postfix `debug_peer_list` server and client side, Exim debug), followed by any
///   lines: no base64 credential reaches grep's lines (`-v`), its `-s` sessions or the events,
///   and with `--show-secrets` every one does.
///
/// Input: byte 0 chooses the dialect, the mechanism, the line ends and grep's mode; the bytes
/// up to the first newline are the secret (user and password are cut from it); the rest is the
/// text around the command and the lines after the exchange.
enum RedactionTarget {
  static let mechanisms = ["PLAIN", "plain", "LOGIN", "XOAUTH2", "CRAM-MD5", "Plain", "SCRAM-SHA-256"]
  static let delimiters = ["", " ", "\"", "'", "\\r\\n'", ")", ", x"]

  static func run(_ data: ByteView) {
    guard data.count >= 2 else { return }
    let control = Int(data[0])
    let rest = data.suffix(from: 1)
    let secretEnd = rest.firstIndex(of: ASCII.newline) ?? rest.count
    let secret = rest.slice(0, secretEnd).bytes
    let tail = rest.suffix(from: secretEnd + 1).bytes
    checkAnyLine(data)
    checkEmbedded(control, secret, tail)
    checkTranscript(control, secret, tail)
  }

  /// Ranges, idempotence, and lines that cannot hold a credential.
  static func checkAnyLine(_ line: ByteView) {
    Redactor.credentials(in: line) { range in
      FuzzCheck.require(
        range.start >= 0 && range.end <= line.count && range.length > 0, "credential range outside the line")
    }
    let once = Redactor.redacted(line)
    let twice = once.withUnsafeBufferPointer { b in
      Redactor.redacted(ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count))
    }
    FuzzCheck.require(once == twice, "redacting twice changed the line")
    let bytes = line.bytes
    if !bytes.contains(where: { $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "H") || $0 == ASCII.minus }) {
      FuzzCheck.require(once == bytes, "a line without 'h' or '-' was changed")
    }
  }

  /// `... AUTH MECH <base64> ...` in the input's bytes: the base64 never survives.
  static func checkEmbedded(_ control: Int, _ secret: [UInt8], _ around: [UInt8]) {
    // At least 15 bytes: a response of 20 base64 characters, redacted whatever its letters.
    let payload = Array(
      base64(secret.count >= 15 ? secret : secret + Array(repeating: 0x41, count: 15 - secret.count)).utf8)
    let cut = around.isEmpty ? 0 : control % (around.count + 1)
    let prefix = around[..<cut].map { $0 == ASCII.newline ? ASCII.space : $0 }
    let suffix = around[cut...].map { $0 == ASCII.newline ? ASCII.space : $0 }
    let mechanism = mechanisms[control % mechanisms.count]
    let delimiter = delimiters[(control / 8) % delimiters.count]
    var line = prefix + Array(" AUTH \(mechanism) ".utf8) + payload + Array(delimiter.utf8)
    if !delimiter.isEmpty { line += suffix }
    let redacted = line.withUnsafeBufferPointer { b in
      Redactor.redacted(ByteView(base: b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count))
    }
    FuzzCheck.require(!contains(redacted, payload), "AUTH \(mechanism) response survived redaction")
  }

  /// A whole exchange in one dialect, then the input's lines: grep and events never show it.
  static func checkTranscript(_ control: Int, _ secret: [UInt8], _ after: [UInt8]) {
    let half = secret.count / 2
    let user = base64(Array(secret[..<half]) + [0x75])  // never empty
    let password = base64(Array(secret[half...]) + [0x70])
    let plain = base64([0] + Array(secret[..<half]) + [0x75, 0] + Array(secret[half...]) + [0x70])
    var lines: [String] = []
    let dialect = control % 6
    let login = control & 0x40 != 0
    let plainAfter334 = control & 0x80 != 0
    func client(_ text: String) -> String {
      switch dialect {
      case 0: return " -> \(text)"
      case 1: return "send: '\(text)\\r\\n'"
      case 2: return "C: \(text)"
      case 3: return "Nov 29 11:00:02 mx1 postfix/submission/smtpd[4201]: < laptop.example[192.0.2.8]: \(text)"
      case 4: return "Nov 29 11:01:00 mx1 postfix/smtp[4202]: > relay.example[192.0.2.25]:587: \(text)"
      default: return " 8641 SMTP<< \(text)"
      }
    }
    func server(_ text: String) -> String {
      switch dialect {
      case 0: return "<-  \(text)"
      case 1: return "reply: b'\(text)\\r\\n'"
      case 2: return "S: \(text)"
      case 3: return "Nov 29 11:00:02 mx1 postfix/submission/smtpd[4201]: > laptop.example[192.0.2.8]: \(text)"
      case 4: return "Nov 29 11:01:00 mx1 postfix/smtp[4202]: < relay.example[192.0.2.25]:587: \(text)"
      default: return " 8641 SMTP>> \(text)"
      }
    }
    switch dialect {
    case 0: lines.append("=== Trying 192.0.2.25:587...")
    case 1: lines.append("connect: to ('192.0.2.25', 587) None")
    case 3: lines.append("Nov 29 11:00:01 mx1 postfix/submission/smtpd[4201]: connect from laptop.example[192.0.2.8]")
    case 5: lines.append(" 8641 Process 8641 is handling incoming connection from [192.0.2.8]:51433")
    default: break
    }
    lines += [
      server("220 mx.example ESMTP"), client("EHLO laptop.example"), server("250-mx.example"),
      server("250 AUTH PLAIN LOGIN"),
    ]
    if login {
      lines += [
        client("AUTH LOGIN"), server("334 VXNlcm5hbWU6"), client(user), server("334 UGFzc3dvcmQ6"), client(password),
      ]
    } else if plainAfter334 {
      lines += [client("AUTH PLAIN"), server("334 "), client(plain)]
    } else {
      lines += [client("AUTH PLAIN \(plain)")]
    }
    lines += [server("235 2.7.0 Authentication successful"), client("QUIT"), server("221 2.0.0 Bye")]
    let crlf = control & 0x20 != 0
    var log = Array(lines.joined(separator: crlf ? "\r\n" : "\n").utf8) + Array((crlf ? "\r\n" : "\n").utf8)
    let secrets = login ? [Array(user.utf8), Array(password.utf8)] : [Array(plain.utf8)]
    // The lines after the exchange, unless they hold the secret themselves.
    if !secrets.contains(where: { contains(after, $0) }) { log += after }
    let family: LogFamily? = dialect == 3 || dialect == 4 ? nil : (control & 0x10 != 0 ? .transcript : nil)

    for (sessions, showSecrets) in [(false, false), (true, false), (false, true)] {
      var filter = EventFilter()
      var options = GrepOptions()
      options.sessions = sessions
      options.showSecrets = showSecrets
      if sessions {
        filter.codes.append(CodePattern("2xx")!)
      } else {
        filter.codes.append(CodePattern("259")!)
        options.invert = true
      }
      options.sanitize = true
      var engine = AnalysisOptions()
      engine.year = 2026
      engine.family = family
      let names = NameTable()
      let output = ByteOutput(.memory)
      let events = ByteOutput(.memory)
      var writer = EventLinesWriter(output: events, names: names)
      writer.showSecrets = showSecrets
      var sink = SinkPair(GrepMatcher(filter: filter, options: options, output: output, names: names), writer)
      _ = FuzzPipeline.runOne(log, seed: control | 1, options: engine, names: names, sink: &sink)
      sink.first.finish()
      output.flush()
      events.flush()
      let printed = output.memory
      for s in secrets {
        if showSecrets {
          FuzzCheck.require(contains(printed, s), "--show-secrets did not print a credential (dialect \(dialect))")
        } else {
          FuzzCheck.require(
            !contains(printed, s), "a credential reached grep's output (dialect \(dialect), -s \(sessions))")
        }
        FuzzCheck.require(!contains(events.memory, s), "a credential reached the events (dialect \(dialect))")
      }
    }
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
      if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
  }

  static func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
      let b0 = Int(bytes[i])
      let b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0
      let b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
      out.append(alphabet[b0 >> 2])
      out.append(alphabet[(b0 & 3) << 4 | b1 >> 4])
      out.append(i + 1 < bytes.count ? alphabet[(b1 & 15) << 2 | b2 >> 6] : UInt8(ascii: "="))
      out.append(i + 2 < bytes.count ? alphabet[b2 & 63] : UInt8(ascii: "="))
      i += 3
    }
    return String(decoding: out, as: UTF8.self)
  }
}
