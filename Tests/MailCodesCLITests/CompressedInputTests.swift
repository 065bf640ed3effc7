import Foundation
import Testing

@testable import MailCodesCLI

/// Rotations compressed by logrotate's `compresscmd` (bzip2, xz, zstd), as a user runs them.
@Suite("Compressed rotations on the command line")
struct CompressedInputTests {
  @Test("a bzip2, xz or zstd rotation gives the events of its plain twin")
  func sameEvents() {
    let plain = run(["events", "--year", "2026", Paths.fixture("input/plain.log")])
    #expect(plain.status == 0 && plain.stdout.split(separator: "\n").count > 20)
    for ext in ["bz2", "xz", "zst"] {
      let packed = run(["events", "--year", "2026", Paths.fixture("input/plain.log.\(ext)")])
      #expect(packed.status == 0, "\(ext): \(packed.stderr)")
      // The same events but for the file name each one carries.
      let renamed = packed.stdout.replacingOccurrences(of: "plain.log.\(ext)\"", with: "plain.log\"")
      #expect(renamed == plain.stdout, "\(ext)")
    }
  }

  @Test("the report names the compression of each input")
  func reportLabel() {
    let r = run(["analyze", "--year", "2026", "--width", "400", Paths.fixture("input/plain.log.zst")])
    #expect(r.status == 0)
    #expect(r.stdout.contains("(zstd): 300 lines"), "\(r.stdout)")
  }

  @Test("a truncated rotation is an error naming the file and the line reached; what was decoded counts")
  func truncated() {
    let r = run([
      "analyze", "--year", "2026", "--by", "code", "--format", "csv", Paths.fixture("input/truncated.log.xz"),
    ])
    #expect(r.status == 2)
    #expect(r.stderr.contains("truncated.log.xz: line "))
    #expect(r.stderr.contains("xz data is truncated (unexpected end of file)"))
    #expect(r.stdout.hasPrefix("code,count\n") && r.stdout.split(separator: "\n").count > 2)
  }

  @Test("lz4 or compress (.Z) is an error naming the file, never '0 lines' with status 0")
  func unsupported() {
    for (file, name) in [("unsupported.log.lz4", "lz4"), ("unsupported.log.Z", "compress (.Z)")] {
      let path = Paths.fixture("input/" + file)
      let r = run(["analyze", path])
      #expect(r.status == 2, "\(file)")
      #expect(
        r.stderr.contains("mailcodes: \(path): compressed with \(name), which mailcodes cannot read"), "\(r.stderr)")
      #expect(!r.stderr.contains("none of its"))
    }
  }
}
