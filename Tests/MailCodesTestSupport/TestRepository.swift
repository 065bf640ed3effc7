import Foundation

/// Where the repository's test files are, found from this source file's path (`#filePath`),
/// never from bundles or the working directory: every test and fuzz helper names fixtures
/// through it.
public enum TestRepository {
  /// The repository's root.
  public static let root: String = {
    var path = "\(#filePath)"
    for _ in 0..<3 { path = (path as NSString).deletingLastPathComponent }
    return path
  }()

  /// `Tests/MailCodesKitTests/Fixtures/RELATIVE` (the fixtures every test target shares).
  public static func fixture(_ relative: String) -> String {
    root + "/Tests/MailCodesKitTests/Fixtures/" + relative
  }
}
