import MailCodesAnalysis
import MailCodesFormats
import MailCodesSMTP
import MailCodesSupport

/// The `SessionStats` part of the summary JSON: top-level keys `tls`, `tls_use`, `sasl`,
/// `postscreen`, `dnsbl`, `durations` (after `hourly`), read back by `SummaryJSONReader`.
///
/// - `tls`: {format, direction, level (Postfix's trust level, absent for Exim), protocol,
///   cipher, count}: Postfix TLS handshakes, Exim messages and deliveries over TLS.
/// - `tls_use`: {format, direction, tls, count}: Postfix smtpd sessions, Exim messages from
///   hosts (inbound) and deliveries to hosts (outbound), with TLS or without.
/// - `sasl`: {format, result (`ok`: a message from a logged-in client; `failed`: a failed
///   login), method (Postfix's SASL method, Exim's authenticator), user (absent when the log
///   names none), count}.
/// - `postscreen`: {verdict, rank (of `DNSBL rank`), count}; `dnsbl`: {list, reply, count}.
/// - `durations`: {format, direction, sessions, p50, p90, p99, max (seconds), histogram (pairs
///   of a bucket's lowest duration and its sessions, `SessionStats.Durations`)}.
extension SummaryJSON {
  static func writeSessionStats(_ s: SessionStats, into doc: inout JSONDocumentStream) {
    var w = JSONObjectWriter()
    let output = doc.output
    doc.beginRows("tls")
    for (key, n) in s.tls.sorted(by: <) {
      doc.nextRow()
      w.string("format", key.family.description)
      w.string("direction", key.direction.description)
      w.optionalString("level", key.level)
      w.string("protocol", key.protocolName)
      w.optionalString("cipher", key.cipher)
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()
    doc.beginRows("tls_use")
    for (key, n) in s.tlsUse.counts.sorted(by: { $0.key < $1.key }) {
      doc.nextRow()
      w.string("format", key.family.description)
      w.string("direction", key.direction.description)
      w.bool("tls", key.withTLS)
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()
    doc.beginRows("sasl")
    for (key, n) in s.sasl.sorted(by: <) {
      doc.nextRow()
      w.string("format", key.family.description)
      w.string("result", key.failed ? "failed" : "ok")
      w.string("method", key.method)
      w.optionalString("user", key.user)
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()
    doc.beginRows("postscreen")
    for (key, n) in s.postscreen.counts.sorted(by: { $0.key < $1.key }) {
      doc.nextRow()
      w.string("verdict", key.verdict)
      if key.verdict == PostscreenVerdict.dnsblRank.name { w.number("rank", key.rank) }
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()
    doc.beginRows("dnsbl")
    for (key, n) in s.dnsbl.sorted(by: <) {
      doc.nextRow()
      w.string("list", key.list)
      w.optionalString("reply", key.reply)
      w.number("count", n)
      w.finish(into: output)
    }
    doc.endRows()
    doc.beginRows("durations")
    for (group, d) in s.durations.sorted(by: { $0.key < $1.key }) {
      doc.nextRow()
      w.string("format", group.family.description)
      w.string("direction", group.direction.description)
      w.number("sessions", d.sessions)
      w.number("p50", d.percentile(50).map(Int.init))
      w.number("p90", d.percentile(90).map(Int.init))
      w.number("p99", d.percentile(99).map(Int.init))
      w.number("max", Int(d.longest))
      w.raw(
        "histogram",
        "[" + d.buckets.sorted { $0.key < $1.key }.map { "[\($0.key),\($0.value)]" }.joined(separator: ",") + "]")
      w.finish(into: output)
    }
    doc.endRows()
  }
}

extension SummaryJSONReader {
  static func readSessionStats(_ root: JSONValue) throws(Failure) -> SessionStats {
    var s = SessionStats()
    func group(_ row: JSONValue, _ table: String) throws(Failure) -> (LogFamily, Direction) {
      guard let family = row["format"]?.string.flatMap(LogFamily.init(name:)),
        let direction = row["direction"]?.string.flatMap(Direction.init(name:))
      else { throw Failure(description: "a \(table) row has no format or direction") }
      return (family, direction)
    }
    for row in root["tls"]?.array ?? [] {
      let (family, direction) = try group(row, "tls")
      s.tls.addBeyondLimit(
        SessionStats.TLSKey(
          family: family, direction: direction, level: row["level"]?.string ?? "",
          protocolName: row["protocol"]?.string ?? "", cipher: row["cipher"]?.string ?? ""), row["count"]?.int ?? 0)
    }
    for row in root["tls_use"]?.array ?? [] {
      let (family, direction) = try group(row, "tls_use")
      s.tlsUse.add(
        SessionStats.TLSUseKey(family: family, direction: direction, withTLS: row["tls"]?.bool ?? false),
        row["count"]?.int ?? 0)
    }
    for row in root["sasl"]?.array ?? [] {
      guard let family = row["format"]?.string.flatMap(LogFamily.init(name:)) else {
        throw Failure(description: "a sasl row has no format")
      }
      s.sasl.addBeyondLimit(
        SessionStats.SASLKey(
          family: family, failed: row["result"]?.string == "failed", method: row["method"]?.string ?? "",
          user: row["user"]?.string ?? ""), row["count"]?.int ?? 0)
    }
    for row in root["postscreen"]?.array ?? [] {
      s.postscreen.addBeyondLimit(
        SessionStats.PostscreenKey(verdict: row["verdict"]?.string ?? "", rank: row["rank"]?.int ?? 0),
        row["count"]?.int ?? 0)
    }
    for row in root["dnsbl"]?.array ?? [] {
      s.dnsbl.addBeyondLimit(
        SessionStats.DNSBLKey(list: row["list"]?.string ?? "", reply: row["reply"]?.string ?? ""),
        row["count"]?.int ?? 0)
    }
    for row in root["durations"]?.array ?? [] {
      let (family, direction) = try group(row, "durations")
      var d = SessionStats.Durations()
      for pair in row["histogram"]?.array ?? [] {
        guard let b = pair.array?.first?.int, let n = pair.array?.last?.int else {
          throw Failure(description: "a durations histogram entry is not [seconds, sessions]")
        }
        d.buckets[Int64(b), default: 0] += n
      }
      d.longest = Int64(row["max"]?.int ?? 0)
      s.durations[SessionStats.SessionGroup(family: family, direction: direction)] = d
    }
    return s
  }
}
