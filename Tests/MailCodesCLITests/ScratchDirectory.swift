import Foundation

/// A fresh directory under the system's temporary directory, for inputs a test writes;
/// removed by `remove()` (tests call it in a `defer`).
struct ScratchDirectory {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "mailcodes-bad-input-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Writes `bytes` to `name` in the directory and returns its path.
  @discardableResult
  func file(_ name: String, _ bytes: [UInt8]) -> String {
    let file = path + "/" + name
    _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
    return file
  }

  @discardableResult
  func file(_ name: String, _ text: String) -> String { file(name, Array(text.utf8)) }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Seeded pseudo-random bytes (SplitMix64), so that a "random binary" input is the same at
/// every run and a failure can be reproduced.
struct SeededBytes {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func bytes(_ count: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(count + 8)
    while out.count < count {
      var word = next()
      for _ in 0..<8 {
        out.append(UInt8(truncatingIfNeeded: word))
        word >>= 8
      }
    }
    return Array(out.prefix(count))
  }
}

/// Strict JSON checks for outputs: the document must parse (Foundation's parser rejects invalid
/// UTF-8, raw control characters and bad escapes).
enum StrictJSONCheck {
  static func object(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
  }

  static func object(_ bytes: [UInt8]) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
  }
}
