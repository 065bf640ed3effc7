import Foundation
import Testing

@testable import MailCodesCLI

/// `-o PATH` never breaks what is at PATH: a regular file is replaced atomically and keeps its
/// mode, owner and group; a device or FIFO is written through; a link is followed and stays a
/// link; `-o -` is standard output; a clean `--quiet-if-clean` run leaves no older report.
@Suite("The -o output file")
struct OutputFileTests {
  static let log = Paths.lab("postfix-syslog.log")

  static func info(_ path: String) -> stat? {
    var s = stat()
    return lstat(path, &s) == 0 ? s : nil
  }

  static func kind(_ path: String) -> mode_t? { info(path).map { $0.st_mode & S_IFMT } }

  @Test("a regular file of mode 0640 is replaced and keeps its mode (and, as root, its owner and group)")
  func regularFileKeepsMode() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let report = dir.file("report.txt", "older report\n")
    #expect(chmod(report, 0o640) == 0)
    let asRoot = geteuid() == 0
    if asRoot { #expect(chown(report, 65534, 65534) == 0) }
    let r = run(["analyze", "-o", report, Self.log])
    #expect(r.status == 0 && r.stdout.isEmpty)
    let after = try #require(Self.info(report))
    #expect(after.st_mode & 0o7777 == 0o640)
    #expect(after.st_mode & S_IFMT == S_IFREG)
    if asRoot {
      #expect(after.st_uid == 65534 && after.st_gid == 65534)
    } else {
      #expect(after.st_uid == geteuid())
    }
    #expect(try String(contentsOfFile: report, encoding: .utf8).hasPrefix("mailcodes report: "))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.txt"], "no temporary file left")
  }

  @Test("a symbolic link is followed: its target is replaced (mode kept), the link stays a link")
  func symlinkIsFollowed() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let target = dir.file("target.txt", "older report\n")
    #expect(chmod(target, 0o640) == 0)
    let link = dir.path + "/report.txt"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.txt")
    #expect(run(["analyze", "-o", link, Self.log]).status == 0)
    #expect(Self.kind(link) == S_IFLNK)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.txt")
    #expect(Self.info(target).map { $0.st_mode & 0o7777 } == 0o640)
    #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("mailcodes report: "))

    // A link to nothing yet: the report is created where it points.
    let dangling = dir.path + "/next.txt"
    try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "created.txt")
    #expect(run(["analyze", "-o", dangling, Self.log]).status == 0)
    #expect(Self.kind(dangling) == S_IFLNK)
    #expect(Self.kind(dir.path + "/created.txt") == S_IFREG)
  }

  @Test("a FIFO with a reader is written through and stays a FIFO")
  func fifoIsWrittenThrough() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let r = try shell(
      """
      cd "\(dir.path)" && mkfifo report.fifo
      cat report.fifo > received.txt & reader=$!
      "$0" analyze -o report.fifo "\(Self.log)"; echo "status=$?"
      wait $reader
      [ -p report.fifo ] && echo "still a fifo"
      head -c 18 received.txt; echo; ls -A
      """)
    #expect(r.stdout == "status=0\nstill a fifo\nmailcodes report: \nreceived.txt\nreport.fifo\n", "\(r.stderr)")
  }

  @Test("-o /dev/null writes through: /dev/null is still the same character device afterwards")
  func nullDeviceStays() throws {
    // Checked before writing: code that would replace the path must never run on /dev/null.
    guard case .writeThrough? = try? OutputPath.resolve("/dev/null") else {
      Issue.record("/dev/null is not resolved as a device to write through")
      return
    }
    var before = stat()
    #expect(stat("/dev/null", &before) == 0)
    let r = run(["analyze", "-o", "/dev/null", Self.log])
    #expect(r.status == 0 && r.stdout.isEmpty)
    var after = stat()
    #expect(stat("/dev/null", &after) == 0)
    #expect(after.st_mode & S_IFMT == S_IFCHR)
    #expect(after.st_rdev == before.st_rdev && after.st_ino == before.st_ino)
    #expect(after.st_mode == before.st_mode)
  }

  @Test("-o - is standard output, not a file named -")
  func dashIsStandardOutput() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let r = try shell(#"cd "\#(dir.path)" && "$0" analyze -o - "\#(Self.log)" | head -c 18; echo; ls -A"#)
    #expect(r.stdout == "mailcodes report: \n")
    #expect(run(["analyze", "-o", "-", Self.log]).stdout.hasPrefix("mailcodes report: "))
  }

  @Test("a file with another hard link gets the report in place: both names still share it")
  func hardLinkStays() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let report = dir.file("report.txt", "older report\n")
    let other = dir.path + "/copy.txt"
    #expect(link(report, other) == 0)
    #expect(run(["analyze", "-o", report, Self.log]).status == 0)
    let a = try #require(Self.info(report))
    let b = try #require(Self.info(other))
    #expect(a.st_ino == b.st_ino && a.st_nlink == 2)
    #expect(try String(contentsOfFile: other, encoding: .utf8).hasPrefix("mailcodes report: "))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["copy.txt", "report.txt"])
  }

  @Test("-o /dev/stdout and --unparsed /dev/stdout under >> FILE append to FILE, never replace it")
  func standardOutputAppendStays() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let r = try shell(
      """
      cd "\(dir.path)" && echo "earlier line" > out.txt
      "$0" analyze -o /dev/stdout "\(Self.log)" >> out.txt; echo "status=$?"
      head -1 out.txt; grep -c '^mailcodes report: ' out.txt
      printf 'Nov 28 10:00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from garbled\n' > odd.log
      "$0" analyze --year 2026 -o /dev/null --unparsed /dev/stdout odd.log >> out.txt 2>/dev/null
      head -1 out.txt; tail -1 out.txt; ls -A
      """)
    #expect(
      r.stdout
        == "status=0\nearlier line\n1\nearlier line\nNov 28 10:00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from garbled\nodd.log\nout.txt\n",
      "\(r.stderr)")
  }

  @Test("a directory is refused, and a missing directory is named")
  func refusals() {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let r = run(["analyze", "-o", dir.path, Self.log])
    #expect(r.status == 2 && r.stderr.contains("is a directory"))
    let missing = run(["analyze", "-o", dir.path + "/no/report.txt", Self.log])
    #expect(missing.status == 2 && missing.stderr.contains("No such file or directory"))
  }

  @Test("--quiet-if-clean: a clean run removes an older report at -o, so it cannot pass for today's")
  func quietIfCleanRemovesOlderReport() throws {
    let dir = ScratchDirectory()
    defer { dir.remove() }
    let clean = dir.file(
      "clean.log",
      """
      Nov 28 10:00:00 mx postfix/smtpd[1]: connect from c[192.0.2.1]
      Nov 28 10:00:01 mx postfix/smtpd[1]: disconnect from c[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5

      """)
    let report = dir.file("report.txt", "yesterday's problems\n")
    let quiet = run(["analyze", "--year", "2026", "--quiet-if-clean", "-o", report, clean])
    #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: report))
    // With problems, the report is written (and the status says so).
    let noisy = run(["analyze", "--quiet-if-clean", "-o", report, Self.log])
    #expect(noisy.status == 1)
    #expect(try String(contentsOfFile: report, encoding: .utf8).contains("PROBLEMS"))
    // Through a device, nothing is removed.
    #expect(run(["analyze", "--year", "2026", "--quiet-if-clean", "-o", "/dev/null", clean]).status == 0)
    #expect(Self.kind("/dev/null") == S_IFCHR)
  }
}
