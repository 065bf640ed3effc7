import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// What one input of a summary counted: which data (the file, the hash of its first line) and
/// which period (its first and last line, cut to the summary's window).
///
/// `mailcodes merge` refuses two summaries that counted the same data over overlapping periods:
/// their sum would count it twice. Daily summaries of one rotated file (`--day yesterday`
/// every day) share the file but not the period, and merge.
public struct InputCoverage: Sendable {
  public var record: Summary.InputRecord
  /// The period counted (nil: the input has no timestamps, or nothing of it was in the window).
  public var from: LogTimestamp?
  public var to: LogTimestamp?
  /// Nothing of the input was inside the window.
  public var isEmpty = false

  /// FNV-1a of an empty line: no evidence of anything.
  static let emptyLineHash: UInt64 = 0xcbf2_9ce4_8422_2325

  public init(_ record: Summary.InputRecord, window: TimeExpression.Window) {
    self.record = record
    var from = record.first
    var to = record.last
    if let start = window.start, let f = from, f.wallSeconds < start { from = LogTimestamp(wallSeconds: start) }
    if let end = window.end, let t = to, t.wallSeconds >= end { to = LogTimestamp(wallSeconds: end - 1) }
    if let f = from, let t = to, t.wallSeconds < f.wallSeconds { isEmpty = true }
    self.from = from
    self.to = to
  }

  /// Why `self` and `other` counted the same data over overlapping periods (`the same file`,
  /// `the same first line`...), or nil when they did not.
  public func sharedWith(_ other: InputCoverage) -> String? {
    guard record.lines > 0, other.record.lines > 0, !isEmpty, !other.isEmpty else { return nil }
    if let a = from, let b = to, let c = other.from, let d = other.to, b < c || d < a { return nil }
    if let h = record.firstLineHash, let k = other.record.firstLineHash, h != InputCoverage.emptyLineHash {
      guard h == k else { return nil }
      if let i = record.identity, let j = other.record.identity, i.device == j.device, i.inode == j.inode {
        return "the same file"
      }
      return "the same data under another name or inode (same first line)"
    }
    // Summaries written before fingerprints: the same name, lines and bytes.
    if record.firstLineHash == nil, other.record.firstLineHash == nil, record.name == other.record.name,
      record.lines == other.record.lines, record.bytes == other.record.bytes
    {
      return "the same name and size"
    }
    return nil
  }

  /// `2026-11-29T00:12:02 to 2026-11-29T00:15:04`, or `no timestamps`.
  public var periodDescription: String {
    guard let from, let to else { return "no timestamps" }
    return "\(from.description) to \(to.description)"
  }
}

extension Summary {
  /// What each input counted (see `InputCoverage`).
  public var inputCoverage: [InputCoverage] { inputs.map { InputCoverage($0, window: window) } }
}
