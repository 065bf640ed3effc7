import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A Postfix queue id (short `8A3F1C2D4E` or long `4X9Ym02Hv9z5vYq`) packed into two integers.
///
/// Each character takes 6 bits, so ids of up to 21 alphanumeric characters fit; that covers
/// both forms. Used as a dictionary key without allocating a string.
public struct QueueKey: Hashable, Sendable, FastHashable {
  @inline(__always) public var fastHash: UInt64 { mix64(high ^ mix64(low)) }

  public var high: UInt64
  public var low: UInt64

  /// Parses a queue id at `start`: 5 to 21 letters and digits followed by `:`.
  /// Returns the key and the index of the colon.
  @inline(__always)
  public static func parse(_ line: ByteView, at start: Int) -> (key: QueueKey, colon: Int)? {
    guard start >= 0 else { return nil }
    let p = line.base
    let table = QueueKey.values.utf8Start
    var i = start
    var high: UInt64 = 0
    var low: UInt64 = 0
    let n = min(line.count, start + 22)
    while i < n {
      let v = UInt64(table[Int(p[i])])
      if v == 0 { break }
      high = high << 6 | low >> 58
      low = low << 6 | v
      i += 1
    }
    let length = i - start
    guard length >= 5, length <= 21, i < line.count, p[i] == ASCII.colon else { return nil }
    return (QueueKey(high: high, low: low), i)
  }

  /// The 6-bit value of each byte in a queue id, 0 for a byte that cannot be in one: digits
  /// 1-10, upper-case letters 11-36, lower-case letters 37-62 (one load per byte instead of
  /// three range tests).
  static let values: StaticString = """
    \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
    \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\u{01}\u{02}\u{03}\u{04}\u{05}\u{06}\u{07}\u{08}\u{09}\u{0A}\0\0\0\0\0\0\
    \0\u{0B}\u{0C}\u{0D}\u{0E}\u{0F}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\
    \u{1A}\u{1B}\u{1C}\u{1D}\u{1E}\u{1F}\u{20}\u{21}\u{22}\u{23}\u{24}\0\0\0\0\0\
    \0\u{25}\u{26}\u{27}\u{28}\u{29}\u{2A}\u{2B}\u{2C}\u{2D}\u{2E}\u{2F}\u{30}\u{31}\u{32}\u{33}\
    \u{34}\u{35}\u{36}\u{37}\u{38}\u{39}\u{3A}\u{3B}\u{3C}\u{3D}\u{3E}\0\0\0\0\0\
    \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
    \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
    \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
    \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0
    """
}
