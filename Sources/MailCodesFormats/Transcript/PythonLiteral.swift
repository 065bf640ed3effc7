import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Python `repr()` string literals as smtplib's debug output and the lab's raw clients print
/// them: `'ehlo x\r\n'`, `b'250 OK\r\n'`, `"it's\r\n"`.
///
/// Only located, never decoded: the contents stay a range of the line, with the escapes
/// (`\r\n`, `\'`) as written.
enum PythonLiteral {
  /// The range between the quotes of the literal at `from` (blanks and a `b` prefix allowed
  /// before it); backslash escapes are skipped, so `\'` does not end it.
  static func contents(_ line: ByteView, from: Int) -> TextRange? {
    var i = line.skippingSpaces(from: from)
    if line.byte(at: i) == 0x62 { i += 1 }  // b
    let quote = line.byte(at: i)
    guard quote == ASCII.apostrophe || quote == ASCII.quote else { return nil }
    var k = i + 1
    while k < line.count {
      let c = line[k]
      if c == ASCII.backslash {
        k += 2
        continue
      }
      if c == quote { return TextRange(start: i + 1, end: k) }
      k += 1
    }
    return nil
  }

  /// `range` without a trailing `\r\n` (or `\n`) escape: the text of one received line.
  static func trimmingLineEnd(_ line: ByteView, _ range: TextRange) -> TextRange {
    var end = range.end
    if end - 4 >= Int(range.start), line.matches("\\r\\n", at: end - 4) {
      end -= 4
    } else if end - 2 >= Int(range.start), line.matches("\\n", at: end - 2) {
      end -= 2
    }
    return TextRange(start: Int(range.start), end: end)
  }
}
