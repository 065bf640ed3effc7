/// Named ASCII bytes, so that scanners read as `case ASCII.colon:` instead of magic numbers.
public enum ASCII {
  public static let nul: UInt8 = 0x00
  public static let tab: UInt8 = 0x09
  public static let newline: UInt8 = 0x0A
  public static let carriageReturn: UInt8 = 0x0D
  public static let space: UInt8 = 0x20
  public static let quote: UInt8 = 0x22
  public static let hash: UInt8 = 0x23
  public static let apostrophe: UInt8 = 0x27
  public static let openParen: UInt8 = 0x28
  public static let closeParen: UInt8 = 0x29
  public static let asterisk: UInt8 = 0x2A
  public static let plus: UInt8 = 0x2B
  public static let comma: UInt8 = 0x2C
  public static let minus: UInt8 = 0x2D
  public static let dot: UInt8 = 0x2E
  public static let slash: UInt8 = 0x2F
  public static let zero: UInt8 = 0x30
  public static let nine: UInt8 = 0x39
  public static let colon: UInt8 = 0x3A
  public static let semicolon: UInt8 = 0x3B
  public static let lessThan: UInt8 = 0x3C
  public static let equals: UInt8 = 0x3D
  public static let greaterThan: UInt8 = 0x3E
  public static let at: UInt8 = 0x40
  public static let upperA: UInt8 = 0x41
  public static let upperF: UInt8 = 0x46
  public static let upperT: UInt8 = 0x54
  public static let upperZ: UInt8 = 0x5A
  public static let openBracket: UInt8 = 0x5B
  public static let backslash: UInt8 = 0x5C
  public static let closeBracket: UInt8 = 0x5D
  public static let lowerA: UInt8 = 0x61
  public static let lowerF: UInt8 = 0x66
  public static let lowerZ: UInt8 = 0x7A
  public static let tilde: UInt8 = 0x7E

  @inlinable @inline(__always) public static func isDigit(_ byte: UInt8) -> Bool { byte &- zero <= 9 }
  @inlinable @inline(__always) public static func isUpper(_ byte: UInt8) -> Bool { byte &- upperA <= 25 }
  @inlinable @inline(__always) public static func isLower(_ byte: UInt8) -> Bool { byte &- lowerA <= 25 }
  @inlinable @inline(__always) public static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- lowerA <= 25 }
  @inlinable @inline(__always) public static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20) &- lowerA <= 5
  }
  /// Lower-cases an ASCII letter and leaves every other byte alone.
  @inlinable @inline(__always) public static func lowercased(_ byte: UInt8) -> UInt8 {
    isUpper(byte) ? byte | 0x20 : byte
  }
  /// Upper-cases an ASCII letter and leaves every other byte alone.
  @inlinable @inline(__always) public static func uppercased(_ byte: UInt8) -> UInt8 {
    isLower(byte) ? byte & 0xDF : byte
  }

  /// Writes `value` (0...999) in decimal without leading zeros at `buffer[i]`, advancing `i`:
  /// the parts of addresses and enhanced codes, written straight into a string's storage.
  @inlinable @inline(__always) public static func writeDecimal(
    _ value: Int, _ buffer: UnsafeMutableBufferPointer<UInt8>, _ i: inout Int
  ) {
    if value >= 100 {
      buffer[i] = UInt8(truncatingIfNeeded: 0x30 + value / 100)
      i += 1
    }
    if value >= 10 {
      buffer[i] = UInt8(truncatingIfNeeded: 0x30 + value / 10 % 10)
      i += 1
    }
    buffer[i] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
    i += 1
  }
}
