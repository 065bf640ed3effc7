import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Reads a `mailcodes.summary/1` document back into a `Summary` (for `mailcodes merge`).
///
/// The inverse of `SummaryJSON.render`: every tally comes back exactly, so summaries of many
/// hosts or days merge into the summary of all of them. Unknown keys are ignored (a later minor
/// version may add some); a different `schema` is refused.
public enum SummaryJSONReader {
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  public static func read(_ text: String) throws(Failure) -> Summary {
    let root: JSONValue
    do {
      root = try JSONParser.parse(text)
    } catch {
      throw Failure(description: "not valid JSON: \(error.description)")
    }
    guard let schema = root["schema"]?.string else {
      throw Failure(description: "not a mailcodes summary (no \"schema\")")
    }
    guard schema == Summary.schema else {
      throw Failure(description: "schema \(schema) is not \(Summary.schema)")
    }
    var s = Summary()
    s.generator = root["generator"]?.string ?? "mailcodes"
    if let period = root["period"] {
      s.firstEvent = period["first"]?.string.flatMap { LogTimestamp(iso: $0) }
      s.lastEvent = period["last"]?.string.flatMap { LogTimestamp(iso: $0) }
    }
    if let window = root["window"] {
      let start = window["start"]?.string.flatMap { LogTimestamp(iso: $0) }
      let end = window["end"]?.string.flatMap { LogTimestamp(iso: $0) }
      s.window = TimeExpression.Window(
        start: start?.wallSeconds, startUTCOffsetMinutes: start?.utcOffsetMinutes,
        end: end?.wallSeconds, endUTCOffsetMinutes: end?.utcOffsetMinutes)
      s.windowLines = window["lines"]?.int
      for part in window["empty_parts"]?.array ?? [] {
        let start = part["start"]?.string.flatMap { LogTimestamp(iso: $0) }
        let end = part["end"]?.string.flatMap { LogTimestamp(iso: $0) }
        s.emptyWindows.append(
          TimeExpression.Window(
            start: start?.wallSeconds, startUTCOffsetMinutes: start?.utcOffsetMinutes, end: end?.wallSeconds,
            endUTCOffsetMinutes: end?.utcOffsetMinutes))
      }
    }
    for input in root["inputs"]?.array ?? [] {
      var r = Summary.InputRecord(name: input["name"]?.string ?? "")
      r.lines = input["lines"]?.int ?? 0
      r.bytes = Int64(input["bytes"]?.int ?? 0)
      r.compressed = input["compressed"]?.bool ?? false
      r.compression = input["compression"]?.string
      r.recognized = input["recognized"]?.int ?? 0
      r.ignored = input["ignored"]?.int ?? 0
      r.unrecognized = input["unrecognized"]?.int ?? 0
      r.truncatedLines = input["truncated_lines"]?.int ?? 0
      r.events = input["events"]?.int ?? 0
      if case .object(let pairs)? = input["formats"] {
        for (name, n) in pairs { r.formats[name] = n.int ?? 0 }
      }
      if case .object(let pairs)? = input["daemons"] {
        for (name, c) in pairs {
          r.daemons[name] = LineClassCounts(
            recognized: c["recognized"]?.int ?? 0, ignored: c["ignored"]?.int ?? 0,
            unrecognized: c["unrecognized"]?.int ?? 0)
        }
      }
      r.first = input["first"]?.string.flatMap { LogTimestamp(iso: $0) }
      r.last = input["last"]?.string.flatMap { LogTimestamp(iso: $0) }
      r.timeReversals = input["time_reversals"]?.int ?? 0
      r.yearRollovers = input["year_rollovers"]?.int ?? 0
      r.transcript = input["transcript"]?.string
      r.error = input["error"]?.string
      r.warning = input["warning"]?.string
      // Summaries written before fingerprints have none (merge then compares names and counts).
      if let f = input["fingerprint"] {
        if let file = f["file"]?.string?.split(separator: ":"), file.count == 2,
          let device = UInt64(file[0]), let inode = UInt64(file[1])
        {
          r.identity = FileIdentity(device: device, inode: inode, size: Int64(f["size"]?.int ?? 0))
        }
        r.modificationTime = f["modified"]?.string.flatMap { LogTimestamp(iso: $0) }?.utcSeconds
        r.firstLineHash = f["first_line_fnv1a"]?.string.flatMap { UInt64($0, radix: 16) }
      }
      s.inputs.append(r)
    }
    for row in root["replies"]?.array ?? [] {
      let key = try reply(row)
      s.replies.add(key, row["count"]?.int ?? 0)
      if let sample = row["sample"]?.string { s.samples[key] = sample }
    }
    for row in root["peers"]?.array ?? [] {
      s.peers.add(Summary.PeerKey(reply: try reply(row), peer: row["peer"]?.string ?? ""), row["count"]?.int ?? 0)
    }
    for row in root["sessions"]?.array ?? [] {
      guard let family = row["format"]?.string.flatMap(LogFamily.init(name:)),
        let direction = row["direction"]?.string.flatMap(Direction.init(name:)),
        let outcome = row["outcome"]?.string.flatMap(Outcome.init(name:))
      else { throw Failure(description: "a sessions row is incomplete") }
      s.sessions.add(
        Summary.SessionKey(
          family: family, direction: direction, outcome: outcome, stage: command(row["stage"]),
          withoutQuit: row["without_quit"]?.bool ?? false), row["count"]?.int ?? 0)
    }
    for row in root["session_peers"]?.array ?? [] {
      guard let outcome = row["outcome"]?.string.flatMap(Outcome.init(name:)) else {
        throw Failure(description: "a session_peers row has no outcome")
      }
      // Summaries written before the field existed hold inbound sessions only.
      let direction = row["direction"]?.string.flatMap(Direction.init(name:)) ?? .inbound
      s.sessionPeers.add(
        Summary.SessionPeerKey(
          outcome: outcome, stage: command(row["stage"]), direction: direction,
          peer: row["peer"]?.string ?? ""),
        row["count"]?.int ?? 0)
    }
    for row in root["deliveries"]?.array ?? [] {
      s.deliveries.add(
        Summary.DeliveryKey(
          status: row["status"]?.string ?? "", kind: row["kind"]?.string.flatMap(EventKind.init(name:)) ?? .other,
          remote: row["remote"]?.string ?? "", code: UInt16(row["code"]?.int ?? 0),
          enhanced: row["enhanced"]?.string ?? "",
          command: command(row["command"])), row["count"]?.int ?? 0)
    }
    for row in root["hourly"]?.array ?? [] {
      let replyClass = row["class"]?.string.flatMap { $0.first?.wholeNumberValue }.map(UInt8.init) ?? 0
      s.hourly.add(Summary.HourKey(hour: row["hour"]?.string ?? "", replyClass: replyClass), row["count"]?.int ?? 0)
    }
    try readMessages(root, into: &s)
    s.sessionStats = try readSessionStats(root)
    if let limits = root["limits"] {
      s.limits.truncatedLines = limits["truncated_lines"]?.int ?? 0
      s.limits.evictedSessions = limits["evicted_sessions"]?.int ?? 0
      s.limits.unterminatedSessions = limits["unterminated_sessions"]?.int ?? 0
      s.limits.postscreenHandoffs = limits["postscreen_handoffs"]?.int ?? 0
      s.limits.overflowedCounts = limits["overflowed_counts"]?.int ?? 0
    }
    s.skippedInputs = (root["skipped_inputs"]?.array ?? []).compactMap(\.string)
    s.errors = (root["errors"]?.array ?? []).compactMap(\.string)
    s.warnings = (root["warnings"]?.array ?? []).compactMap(\.string)
    return s
  }

  static func command(_ value: JSONValue?) -> SMTPCommand {
    value?.string.flatMap { SMTPCommand(name: $0) } ?? .none
  }

  static func reply(_ row: JSONValue) throws(Failure) -> Summary.ReplyKey {
    guard let direction = row["direction"]?.string.flatMap(Direction.init(name:)),
      let kind = row["kind"]?.string.flatMap(EventKind.init(name:))
    else { throw Failure(description: "a reply row has no direction or kind") }
    let hintName = row["hint"]?.string ?? ""
    return Summary.ReplyKey(
      direction: direction, code: UInt16(row["code"]?.int ?? 0), enhanced: row["enhanced"]?.string ?? "",
      command: command(row["command"]), kind: kind, inferred: row["inferred"]?.bool ?? false,
      hint: Hint.allCases.first { $0.name == hintName } ?? .none)
  }
}
