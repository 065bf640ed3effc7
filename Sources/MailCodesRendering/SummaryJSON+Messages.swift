import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesSMTP
import MailCodesSupport

/// The message model's part of the summary JSON (`MessageSummary`), read back by
/// `SummaryJSONReader` exactly (for `merge`).
///
/// Keys: `messages` (totals, the rejection rate, limits), `message_transports`,
/// `message_senders`, `message_recipients`, `message_sender_domains`, `message_domains`,
/// `message_delays` (one row per series: `delay`, `before_queue`, `in_queue`, `connection`,
/// `transmission`, `queue_time`, each with its percentiles and its `values` as `[ms, count]`
/// pairs), `message_hourly`, `rejections`, `rejected_parties`, `message_relayed`,
/// `message_deferred_queue` (host, domain, qshape bucket), `message_queue_ends` (when each
/// host's log ended), `daemon_problems`. Rows of
/// address and domain tables beyond their bound are one row with `"other": true`.
extension SummaryJSON {
  static let delaySeries = ["delay", "before_queue", "in_queue", "connection", "transmission", "queue_time"]

  static func addMessages(_ s: Summary, to doc: inout JSONDocumentStream) {
    let m = s.messages
    var t = JSONObjectWriter()
    for (name, path) in MessageSummary.Totals.fields {
      t.number(name, m.totals[keyPath: path])
      if name == "received" { t.number("received_bytes", m.totals.receivedBytes) }
      if name == "delivered_messages" { t.number("delivered_bytes", m.totals.deliveredBytes) }
    }
    t.raw("rejection_rate", String(format2(m.totals.rejectionRate)))
    t.number("evicted_messages", m.limits.evictedMessages)
    t.number("open_messages", m.limits.openMessages)
    t.number(
      "overflowed_counts",
      m.limits.overflowedCounts + m.hourly.overflow + m.problems.overflow
        + m.rejections.overflow + m.rejectedParties.overflow + m.relayed.overflow)
    doc.field("messages", json: t.finish())

    streamRows(
      &doc, "message_transports",
      m.transports.entries.sorted { a, b in
        a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key
      }
    ) { entry, w in
      w.string("agent", entry.key.agent.description)
      w.string("name", entry.key.name)
      w.number("count", entry.value.count)
      w.number("bytes", entry.value.bytes)
    }
    volumeRows(&doc, "message_senders", m.senders, "address")
    volumeRows(&doc, "message_recipients", m.recipients, "address")
    volumeRows(&doc, "message_sender_domains", m.senderDomains, "domain")

    doc.beginRows("message_domains")
    var w = JSONObjectWriter()
    for (domain, d) in m.domains.entries.sorted(by: { a, b in
      a.value.delivered != b.value.delivered ? a.value.delivered > b.value.delivered : a.key < b.key
    }) {
      doc.nextRow()
      domainRow(domain, d, other: false, &w)
      w.finish(into: doc.output)
    }
    if m.domains.overflowCount > 0 {
      doc.nextRow()
      domainRow(nil, m.domains.overflow, other: true, &w)
      w.finish(into: doc.output)
    }
    doc.endRows()

    let series = [m.delays] + m.delayParts + [m.queueTimes]
    streamRows(&doc, "message_delays", zip(delaySeries, series).filter { $0.1.count > 0 }) { pair, w in
      let (name, h) = pair
      w.string("series", name)
      w.number("count", h.count)
      w.number("sum_ms", h.sum)
      w.number("max_ms", h.max)
      w.number("p50_ms", h.percentile(50))
      w.number("p90_ms", h.percentile(90))
      w.number("p99_ms", h.percentile(99))
      w.raw(
        "values",
        "[" + h.counts.sorted { $0.key < $1.key }.map { "[\($0.key),\($0.value)]" }.joined(separator: ",") + "]")
    }

    streamRows(&doc, "message_hourly", m.hourly.counts.sorted { $0.key < $1.key }) { entry, w in
      w.string("hour", entry.key.hour)
      w.string("traffic", entry.key.traffic.description)
      w.number("count", entry.value)
    }
    doc.beginRows("rejections")
    m.rejections.forEachSorted(by: <) { key, n in
      doc.nextRow()
      w.string("reason", key.reason.name)
      w.optionalString("detail", key.detail)
      w.number("code", key.code == 0 ? nil : Int(key.code))
      w.optionalString("enhanced", key.enhanced)
      w.optionalString("command", key.command.description)
      w.optionalString("text", key.text)
      w.number("count", n)
      w.finish(into: doc.output)
    }
    doc.endRows()
    doc.beginRows("rejected_parties")
    m.rejectedParties.forEachSorted(by: <) { key, n in
      doc.nextRow()
      w.string("reason", key.reason.name)
      w.string("role", key.role.description)
      w.string("value", key.value)
      w.number("count", n)
      w.finish(into: doc.output)
    }
    doc.endRows()
    doc.beginRows("message_relayed")
    m.relayed.forEachSorted(by: <) { key, n in
      doc.nextRow()
      w.string("client", key.client)
      w.string("sender", key.sender)
      w.string("remote", key.remote)
      w.string("recipient", key.recipient)
      w.number("count", n)
      w.finish(into: doc.output)
    }
    doc.endRows()
    doc.beginRows("message_deferred_queue")
    m.deferredQueue.forEachSorted(by: <) { key, n in
      doc.nextRow()
      w.string("host", key.host)
      w.string("domain", key.domain)
      w.string("bucket", MessageSummary.QueueShapeKey.bucketTitles[Int(min(key.bucket, 10))])
      w.number("count", n)
      w.finish(into: doc.output)
    }
    doc.endRows()
    streamRows(&doc, "message_queue_ends", m.queueEnds.sorted { $0.key < $1.key }) { entry, w in
      w.string("host", entry.key)
      w.number("end_ms", entry.value)
      w.string("end", LogTimestamp(wallSeconds: entry.value / 1000).description)
    }
    doc.beginRows("daemon_problems")
    m.problems.forEachSorted(by: <) { key, n in
      doc.nextRow()
      w.string("program", key.program)
      w.string("severity", key.severity.description)
      w.string("text", key.text)
      w.number("count", n)
      w.finish(into: doc.output)
    }
    doc.endRows()
  }

