import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// An Exim message id at the start of a log line's text.
///
/// Exim writes the id of the message a line is about in front of the text (`log.c`, when
/// `message_id` is set). Two shapes exist, both base-62 (`0-9A-Za-z`) groups joined by `-`:
/// - before 4.97: 6-6-2, 16 bytes, `1tAbCd-0005vi-Xy`;
/// - since 4.97: 6-11-4, 23 bytes, `1tAbCd-000Abc4DeFg-Xy12` (`MESSAGE_ID_LENGTH` grew with the
///   sub-second part of the time and a larger pid field).
/// `exigrep`'s `msgid.frag` accepts exactly these two shapes.
enum EximMessageID {
  /// The length of the id at `start` (16 or 23) when it is followed by a space or the end of
  /// the line; 0 when there is none.
  @inline(__always)
  static func length(in line: ByteView, at start: Int) -> Int {
    let n = line.count
    guard start + 16 <= n, line[start + 6] == ASCII.minus else { return 0 }
    guard isBase62Run(line, start, 6) else { return 0 }
    if line[start + 13] == ASCII.minus, isBase62Run(line, start + 7, 6), isBase62Run(line, start + 14, 2),
      start + 16 == n || line[start + 16] == ASCII.space
    {
      return 16
    }
    if start + 23 <= n, line[start + 18] == ASCII.minus, isBase62Run(line, start + 7, 11),
      isBase62Run(line, start + 19, 4), start + 23 == n || line[start + 23] == ASCII.space
    {
      return 23
    }
    return 0
  }

  @inline(__always)
  private static func isBase62Run(_ line: ByteView, _ start: Int, _ count: Int) -> Bool {
    for i in start..<(start + count) {
      let c = line[i]
      if !(ASCII.isDigit(c) || ASCII.isLetter(c)) { return false }
    }
    return true
  }
}
