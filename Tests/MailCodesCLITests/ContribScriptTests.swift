import Foundation
import Testing

/// The contrib jobs (daily report, cron shim, metrics script, systemd units) run as on a host:
/// against a temporary root with its own settings file, logs, and stand-ins for `sendmail` and
/// `journalctl`, with the real `mailcodes` binary.
@Suite("contrib: the daily report, cron and systemd on a fresh host")
struct ContribScriptTests {
  /// A temporary root: `etc/default/mailcodes`, `var/log`, `bin` (stand-ins), `sent` (mails).
  struct Host {
    let root: String
    var log: String { root + "/var/log/mail.log" }
    var settings: String { root + "/etc/default/mailcodes" }
    var sent: String { root + "/sent" }

    init(mailto: String = "postmaster") {
      root = NSTemporaryDirectory() + "mailcodes-contrib-\(UUID().uuidString)"
      for dir in ["etc/default", "var/log", "bin", "sent", "var/lib/mailcodes"] {
        try? FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
      }
      write(
        "etc/default/mailcodes",
        """
        MAILCODES_LOGS="\(root)/var/log/mail.log \(root)/var/log/mail.log.*"
        MAILCODES_MAILTO="\(mailto)"
        MAILCODES_METRICS_LOG="\(root)/var/log/mail.log"
        MAILCODES_STATE_DIR="\(root)/var/lib/mailcodes"
        SENDMAIL="\(root)/bin/sendmail"

        """)
      // sendmail -t: each mail kept as a file.
      executable(
        "bin/sendmail", "#!/bin/sh\n[ \"$1\" = -t ] || exit 64\ncat > \"$(mktemp \(root)/sent/mail.XXXXXX)\"\n")
    }

    func write(_ relative: String, _ text: String) {
      #expect(FileManager.default.createFile(atPath: root + "/" + relative, contents: Data(text.utf8)))
    }

    func executable(_ relative: String, _ script: String) {
      write(relative, script)
      try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/" + relative)
    }

