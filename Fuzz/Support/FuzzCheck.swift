#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Property checks for fuzz targets: a failed check prints why and aborts, which libFuzzer
/// records as a crash (with the input that caused it).
enum FuzzCheck {
  /// Aborts with `message` unless `condition` holds.
  @inline(__always)
  static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fail(message()) }
  }

  static func fail(_ message: String) -> Never {
    var text = Array("mailcodes fuzz: property failed: \(message)\n".utf8)
    _ = text.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    abort()
  }

  /// Whether `bytes` can go to a terminal: only printable ASCII, newlines and valid UTF-8
  /// without C1 controls or bidi overrides (what `Sanitizer.terminalSafe` promises).
  static func isTerminalSafe(_ bytes: [UInt8], allowing allowed: Set<UInt8> = [0x0A]) -> Bool {
    var safe = true
    UTF8Pieces.walk(bytes) { piece in
      switch piece {
      case .ascii(let b):
        if (b < 0x20 || b == 0x7F) && !allowed.contains(b) { safe = false }
      case .scalar(_, _, let value):
        if UTF8Pieces.isDangerous(value) { safe = false }
      case .invalid:
        safe = false
      }
    }
    return safe
  }

  /// The bytes of a `String`.
  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
