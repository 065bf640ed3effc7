import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Something a report did not see, so that "no problems" cannot be trusted: "never clean when
/// blind". Reports say so first, JSON says `complete: false` with these reasons, and
/// `--quiet-if-clean` and `--alert` treat each as a problem.
public struct CoverageGap: Sendable, Equatable {
  public enum Kind: String, Sendable {
    /// An input could not be read (to its end): what is in it is unknown.
    case inputError = "input_error"
    /// An input has mail lines, and not one was understood (a format mailcodes does not read).
    case nothingRecognized = "nothing_recognized"
    /// More than 1 % of a mail program's lines in an input were not understood.
    case unrecognizedLines = "unrecognized_lines"
    /// The time window asked for holds no log line at all.
    case emptyWindow = "empty_window"
  }

  public var kind: Kind
  public var input: String?
  public var daemon: String?
  /// The lines concerned (of the input, or of the daemon in it) and how many were not understood.
  public var lines = 0
  public var unrecognized = 0
  /// The reason in one line, for people.
  public var message: String

  /// More than this share of a mail program's lines not understood makes a report blind.
  public static let unrecognizedShare = 0.01
}

extension Summary {
  /// Why this summary may miss problems (empty: it saw everything it was given). Derived from
  /// the summary alone, so a summary read back from JSON, or merged, gives the same reasons.
  public var coverageGaps: [CoverageGap] {
    var gaps: [CoverageGap] = []
    if !window.isUnbounded, let lines = windowLines, lines == 0 {
      gaps.append(CoverageGap(kind: .emptyWindow, message: emptyWindowMessage))
    }
    for part in emptyWindows {
      gaps.append(CoverageGap(kind: .emptyWindow, message: emptyWindowMessage(part)))
    }
    for input in inputs {
      if let error = input.error {
        let detail = error.hasPrefix(input.name + ": ") ? String(error.dropFirst(input.name.count + 2)) : error
        gaps.append(
          CoverageGap(
            kind: .inputError, input: input.name,
            message: "\(input.name): not read to its end (\(detail)): its problems are unknown"))
      }
      // Postfix's housekeeping programs (master, anvil...) never carry a reply: a file of them
      // alone is not a file mailcodes cannot read.
      let mail = input.daemons.filter { !CoverageGap.isHousekeeping($0.key) }.values
      let mailLines = mail.reduce(0) { $0 + $1.total }
      if mailLines > 0, mail.allSatisfy({ $0.recognized == 0 }) {
        gaps.append(
          CoverageGap(
            kind: .nothingRecognized, input: input.name, lines: mailLines,
            unrecognized: mail.reduce(0) { $0 + $1.unrecognized },
            message:
              "\(input.name): none of its \(TextLayout.count(mailLines, "mail line", "mail lines")) was understood "
              + "(a log format mailcodes does not read?)"))
      }
      for (daemon, counts) in input.daemons.sorted(by: { $0.key < $1.key })
      where Double(counts.unrecognized) > Double(counts.total) * CoverageGap.unrecognizedShare {
        gaps.append(
          CoverageGap(
            kind: .unrecognizedLines, input: input.name, daemon: daemon, lines: counts.total,
            unrecognized: counts.unrecognized,
            message: "\(input.name): \(daemon): \(TextLayout.number(counts.unrecognized)) of its "
              + "\(TextLayout.count(counts.total, "line", "lines")) not understood "
              + "(\(CoverageGap.percent(counts.unrecognized, counts.total)))"))
      }
    }
    return gaps
  }

  /// `no log line between 2026-11-28T00:00:00 and 2026-11-29T00:00:00 (the logs run from ... to ...)`.
  public var emptyWindowMessage: String { emptyWindowMessage(window) }

  /// The message of an empty `window` (this summary's, or a merged part's).
  func emptyWindowMessage(_ window: TimeExpression.Window) -> String {
    let from = window.startTimestamp?.description ?? "the beginning"
    let to = window.endTimestamp?.description ?? "the end"
    var text = "no log line between \(from) and \(to)"
    let firsts = inputs.compactMap(\.first)
    let lasts = inputs.compactMap(\.last)
    if let first = firsts.min(), let last = lasts.max() {
      text += " (the logs run from \(first.description) to \(last.description))"
    } else if inputs.allSatisfy({ $0.lines == 0 }) {
      text +=
        skippedInputs.isEmpty
        ? " (nothing was read)"
        : " (the logs end before it: \(skippedInputs.count == 1 ? "its input was" : "every input was") last written "
          + "before the window)"
    }
    return text
  }
}

extension CoverageGap {
  /// A Postfix program that logs no SMTP reply (master, anvil, scache...).
  static func isHousekeeping(_ tag: String) -> Bool {
    withByteView(tag) { PostfixDaemon.classify($0) == .other }
  }

  /// `33 %`, `1.5 %`, `0.2 %`.
  static func percent(_ part: Int, _ whole: Int) -> String {
    let p = Double(part) / Double(max(1, whole)) * 100
    if p >= 10 { return "\(Int(p.rounded())) %" }
    return "\((p * 10).rounded() / 10) %"
  }
}