    var mails: [String] {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: sent)) ?? []
      return names.sorted().compactMap { try? String(contentsOfFile: sent + "/" + $0, encoding: .utf8) }
    }

    /// Runs a contrib script with this host's settings, the real binary and `bin` first in PATH.
    func run(_ script: String, environment extra: [String: String] = [:]) throws -> RunResult {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Paths.repository + "/contrib/" + script)
      var environment = ProcessInfo.processInfo.environment
      environment["PATH"] = root + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
      environment["MAILCODES"] = Paths.binary
      environment["MAILCODES_SETTINGS"] = settings
      for (k, v) in extra { environment[k] = v }
      process.environment = environment
      let out = Pipe()
      let err = Pipe()
      process.standardOutput = out
      process.standardError = err
      process.standardInput = FileHandle.nullDevice
      try process.run()
      let o = out.fileHandleForReading.readDataToEndOfFile()
      let e = err.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return RunResult(
        status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
        stderr: String(decoding: e, as: UTF8.self))
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
  }

  /// Whether a report shows the day's 554 5.7.1 row (the text report aligns the enhanced code
  /// in a column of its own).
  static func showsRelayDenial(_ report: String) -> Bool {
    report.range(of: #"554 +5\.7\.1"#, options: .regularExpression) != nil
  }

  /// Noon yesterday (local time), as classic syslog writes it.
  static var yesterdayStamp: String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "MMM dd"
    return formatter.string(from: Date().addingTimeInterval(-86400)) + " 12:00:01"
  }

  /// Noon yesterday in microseconds since the epoch (a journal entry's time).
  static var yesterdayMicroseconds: Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .current
    let noon = calendar.date(bySettingHour: 12, minute: 0, second: 1, of: Date().addingTimeInterval(-86400))!
    return Int64(noon.timeIntervalSince1970) * 1_000_000
  }

  static var cleanDay: String {
    "\(yesterdayStamp) mx postfix/smtp[200]: 4B1C2D3E4F: to=<b@example.test>, relay=mx.example.test[192.0.2.9]:25, "
      + "delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 77)\n"
  }

  static var rejectDay: String {
    let s = yesterdayStamp
    return cleanDay
      + "\(s) mx postfix/smtpd[100]: connect from c[192.0.2.1]\n"
      + "\(s) mx postfix/smtpd[100]: NOQUEUE: reject: RCPT from c[192.0.2.1]: 554 5.7.1 <x@example.test>: "
      + "Relay access denied; from=<a@example.test> to=<x@example.test> proto=ESMTP helo=<c>\n"
      + "\(s) mx postfix/smtpd[100]: disconnect from c[192.0.2.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4\n"
  }

  @Test("a fresh host (a clean mail.log, no rotation yet): no output, no mail, status 0")
  func freshHostIsSilent() throws {
    let host = Host()
    defer { host.remove() }
    host.write("var/log/mail.log", Self.cleanDay)
    let r = try host.run("mailcodes-daily")
    #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(r.stdout)\(r.stderr)")
    #expect(host.mails.isEmpty)
  }

  @Test("a day with a 554: one mail with the report and the HTML attachment, no error text")
  func problemDayMails() throws {
    let host = Host()
    defer { host.remove() }
    host.write("var/log/mail.log", Self.rejectDay)
    let r = try host.run("mailcodes-daily")
    #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
    let mails = host.mails
    #expect(mails.count == 1)
    let mail = try #require(mails.first)
    #expect(mail.hasPrefix("To: postmaster\nSubject: mailcodes: SMTP replies of "))
    #expect(Self.showsRelayDenial(mail))
    #expect(mail.contains("Content-Type: text/html") && mail.contains("Content-Transfer-Encoding: base64"))
    #expect(!mail.contains("No such file"))
  }

  @Test("an input error on a clean day: the mail holds the error, once")
  func errorOnce() throws {
    let host = Host()
    defer { host.remove() }
    host.write("var/log/mail.log", Self.cleanDay)
    let damaged = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("input/truncated.log.xz")))
    #expect(FileManager.default.createFile(atPath: host.log + ".2.xz", contents: damaged))
    let r = try host.run("mailcodes-daily")
    #expect(r.status == 0, "\(r.stderr)")
    let mail = try #require(host.mails.first)
    #expect(mail.contains("(incomplete: input errors)"))
    // The report says the error where it says every gap (first, per input, and under ERRORS);
    // the stderr copy of the same run is not added to it.
    #expect(mail.contains("xz data is truncated"), "\(mail)")
    #expect(mail.components(separatedBy: "ERRORS (this report is incomplete)").count == 2, "\(mail)")
  }

  @Test("an input error on a day with problems: the report says it, the stderr copy is not added")
  func errorInReportOnly() throws {
    let host = Host()
    defer { host.remove() }
    host.write("var/log/mail.log", Self.rejectDay)
    let damaged = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("input/truncated.log.xz")))
    #expect(FileManager.default.createFile(atPath: host.log + ".2.xz", contents: damaged))
    _ = try host.run("mailcodes-daily")
    let mail = try #require(host.mails.first)
    #expect(Self.showsRelayDenial(mail) && mail.contains("ERRORS (this report is incomplete)"))
    #expect(!mail.contains("mailcodes: \(host.log).2.xz"), "the stderr line was added to the report")
  }

  @Test("without MAILCODES_MAILTO the report is printed (cron mails it) instead of sent")
  func printWithoutRecipient() throws {
    let host = Host(mailto: "")
    defer { host.remove() }
    host.write("var/log/mail.log", Self.rejectDay)
    let r = try host.run("mailcodes-daily")
    #expect(r.status == 0 && Self.showsRelayDenial(r.stdout) && host.mails.isEmpty)
  }

  @Test("no mail.log (Debian 12 without rsyslog): the journal of the mail units is read")
  func journalWithoutMailLog() throws {
    let host = Host()
    defer { host.remove() }
    let entry =
      #"{"__REALTIME_TIMESTAMP":"\#(Self.yesterdayMicroseconds)","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":"postfix/smtpd","#
      + #""_PID":"100","MESSAGE":"NOQUEUE: reject: RCPT from c[192.0.2.1]: 554 5.7.1 <x@example.test>: Relay access denied; "#
      + #"from=<a@example.test> to=<x@example.test> proto=ESMTP helo=<c>"}"#
    host.write("entries.json", entry + "\n")
    host.executable(
      "bin/journalctl", "#!/bin/sh\necho \"$@\" >> \(host.root)/journalctl-args\ncat \(host.root)/entries.json\n")
    let r = try host.run("mailcodes-daily")
    #expect(r.status == 0, "\(r.stderr)")
    let args = try String(contentsOfFile: host.root + "/journalctl-args", encoding: .utf8)
    #expect(args.contains("-o json") && args.contains("-u postfix@* -u postfix -u exim4") && args.contains("--since"))
    #expect(host.mails.first.map(Self.showsRelayDenial) == true)
  }

  @Test("cron runs the daily job only where systemd does not (its timer runs it there)")
  func cronOnlyWithoutSystemd() throws {
    let host = Host()
    defer { host.remove() }
    host.executable("bin/daily", "#!/bin/sh\ntouch \(host.root)/ran\n")
    let systemdRunning = try host.run(
      "cron.daily/mailcodes",
      environment: [
        "MAILCODES_SYSTEMD_DIR": host.root + "/var", "MAILCODES_DAILY": host.root + "/bin/daily",
      ])
    #expect(systemdRunning.status == 0 && !FileManager.default.fileExists(atPath: host.root + "/ran"))
    let noSystemd = try host.run(
      "cron.daily/mailcodes",
      environment: [
        "MAILCODES_SYSTEMD_DIR": host.root + "/none", "MAILCODES_DAILY": host.root + "/bin/daily",
      ])
    #expect(noSystemd.status == 0 && FileManager.default.fileExists(atPath: host.root + "/ran"))
  }

  @Test("the metrics script keeps counters with --state in its state directory; no log file is an error")
  func metrics() throws {
    let host = Host()
    defer { host.remove() }
    // A stand-in mailcodes that records how it is called.
    host.executable("bin/mailcodes", "#!/bin/sh\necho \"$@\" > \(host.root)/mailcodes-args\n")
    let missing = try host.run("mailcodes-metrics", environment: ["MAILCODES": host.root + "/bin/mailcodes"])
    #expect(missing.status == 1 && missing.stderr.contains("\(host.log) does not exist"))
    host.write("var/log/mail.log", Self.cleanDay)
    let r = try host.run("mailcodes-metrics", environment: ["MAILCODES": host.root + "/bin/mailcodes"])
    #expect(r.status == 0, "\(r.stderr)")
    let args = try String(contentsOfFile: host.root + "/mailcodes-args", encoding: .utf8)
    let state = host.root + "/var/lib/mailcodes"
    #expect(args == "analyze --state \(state)/state.json --format prometheus -o \(state)/mailcodes.prom \(host.log)\n")
  }

  /// `Key=value` lines of a unit file.
  static func unit(_ name: String) throws -> [String: [String]] {
    let text = try String(contentsOfFile: Paths.repository + "/contrib/systemd/" + name, encoding: .utf8)
    var keys: [String: [String]] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("[") {
      guard let eq = line.firstIndex(of: "=") else { continue }
      keys[String(line[..<eq]), default: []].append(String(line[line.index(after: eq)...]))
    }
    return keys
  }

  @Test("the services run as their own user with adm, on a read-only system but for their output")
  func unitsHardened() throws {
    for name in ["mailcodes-report.service", "mailcodes-metrics.service"] {
      let u = try Self.unit(name)
      #expect(u["User"] == ["mailcodes"] && u["SupplementaryGroups"] == ["adm"], "\(name)")
      #expect(u["ProtectSystem"] == ["strict"] && u["ReadWritePaths"] != nil, "\(name)")
    }
    let report = try Self.unit("mailcodes-report.service")
    #expect(report["ExecStart"] == ["/usr/lib/mailcodes/mailcodes-daily"])
    #expect(report["ReadWritePaths"]?.first?.contains("/var/spool/postfix/maildrop") == true)
    let metrics = try Self.unit("mailcodes-metrics.service")
    #expect(metrics["ExecStart"] == ["/usr/lib/mailcodes/mailcodes-metrics"])
    #expect(metrics["ReadWritePaths"] == ["/var/lib/mailcodes"] && metrics["StateDirectory"] == ["mailcodes"])
    #expect(try Self.unit("mailcodes-metrics.timer")["OnCalendar"] == ["minutely"])
    // The script lives outside cron.daily, so that cron does not run it as well.
    #expect(!FileManager.default.fileExists(atPath: Paths.repository + "/contrib/cron.daily/mailcodes-daily"))
  }
}
