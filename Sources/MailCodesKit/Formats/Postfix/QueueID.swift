/// A Postfix queue id (short `8A3F1C2D4E` or long `4X9Ym02Hv9z5vYq`) packed into two integers.
///
/// Each character takes 6 bits, so ids of up to 21 alphanumeric characters fit; that covers
/// both forms. Used as a dictionary key without allocating a string.
struct QueueKey: Hashable, Sendable, FastHashable {
  @inline(__always) var fastHash: UInt64 { mix64(high ^ mix64(low)) }

  var high: UInt64
  var low: UInt64

  /// Parses a queue id at `start`: 5 to 21 letters and digits followed by `:`.
  /// Returns the key and the index of the colon.
  static func parse(_ line: ByteView, at start: Int) -> (key: QueueKey, colon: Int)? {
    var i = start
    var high: UInt64 = 0
    var low: UInt64 = 0
    let n = line.count
    while i < n, i - start <= 21 {
      let c = line[i]
      let v: UInt64
      if ASCII.isDigit(c) { v = UInt64(c &- ASCII.zero) + 1 }
      else if ASCII.isUpper(c) { v = UInt64(c &- ASCII.upperA) + 11 }
      else if ASCII.isLower(c) { v = UInt64(c &- ASCII.lowerA) + 37 }
      else { break }
      high = high << 6 | low >> 58
      low = low << 6 | v
      i += 1
    }
    let length = i - start
    guard length >= 5, length <= 21, i < n, line[i] == ASCII.colon else { return nil }
    return (QueueKey(high: high, low: low), i)
  }
}
