import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Literal byte strings a line must contain to be parsed: `grep`'s way to skip the lines
/// that cannot match, as ripgrep skips lines without its literal (`AnalysisOptions.prefilter`).
///
/// Contract of a run with a prefilter:
/// - A line that contains none of the literals is read and counted (`InputStats.lines`,
///   `InputStats.prefilteredLines`, line numbers stay exact) but not parsed: it produces no
///   events, changes no session, and is not given to the sink.
/// - The other lines are parsed as in a full run, with the sessions the kept lines build.
///   So their events' codes are those of the full run when the literals come from
///   `init(codePattern:)`: it adds, for every code the parsers infer rather than read, the
///   lines that lead to it (`InferredReply`). What only sessions give an event (the client of
///   a Postfix cleanup reject, session ids, outcomes) may be missing: use a prefilter only when
///   the output needs no sessions (`grep -c CODE`, `grep CODE`, not `grep --session`).
/// - Never skipped: the first line of each input, lines cut to the length limit, and every
///   line of a transcript (an input whose first line has no syslog or Exim header, one read
///   with `--format transcript`, or the rest of an input once the transcript parser took over,
///   or once a Postfix line whose syslog tag names no daemon was read: see
///   `FormatDetector.needsEveryLine`).
/// - Timestamps of skipped lines are not read: a kept line without a time of its own gets the
///   last kept line's time, and an input's first/last times are those of kept lines.
/// - Bounds see only kept lines: the session table (`maxOpenSessions`) evicts other
///   sessions (fewer where skipped lines opened them, more where skipped lines would have
///   closed them: a postscreen session whose `CONNECT from` is kept for the 554 of
///   `DATA without valid RCPT` stays open to the end), and the Exim duplicate filter forgets
///   later (it remembers a million rejections). Where a code depends on these, the two runs
///   can differ past the bound.
///
/// Session deferral (`deferral`): when a code is inferred from smtpd's `disconnect` counters
/// (`InferredReply.counterReplies`), or needs an smtpd session only as a link
/// (`InferredReply.sessionLiterals`), the lines that make up an smtpd session's state are kept,
/// but a line that holds none of the other literals (`SessionDeferral.primary`) is held back
/// unparsed, with the rest of its session, until the session's `disconnect` line says whether
/// its counters can lead to the code: then the session's lines are parsed in their order
/// before it, else they are dropped and counted with the skipped lines. A line of a held
/// session that holds a primary literal (or reaches it through a queue id) has the session
/// parsed first. The lines of one session keep their order; what changes is only their order
/// relative to other sessions' lines, which matters only through the bounds above.
public struct LinePrefilter: Sendable, CustomStringConvertible {
  /// The literals, case-sensitive.
  public let literals: [String]
  public let set: LiteralSet
  /// How smtpd sessions may be held back; nil when every kept line is parsed in order.
  public let deferral: SessionDeferral?

  /// Which kept lines may be held back with their smtpd session, and when a session is parsed.
  public struct SessionDeferral: Sendable {
    /// A kept smtpd line that holds one of these is parsed in order (with its session before
    /// it): the code as lines print it, and the literals of the other Postfix inferences (an
    /// smtpd line is read by the Postfix parser alone: Exim's literals cannot make it match).
    public let primaryLiterals: [String]
    public let primary: LiteralSet
    /// The replies whose `disconnect` lines need their session parsed.
    public let replies: CounterReplies
  }

  /// A prefilter for `literals`; nil when the list is empty or a literal is empty or holds a
  /// line break (no line could contain it).
  public init?(literals: [String]) {
    var bytes: [[UInt8]] = []
    for literal in literals {
      let b = Array(literal.utf8)
      guard !b.isEmpty, !b.contains(ASCII.newline), !b.contains(ASCII.carriageReturn) else { return nil }
      bytes.append(b)
    }
    guard !bytes.isEmpty else { return nil }
    // A literal that contains another one adds nothing: a line with it has the other.
    let kept = bytes.enumerated().filter { (k, b) in
      !bytes.enumerated().contains { (m, other) in
        m != k && other.count <= b.count && (other.count < b.count || m < k) && LinePrefilter.contains(b, other)
      }
    }.map(\.element)
    set = LiteralSet(kept)
    self.literals = set.literals.map { String(decoding: $0, as: UTF8.self) }
    deferral = nil
  }

  /// A prefilter for `primary` and `sessionLiterals` that holds smtpd sessions back (see the
  /// type's contract) for the counter replies `replies`, with `smtpdPrimary` (the literals of
  /// `primary` that can make an smtpd line match) as `SessionDeferral.primaryLiterals`;
  /// without such replies, or when `smtpdPrimary` is empty, one for all the literals that
  /// parses every kept line.
  public init?(primary: [String], sessionLiterals: [String], replies: CounterReplies, smtpdPrimary: [String]) {
    guard let all = LinePrefilter(literals: primary + sessionLiterals) else { return nil }
    guard !sessionLiterals.isEmpty, let first = LinePrefilter(literals: smtpdPrimary) else {
      self = all
      return
    }
    literals = all.literals
    set = all.set
    deferral = SessionDeferral(primaryLiterals: first.literals, primary: first.set, replies: replies)
  }

