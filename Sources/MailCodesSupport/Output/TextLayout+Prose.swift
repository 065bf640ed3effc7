/// Prose in a terminal (`mailcodes explain`, and any text that may be Chinese): display widths
/// and line wrapping that treat Chinese text correctly.
///
/// East Asian wide characters take two columns. Chinese has no spaces, so a line may break
/// between any two wide characters, except before closing punctuation (，。）...) and after
/// opening punctuation (（“...), which stay attached to their neighbour. Words in Latin script
/// break only at spaces; a word longer than the line (a URL) overflows rather than being cut.
extension TextLayout {
  /// The number of terminal columns `text` takes.
  public static func displayWidth(_ text: String) -> Int {
    var width = 0
    for scalar in text.unicodeScalars { width += isWide(scalar) ? 2 : 1 }
    return width
  }

  /// Whether a scalar is East Asian Wide or Fullwidth (the common ranges).
  public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return true
    default:
      return false
    }
  }

  private static let closing: Set<Character> = [
    "，", "。", "、", "；", "：", "！", "？", "）", "」", "』", "】", "》", "〉", "”", "’", ",", ".", ";", ":", "!", "?", ")", "]",
    "}",
  ]
  private static let opening: Set<Character> = ["（", "「", "『", "【", "《", "〈", "“", "‘", "(", "[", "{"]

  /// How a piece of text joins the one before it: after `count` spaces (a break
  /// opportunity), directly with a break opportunity, or glued without one.
  private enum Join: Equatable {
    case spaces(Int)
    case direct, glue
  }

  private struct Piece {
    var text: String
    var width: Int
    var join: Join
  }

  /// Splits `text` into the pieces a line may break between.
  private static func pieces(_ text: String) -> [Piece] {
    var pieces: [Piece] = []
    var word = ""
    var wordJoin = Join.direct
    var pendingSpaces = 0
    var glueNext = false

    func add(_ text: String, _ join: Join) {
      let width = displayWidth(text)
      if join == .glue, !pieces.isEmpty {
        pieces[pieces.count - 1].text += text
        pieces[pieces.count - 1].width += width
      } else {
        pieces.append(Piece(text: text, width: width, join: pieces.isEmpty ? .direct : join))
      }
    }
    func flushWord() {
      guard !word.isEmpty else { return }
      add(word, wordJoin)
      if let last = word.last, opening.contains(last) { glueNext = true }
      word = ""
    }
    func joinForNewPiece(_ character: Character) -> Join {
      var join: Join = pendingSpaces > 0 ? .spaces(pendingSpaces) : .direct
      if glueNext {
        join = .glue
        glueNext = false
      } else if pendingSpaces == 0, closing.contains(character) {
        join = .glue
      }
      return join
    }

    for character in text {
      if character.isWhitespace {
        flushWord()
        pendingSpaces += 1
        continue
      }
      let wide = character.unicodeScalars.first.map(isWide) ?? false
      if wide {
        flushWord()
        add(String(character), joinForNewPiece(character))
        if opening.contains(character) { glueNext = true }
      } else {
        if word.isEmpty { wordJoin = joinForNewPiece(character) }
        word.append(character)
      }
      pendingSpaces = 0
    }
    flushWord()
    return pieces
  }

  /// Wraps one paragraph into lines of at most `width` columns (longer single words overflow).
  public static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    var currentWidth = 0
    for piece in pieces(text) {
      var separator = 0
      if case .spaces(let count) = piece.join, !current.isEmpty { separator = count }
      if !current.isEmpty, currentWidth + separator + piece.width > width {
        lines.append(current)
        current = piece.text
        currentWidth = piece.width
      } else {
        current += String(repeating: " ", count: separator)
        current += piece.text
        currentWidth += separator + piece.width
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines.isEmpty ? [""] : lines
  }

  /// Wraps `text` with `indent` spaces before every line, within `width` columns overall.
  public static func indented(_ text: String, indent: Int, width: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    return wrap(text, width: max(width - indent, 10)).map { pad + $0 }
  }

  /// A label column and a wrapped value: the first line starts with the label padded to
  /// `labelWidth` columns, the next lines are indented to the value column.
  public static func labeled(_ label: String, _ value: String, indent: Int, labelWidth: Int, width: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    let valueColumn = indent + labelWidth
    let lines = wrap(value, width: max(width - valueColumn, 10))
    let labelPadding = String(repeating: " ", count: max(labelWidth - displayWidth(label), 1))
    var result = [pad + label + labelPadding + lines[0]]
    let hanging = String(repeating: " ", count: valueColumn)
    for line in lines.dropFirst() { result.append(hanging + line) }
    return result
  }

  /// Pads `text` with spaces to `width` display columns.
  public static func padded(_ text: String, to width: Int) -> String {
    text + String(repeating: " ", count: max(width - displayWidth(text), 0))
  }

  /// An underline as wide as `title`, at most `width` columns.
  public static func underline(_ title: String, character: Character, width: Int) -> String {
    String(repeating: character, count: min(displayWidth(title), width))
  }
}
