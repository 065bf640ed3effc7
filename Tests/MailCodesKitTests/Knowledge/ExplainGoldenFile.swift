import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Golden files of `mailcodes explain`, kept in `Tests/MailCodesKitTests/Golden/` (excluded
/// from the test target) and found from this source file's path, so that no resource bundle
/// is needed.
///
/// With `MAILCODES_RECORD_GOLDEN=1` in the environment the files are rewritten from the actual
/// output instead of compared.
enum ExplainGoldenFile {
  static var isRecording: Bool {
    guard let value = getenv("MAILCODES_RECORD_GOLDEN") else { return false }
    return String(cString: value) == "1"
  }

  /// `.../Tests/MailCodesKitTests/Golden/<name>`, from `.../Tests/MailCodesKitTests/Knowledge/<file>.swift`.
  static func path(_ name: String, filePath: String = #filePath) -> String {
    var components = filePath.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(2)
    return components.joined(separator: "/") + "/Golden/" + name
  }

  /// Compares `actual` with the golden file line by line; a mismatch records one issue with a
  /// readable diff of the differing lines.
  static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = path(name)
    if isRecording {
      if !write(actual, to: path) { Issue.record("cannot write golden file \(path)", sourceLocation: sourceLocation) }
      return
    }
    guard let expected = read(path) else {
      Issue.record(
        "missing golden file \(name); run the tests with MAILCODES_RECORD_GOLDEN=1 to create it",
        sourceLocation: sourceLocation)
      return
    }
    guard expected != actual else { return }
    Issue.record(
      Comment(rawValue: diff(expected: expected, actual: actual, name: name)), sourceLocation: sourceLocation)
  }

  /// The differing lines, at most 15, each as expected/actual pair with its line number.
  static func diff(expected: String, actual: String, name: String) -> String {
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var report = ["golden file \(name) differs (MAILCODES_RECORD_GOLDEN=1 rewrites it):"]
    var shown = 0
    for index in 0..<max(expectedLines.count, actualLines.count) {
      let old = index < expectedLines.count ? String(expectedLines[index]) : nil
      let new = index < actualLines.count ? String(actualLines[index]) : nil
      guard old != new else { continue }
      shown += 1
      if shown > 15 {
        report.append("  ... more differences")
        break
      }
      report.append("  line \(index + 1):")
      report.append("    - " + (old.map { "|\($0)|" } ?? "(no line)"))
      report.append("    + " + (new.map { "|\($0)|" } ?? "(no line)"))
    }
    if expectedLines.count != actualLines.count {
      report.append("  expected \(expectedLines.count) lines, got \(actualLines.count)")
    }
    return report.joined(separator: "\n")
  }

  static func read(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count <= 0 { break }
      bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func write(_ text: String, to path: String) -> Bool {
    guard let file = fopen(path, "wb") else { return false }
    defer { fclose(file) }
    let bytes = Array(text.utf8)
    return fwrite(bytes, 1, bytes.count, file) == bytes.count
  }
}