  /// Postfix `debug_peer_list` lines (`postfix/smtpd[9]: > host[ip]: 221 2.0.0 Bye`): a reply
  /// there is matched to the command before it (`< host[ip]: QUIT`), so every line of such a
  /// dialogue is kept, whatever the code asked for. ` > ` rather than `]: > `: the search
  /// would anchor that on `]: `, which every syslog line holds.
  static let dialogueLiterals = [" > ", " < "]

  /// Most literals a prefilter takes before it stops paying for itself.
  public static let maxLiterals = 48

  /// The prefilter for events whose codes match `pattern`: the code as lines print it, and
  /// the lines of every reply the parsers infer with a matching code (`InferredReply.all`).
  ///
  /// nil when no short list of literals can find the matching lines: a basic pattern with
  /// more than 16 codes (`5xx`), or an enhanced pattern whose fixed part is shorter than three
  /// bytes (`4.*.*`). Then every line must be parsed.
  ///
  /// The replies inferred from smtpd's `disconnect` counters let the prefilter hold smtpd
  /// sessions back (`deferral`): their literals are then session literals, not primary ones.
  public init?(codePattern pattern: CodePattern) {
    guard var primary = LinePrefilter.printedForms(of: pattern) else { return nil }
    primary.append(contentsOf: LinePrefilter.dialogueLiterals)
    var smtpdPrimary = primary
    var sessionLiterals: [String] = []
    var replies: CounterReplies = []
    for inferred in InferredReply.all {
      let code = inferred.code.flatMap(ReplyCode.init)
      guard pattern.matches(code: code, enhanced: inferred.enhanced) else { continue }
      if inferred.counterReplies.isEmpty {
        primary.append(contentsOf: inferred.literals)
        if inferred.family == .postfix { smtpdPrimary.append(contentsOf: inferred.literals) }
      } else {
        sessionLiterals.append(contentsOf: inferred.literals)
        replies.formUnion(inferred.counterReplies)
      }
      sessionLiterals.append(contentsOf: inferred.sessionLiterals)
    }
    guard primary.count + sessionLiterals.count <= LinePrefilter.maxLiterals * 2 else { return nil }
    self.init(primary: primary, sessionLiterals: sessionLiterals, replies: replies, smtpdPrimary: smtpdPrimary)
    guard self.literals.count <= LinePrefilter.maxLiterals else { return nil }
  }

  /// How lines print codes that match `pattern`: `554`, `550` to `559` for `55x`, `5.7.1`,
  /// `5.7.` for `5.7.*`, `.7.1` for `*.7.1`; nil when that takes too many or too short strings.
  /// The parts of an enhanced code may be printed with leading zeros (`2.0.01`), so each
  /// fixed part comes in every spelling of up to three digits.
  static func printedForms(of pattern: CodePattern) -> [String]? {
    if pattern.isEnhanced {
      let parts = pattern.description.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 3 else { return nil }
      func spellings(_ part: String) -> [String]? {
        guard let value = Int(part), part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let digits = String(value)
        return (digits.count...3).map { String(repeating: "0", count: $0 - digits.count) + digits }
      }
      let (c, s, d) = (spellings(parts[0]), spellings(parts[1]), spellings(parts[2]))
      var texts: [String] = []
      switch (c, s, d) {
      case (let c?, let s?, let d?):
        for s in s { for d in d { texts.append("\(c[0]).\(s).\(d)") } }
      case (let c?, let s?, nil):
        for s in s { texts.append("\(c[0]).\(s).") }
      case (_, let s?, let d?):
        for s in s { for d in d { texts.append(".\(s).\(d)") } }
      default:
        return nil
      }
      return texts.allSatisfy { $0.utf8.count >= 3 } ? texts : nil
    }
    var codes: [String] = []
    for value in 200...599 where pattern.matches(code: ReplyCode(value), enhanced: nil) {
      codes.append(String(value))
      if codes.count > 16 { return nil }
    }
    return codes.isEmpty ? nil : codes
  }

  public var description: String { literals.joined(separator: " | ") }

  /// The byte runs the search tests first (see `LiteralSet`), chosen for text like `sample`
  /// when one is given: for diagnostics.
  public func anchors(tunedTo sample: [UInt8]? = nil) -> [String] {
    guard let sample, !sample.isEmpty else { return set.anchors }
    return withByteView(sample) { set.tuned(to: $0).anchors }
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
      return true
    }
    return false
  }
}
