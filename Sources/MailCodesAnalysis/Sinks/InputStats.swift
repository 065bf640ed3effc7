import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// What one input held: line classes, bounds hit, time span, errors.
public struct InputStats: Sendable {
  public var name: String
  public var lines = 0
  public var bytes: Int64 = 0
  public var compressed = false
  /// Which compression, when `compressed`.
  public var compression: Compression?
  /// The input's lines end in a lone CR and were read as lines (`LineEndSource`).
  public var loneCRLineEnds = false
  public var recognized = 0
  public var ignored = 0
  public var unrecognized = 0
  public var truncatedLines = 0
  /// Lines the prefilter skipped (`AnalysisOptions.prefilter`): counted in `lines`, but in
  /// none of recognized, ignored and unrecognized.
  public var prefilteredLines = 0
  public var events = 0
  /// Lines per format family (recognized or unrecognized lines of that family).
  public var familyLines: [LogFamily: Int] = [:]
  /// The mail lines (lines a format parser took, and lines that look like mail but were not
  /// understood) per program: the syslog tag (`postfix/smtpd`, `exim4`), or the family of
  /// untagged lines (`exim` for Exim's own files, `transcript`; `(no tag)` for a mail line
  /// whose header was damaged). Lines of other programs (dovecot, cron) are not in it.
  public var daemons: [String: LineClassCounts] = [:]
  /// What a transcript input was read as, with its side (`swaks transcript (client side...)`).
  public var transcript: String?
  public var first: LogTimestamp?
  public var last: LogTimestamp?
  /// Timestamps that went backwards by more than a minute.
  public var timeReversals = 0
  public var yearRollovers = 0
  /// The file the input was (nil: standard input, a pipe) and when it was last written.
  public var identity: FileIdentity?
  public var modificationTime: Int64?
  /// FNV-1a hash of the input's first line (after decompression): the same data under
  /// another name or inode (a rotated copy, `mail.log.1` gzipped) has the same.
  public var firstLineHash: UInt64?
  /// An error that stopped reading this input (what was read before it still counts).
  public var error: InputError?
  /// A warning that did not stop reading (gzip trailing garbage).
  public var warning: InputError?

  public init(name: String) { self.name = name }
}
