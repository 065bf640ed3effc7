/// Checks CSV output cell by cell: RFC 4180 quoting, and no formula injection.
enum CSVCheck {
  /// Checks every row of `csv` (rows end with `\n`; quoted cells may hold newlines).
  static func check(_ csv: String, columns: Int) {
    let bytes = Array(csv.utf8)
    var i = 0
    var row = 0
    while i < bytes.count {
      var cells: [[UInt8]] = []
      while true {
        let (cell, next) = readCell(bytes, from: i)
        checkCell(cell, row: row)
        cells.append(cell)
        i = next
        if i < bytes.count, bytes[i] == 0x2C {
          i += 1
          continue
        }
        FuzzCheck.require(i < bytes.count && bytes[i] == 0x0A, "CSV row \(row) does not end with a newline")
        i += 1
        break
      }
      FuzzCheck.require(cells.count == columns, "CSV row \(row) has \(cells.count) cells, not \(columns)")
      row += 1
    }
  }

  /// One cell from `from`: its content (unquoted) and where it ends.
  static func readCell(_ bytes: [UInt8], from start: Int) -> ([UInt8], Int) {
    var i = start
    var cell: [UInt8] = []
    if i < bytes.count, bytes[i] == 0x22 {
      i += 1
      while true {
        FuzzCheck.require(i < bytes.count, "CSV quoted cell does not end")
        if bytes[i] == 0x22 {
          if i + 1 < bytes.count, bytes[i + 1] == 0x22 {
            cell.append(0x22)
            i += 2
            continue
          }
          i += 1
          FuzzCheck.require(i == bytes.count || bytes[i] == 0x2C || bytes[i] == 0x0A, "CSV text after a closing quote")
          return (cell, i)
        }
        cell.append(bytes[i])
        i += 1
      }
    }
    while i < bytes.count, bytes[i] != 0x2C, bytes[i] != 0x0A {
      FuzzCheck.require(bytes[i] != 0x22 && bytes[i] != 0x0D, "CSV quote or CR in an unquoted cell")
      cell.append(bytes[i])
      i += 1
    }
    return (cell, i)
  }

  /// A cell must be terminal-safe and must not start like a formula (a negative number is data).
  static func checkCell(_ cell: [UInt8], row: Int) {
    FuzzCheck.require(FuzzCheck.isTerminalSafe(cell, allowing: []), "CSV cell in row \(row) is not terminal-safe")
    guard let first = cell.first else { return }
    let formula: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]
    if formula.contains(first) {
      let text = String(decoding: cell, as: UTF8.self)
      FuzzCheck.require(first == 0x2D && Double(text) != nil, "CSV cell starts like a formula: \(text)")
    }
  }
}