  /// An array entry of one row per element, written as it is made (one writer for all rows).
  private static func streamRows<S: Sequence>(
    _ doc: inout JSONDocumentStream, _ name: String, _ items: S,
    _ write: (S.Element, inout JSONObjectWriter) -> Void
  ) {
    var w = JSONObjectWriter()
    doc.beginRows(name)
    for item in items {
      doc.nextRow()
      write(item, &w)
      w.finish(into: doc.output)
    }
    doc.endRows()
  }

  /// A number with at most two decimals (`25.27`).
  static func format2(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  private static func volumeRows(
    _ doc: inout JSONDocumentStream, _ name: String, _ table: KeyedTotals<String, Volume>, _ keyName: String
  ) {
    var w = JSONObjectWriter()
    doc.beginRows(name)
    for (key, volume) in table.entries.sorted(by: { a, b in
      a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key
    }) {
      doc.nextRow()
      w.string(keyName, key)
      w.number("count", volume.count)
      w.number("bytes", volume.bytes)
      w.finish(into: doc.output)
    }
    if table.overflowCount > 0 {
      doc.nextRow()
      w.string(keyName, nil)
      w.bool("other", true)
      w.number("count", table.overflow.count)
      w.number("bytes", table.overflow.bytes)
      w.number("additions", table.overflowCount)
      w.finish(into: doc.output)
    }
    doc.endRows()
  }

  private static func domainRow(_ domain: String?, _ d: DomainDelivery, other: Bool, _ w: inout JSONObjectWriter) {
    w.string("domain", domain)
    if other { w.bool("other", true) }
    w.number("delivered", d.delivered)
    w.number("bytes", d.bytes)
    w.number("deferred", d.deferred)
    w.number("bounced", d.bounced)
    w.number("expired", d.expired)
    w.number("delay_sum_ms", d.delaySum)
    w.number("delayed", d.delayed)
    w.number("delay_max_ms", d.delayMax < 0 ? nil : d.delayMax)
  }
}

extension SummaryJSONReader {
  /// Reads what `SummaryJSON.addMessages` wrote (absent in summaries of earlier versions: then
  /// the message model is empty).
  static func readMessages(_ root: JSONValue, into s: inout Summary) throws(Failure) {
    var m = MessageSummary()
    if let totals = root["messages"] {
      for (name, path) in MessageSummary.Totals.fields { m.totals[keyPath: path] = totals[name]?.int ?? 0 }
      m.totals.receivedBytes = Int64(totals["received_bytes"]?.int ?? 0)
      m.totals.deliveredBytes = Int64(totals["delivered_bytes"]?.int ?? 0)
      m.limits.evictedMessages = totals["evicted_messages"]?.int ?? 0
      m.limits.openMessages = totals["open_messages"]?.int ?? 0
      m.limits.overflowedCounts = totals["overflowed_counts"]?.int ?? 0
    }
    for row in root["message_transports"]?.array ?? [] {
      let agent = DeliveryAgent.allCases.first { $0.description == row["agent"]?.string } ?? .other
      m.transports.add(MessageSummary.TransportKey(agent: agent, name: row["name"]?.string ?? ""), volume(row))
    }
    readVolumes(root["message_senders"], "address", &m.senders)
    readVolumes(root["message_recipients"], "address", &m.recipients)
    readVolumes(root["message_sender_domains"], "domain", &m.senderDomains)
    for row in root["message_domains"]?.array ?? [] {
      var d = DomainDelivery()
      d.delivered = row["delivered"]?.int ?? 0
      d.bytes = Int64(row["bytes"]?.int ?? 0)
      d.deferred = row["deferred"]?.int ?? 0
      d.bounced = row["bounced"]?.int ?? 0
      d.expired = row["expired"]?.int ?? 0
      d.delaySum = Int64(row["delay_sum_ms"]?.int ?? 0)
      d.delayed = row["delayed"]?.int ?? 0
      d.delayMax = Int64(row["delay_max_ms"]?.int ?? -1)
      if row["other"]?.bool == true { m.domains.addOverflow(d) } else { m.domains.add(row["domain"]?.string ?? "", d) }
    }
    for row in root["message_delays"]?.array ?? [] {
      guard let name = row["series"]?.string, let index = SummaryJSON.delaySeries.firstIndex(of: name) else { continue }
      var h = ValueHistogram()
      for pair in row["values"]?.array ?? [] {
        guard let values = pair.array, values.count == 2, let v = values[0].int, let n = values[1].int else {
          throw Failure(description: "a message_delays value is not a [ms, count] pair")
        }
        h.add(rounded: Int64(v), count: n)
      }
      h.setExact(sum: Int64(row["sum_ms"]?.int ?? 0), max: Int64(row["max_ms"]?.int ?? -1))
      switch index {
      case 0: m.delays = h
      case 5: m.queueTimes = h
      default: m.delayParts[index - 1] = h
      }
    }
    for row in root["message_hourly"]?.array ?? [] {
      guard let traffic = row["traffic"]?.string.flatMap(MessageSummary.Traffic.init(name:)) else {
        throw Failure(description: "a message_hourly row has no traffic kind")
      }
      m.hourly.add(MessageSummary.HourKey(hour: row["hour"]?.string ?? "", traffic: traffic), row["count"]?.int ?? 0)
    }
    for row in root["rejections"]?.array ?? [] {
      let reason = row["reason"]?.string.flatMap(RejectionReason.init(name:)) ?? .other
      m.rejections.add(
        MessageSummary.RejectionKey(
          reason: reason, detail: row["detail"]?.string ?? "", code: UInt16(row["code"]?.int ?? 0),
          enhanced: row["enhanced"]?.string ?? "", command: command(row["command"]), text: row["text"]?.string ?? ""),
        row["count"]?.int ?? 0)
    }
    for row in root["rejected_parties"]?.array ?? [] {
      guard let role = row["role"]?.string.flatMap(MessageSummary.PartyRole.init(name:)) else {
        throw Failure(description: "a rejected_parties row has no role")
      }
      let reason = row["reason"]?.string.flatMap(RejectionReason.init(name:)) ?? .other
      m.rejectedParties.add(
        MessageSummary.RejectedPartyKey(reason: reason, role: role, value: row["value"]?.string ?? ""),
        row["count"]?.int ?? 0)
    }
    for row in root["message_relayed"]?.array ?? [] {
      m.relayed.add(
        MessageSummary.RelayedKey(
          client: row["client"]?.string ?? "", sender: row["sender"]?.string ?? "",
          remote: row["remote"]?.string ?? "", recipient: row["recipient"]?.string ?? ""),
        row["count"]?.int ?? 0)
    }
    for row in root["message_deferred_queue"]?.array ?? [] {
      guard let title = row["bucket"]?.string,
        let bucket = MessageSummary.QueueShapeKey.bucketTitles.firstIndex(of: title)
      else { throw Failure(description: "a message_deferred_queue row has no known bucket") }
      m.deferredQueue.add(
        MessageSummary.QueueShapeKey(
          host: row["host"]?.string ?? "", domain: row["domain"]?.string ?? "", bucket: UInt8(bucket)),
        row["count"]?.int ?? 0)
    }
    for row in root["message_queue_ends"]?.array ?? [] {
      guard let end = row["end_ms"]?.int else { throw Failure(description: "a message_queue_ends row has no end_ms") }
      m.queueEnds[row["host"]?.string ?? ""] = Int64(end)
    }
    for row in root["daemon_problems"]?.array ?? [] {
      let severity = row["severity"]?.string.flatMap(ProblemSeverity.init(name:)) ?? .warning
      m.problems.add(
        MessageSummary.ProblemKey(
          program: row["program"]?.string ?? "", severity: severity, text: row["text"]?.string ?? ""),
        row["count"]?.int ?? 0)
    }
    s.messages = m
  }

  private static func volume(_ row: JSONValue) -> Volume {
    Volume(count: row["count"]?.int ?? 0, bytes: Int64(row["bytes"]?.int ?? 0))
  }

  private static func readVolumes(_ rows: JSONValue?, _ keyName: String, _ table: inout KeyedTotals<String, Volume>) {
    for row in rows?.array ?? [] {
      if row["other"]?.bool == true {
        table.addOverflow(volume(row), count: row["additions"]?.int ?? 1)
      } else {
        table.add(row[keyName]?.string ?? "", volume(row))
      }
    }
  }
}
