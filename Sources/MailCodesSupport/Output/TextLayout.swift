/// Small helpers for fixed-width text: padding, thousands separators, wrapping.
public enum TextLayout {
  /// `1234567` -> `1,234,567`.
  public static func number(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return n < 0 ? "-" + out : out
  }

  /// `1 line`, `2 lines`, `1,234 lines`.
  public static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
    "\(number(n)) \(n == 1 ? singular : plural)"
  }

  /// Pads or cuts `text` to exactly `width` characters (cut text ends in `...`).
  public static func cell(_ text: String, _ width: Int) -> String {
    let count = text.count
    if count == width { return text }
    if count < width { return text + String(repeating: " ", count: width - count) }
    if width <= 3 { return String(text.prefix(width)) }
    return String(text.prefix(width - 3)) + "..."
  }

  /// Right-aligns `text` in `width` characters.
  public static func right(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }

  /// Right-aligns `text` in a column `width` wide that starts with at least one space: a number
  /// wider than its column (`12,345,678` in 9) pushes the row right instead of running into
  /// the column before it.
  public static func column(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : right(text, width)
  }

  /// `prefix + name + suffix` in at most `width` characters: the name (a path) loses its
  /// beginning (`...log/mail.log`), never the suffix (a line count).
  public static func fitName(_ prefix: String, _ name: String, _ suffix: String, _ width: Int) -> String {
    let room = width - prefix.count - suffix.count
    guard name.count > room else { return prefix + name + suffix }
    guard room > 3 else { return fit(prefix + name + suffix, width) }
    return prefix + "..." + String(name.suffix(room - 3)) + suffix
  }

  /// Cuts `text` to `width` characters.
  public static func fit(_ text: String, _ width: Int) -> String {
    text.count <= width ? text : String(text.prefix(max(0, width - 3))) + "..."
  }

  /// Joins `items` with ", " into lines no wider than `width`, each starting with `indent`
  /// (the first with `lead`); a line that an item longer than the width fills overflows.
  public static func wrap(_ items: [String], lead: String, indent: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = lead
    var first = true
    for (n, item) in items.enumerated() {
      let piece = first ? item : ", " + item
      // A line broken after this piece ends in ",": room for it unless this is the last item.
      let comma = n == items.count - 1 ? 0 : 1
      if !first, current.count + piece.count + comma > width {
        lines.append(current + ",")
        current = indent + item
      } else {
        current += piece
      }
      first = false
    }
    if !first { lines.append(current) }
    return lines
  }
}
