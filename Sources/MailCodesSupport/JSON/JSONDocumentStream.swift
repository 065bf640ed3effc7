/// Writes the layout of `JSONDocument` straight to a `ByteOutput`, entry by entry and row by
/// row, so that a document of hundreds of thousands of rows is never held in memory.
///
/// The bytes are exactly `JSONDocument.render()`'s for the same entries: `{`, one
/// `"key": value` per line separated by `,`, arrays of rows one row per line indented by four
/// spaces (`[]` when empty), `}` and a newline. Calls must follow the document's shape:
/// `field` or `beginRows`/`row`.../`endRows` per entry, then `finish` once.
public struct JSONDocumentStream {
  public let output: ByteOutput
  private var entries = 0
  /// Rows written in the array that is open, or nil when none is.
  private var rowsInArray: Int?

  /// Starts the document (`{`).
  public init(_ output: ByteOutput) {
    self.output = output
    output.write(ASCII.openBracketCurly)
    output.write(ASCII.newline)
  }

  private mutating func key(_ name: String) {
    precondition(rowsInArray == nil, "an array of rows is still open")
    if entries > 0 {
      output.write(ASCII.comma)
      output.write(ASCII.newline)
    }
    entries += 1
    output.write(ASCII.space)
    output.write(ASCII.space)
    var quoted: [UInt8] = []
    Sanitizer.appendJSONString(name, to: &quoted)
    output.write(quoted)
    output.write(ASCII.colon)
    output.write(ASCII.space)
  }

  /// An entry whose value is already JSON text.
  public mutating func field(_ name: String, json: String) {
    key(name)
    output.write(json)
  }

  /// Opens an array entry; its rows follow (`row`), then `endRows`.
  public mutating func beginRows(_ name: String) {
    key(name)
    output.write(ASCII.openBracket)
    rowsInArray = 0
  }

  /// Starts the next row of the open array: the caller writes one JSON value to `output`.
  public mutating func nextRow() {
    guard let n = rowsInArray else { preconditionFailure("no array of rows is open") }
    output.write(n == 0 ? ASCII.newline : ASCII.comma)
    if n > 0 { output.write(ASCII.newline) }
    for _ in 0..<4 { output.write(ASCII.space) }
    rowsInArray = n + 1
  }

  /// One row of the open array, as JSON text.
  public mutating func row(_ json: String) {
    nextRow()
    output.write(json)
  }

  /// Closes the open array.
  public mutating func endRows() {
    guard let n = rowsInArray else { preconditionFailure("no array of rows is open") }
    if n > 0 {
      output.write(ASCII.newline)
      output.write(ASCII.space)
      output.write(ASCII.space)
    }
    output.write(ASCII.closeBracket)
    rowsInArray = nil
  }

  /// An array entry of `rows`, each already JSON text.
  public mutating func rows(_ name: String, _ rows: [String]) {
    beginRows(name)
    for r in rows { row(r) }
    endRows()
  }

  /// Ends the document (`}` and a newline). The caller flushes `output`.
  public mutating func finish() {
    precondition(rowsInArray == nil, "an array of rows is still open")
    output.write(ASCII.newline)
    output.write(ASCII.closeBracketCurly)
    output.write(ASCII.newline)
  }
}
