import MailCodesAnalysis
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesRendering
import MailCodesSMTP
import MailCodesSupport

/// The `--state` file: where each log was left, and the running totals since the file was
/// made, so that a job run every minute reads only new lines and writes counters that only
/// grow, through rotations and restarts.
///
/// Text form (`mailcodes.state/1`): a first line with one JSON object (`schema`,
/// `input_errors`, `inputs`: one per log with `path`, `device`, `inode`, `size`, `counted`,
/// `resume`, `fingerprint_length`, `fingerprint` (16 hex digits), `rotated_to`, and, when the
/// next run starts in a rotated file, `resume_device`, `resume_inode`, `resume_fingerprint_length`,
/// `resume_fingerprint`), then the
/// running totals as a JSON summary (`mailcodes.summary/1`). The totals keep what the metrics
/// are made of (replies, sessions, deliveries, line classes, limits); the per-client tables,
/// the hourly histogram and the sample texts are dropped, so the file stays small.
public struct MetricsState: Sendable {
  public static let schema = "mailcodes.state/1"

  public var positions: [String: InputPosition] = [:]
  public var summary = Summary()
  /// Inputs that could not be read, summed over the runs.
  public var inputErrors = 0

  public init() {}

  public struct Failure: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// Reads the text form.
  public static func read(_ text: String) throws(Failure) -> MetricsState {
    guard let newline = text.firstIndex(of: "\n") else { throw Failure(description: "not a mailcodes state file") }
    let header: JSONValue
    do { header = try JSONParser.parse(String(text[..<newline])) } catch {
      throw Failure(description: "not a mailcodes state file (\(error))")
    }
    guard header["schema"]?.string == schema else {
      throw Failure(
        description: "not a mailcodes state file (schema \(header["schema"]?.string ?? "missing"), expected \(schema))")
    }
    var state = MetricsState()
    state.inputErrors = header["input_errors"]?.int ?? 0
    for entry in header["inputs"]?.array ?? [] {
      guard let path = entry["path"]?.string, let device = entry["device"]?.int, let inode = entry["inode"]?.int,
        let counted = entry["counted"]?.int, let resume = entry["resume"]?.int,
        let length = entry["fingerprint_length"]?.int, let hashText = entry["fingerprint"]?.string,
        let hash = UInt64(hashText, radix: 16)
      else { throw Failure(description: "a damaged input entry in the state file") }
      state.positions[path] = InputPosition(
        path: path,
        identity: FileIdentity(device: UInt64(device), inode: UInt64(inode), size: Int64(entry["size"]?.int ?? 0)),
        fingerprint: FileFingerprint(length: length, hash: hash), counted: Int64(counted), resume: Int64(resume),
        rotatedTo: entry["rotated_to"]?.string)
      if let resumeInode = entry["resume_inode"]?.int, let resumeDevice = entry["resume_device"]?.int,
        let length = entry["resume_fingerprint_length"]?.int,
        let hash = entry["resume_fingerprint"]?.string.flatMap({ UInt64($0, radix: 16) })
      {
        state.positions[path]?.resumeIdentity = FileIdentity(
          device: UInt64(resumeDevice), inode: UInt64(resumeInode), size: 0)
        state.positions[path]?.resumeFingerprint = FileFingerprint(length: length, hash: hash)
      }
    }
    do { state.summary = try SummaryJSONReader.read(String(text[text.index(after: newline)...])) } catch {
      throw Failure(description: "the state file's totals are damaged (\(error))")
    }
    return state
  }

  /// The text form.
  public func render() -> String {
    var header: [UInt8] = Array("{\"schema\":".utf8)
    Sanitizer.appendJSONString(MetricsState.schema, to: &header)
    header += Array(",\"input_errors\":\(inputErrors),\"inputs\":[".utf8)
    for (i, p) in positions.values.sorted(by: { $0.path < $1.path }).enumerated() {
      var w = JSONObjectWriter()
      w.string("path", p.path)
      w.number("device", Int64(bitPattern: p.identity.device))
      w.number("inode", Int64(bitPattern: p.identity.inode))
      w.number("size", p.identity.size)
      w.number("counted", p.counted)
      w.number("resume", p.resume)
      w.number("fingerprint_length", p.fingerprint.length)
      w.string("fingerprint", MetricsState.hex(p.fingerprint.hash))
      if let identity = p.resumeIdentity, let fingerprint = p.resumeFingerprint {
        w.number("resume_device", Int64(bitPattern: identity.device))
        w.number("resume_inode", Int64(bitPattern: identity.inode))
        w.number("resume_fingerprint_length", fingerprint.length)
        w.string("resume_fingerprint", MetricsState.hex(fingerprint.hash))
      }
      w.string("rotated_to", p.rotatedTo)
      if i > 0 { header.append(ASCII.comma) }
      header += Array(w.finish().utf8)
    }
    header += Array("]}\n".utf8)
    return String(decoding: header, as: UTF8.self) + SummaryJSON.render(summary)
  }

  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// Adds one run: its counts to the totals, its positions in place of the old ones.
  public mutating func add(_ run: Summary, positions: [InputPosition]) {
    var total = summary
    total.merge(run)
    inputErrors += run.errors.count
    // One input record per log, its counts summed over the runs.
    var inputs: [Summary.InputRecord] = []
    var byName: [String: Int] = [:]
    for record in total.inputs {
      guard let i = byName[record.name] else {
        byName[record.name] = inputs.count
        var kept = record
        kept.error = nil
        kept.warning = nil
        inputs.append(kept)
        continue
      }
      inputs[i].lines += record.lines
      inputs[i].bytes += record.bytes
      inputs[i].recognized += record.recognized
      inputs[i].ignored += record.ignored
      inputs[i].unrecognized += record.unrecognized
      inputs[i].truncatedLines += record.truncatedLines
      inputs[i].events += record.events
      for (family, n) in record.formats { inputs[i].formats[family, default: 0] += n }
      if let first = record.first, inputs[i].first.map({ first < $0 }) ?? true { inputs[i].first = first }
      if let last = record.last, inputs[i].last.map({ last > $0 }) ?? true { inputs[i].last = last }
    }
    total.inputs = inputs
    total.peers = Tally(limit: total.peers.limit)
    total.sessionPeers = Tally(limit: total.sessionPeers.limit)
    total.hourly = Tally(limit: total.hourly.limit)
    total.samples = [:]
    total.errors = []
    total.warnings = []
    total.skippedInputs = []
    summary = total
    for p in positions { self.positions[p.path] = p }
  }
}
