import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The filter language shared by `grep`, `analyze` and `events`: which events count.
///
/// Several values of one kind mean OR, different kinds mean AND (`--client a --client b
/// --command RCPT` is "(client a or b) and command RCPT"). Code patterns match inferred codes
/// too unless `observedOnly` is set; without code criteria every event can match (connects,
/// disconnects, lost connections too). `outcomes` depend on how the session ended, known only
/// at its end: callers that filter on it must wait for `sessionEnded` (`needsOutcome`).
public struct EventFilter: Sendable {
  public var codes: [CodePattern] = []
  public var excludedCodes: [CodePattern] = []
  public var clients: [AddressPattern] = []
  /// Remote hosts: an address/CIDR, or a host name (matched case-insensitively, exactly or as
  /// a domain suffix: `example.com` matches `mx1.example.com`).
  public var remotes: [String] = []
  public var commands: Set<SMTPCommand> = []
  public var kinds: Set<EventKind> = []
  public var outcomes: Set<Outcome> = []
  public var directions: Set<Direction> = []
  /// `user@example.com` (exact, case-insensitive) or `@example.com` (the domain).
  public var senders: [String] = []
  public var recipients: [String] = []
  /// Postfix queue ids or Exim message ids.
  public var ids: [String] = []
  public var window = TimeExpression.Window()
  /// Regular expressions on the reply text (OR).
  public var textPatterns: [TextPattern] = []
  /// Only codes the log prints (not inferred ones).
  public var observedOnly = false
  /// Refusals whose code the log omits, by their hint (OR); `anyHint` takes every one.
  public var hints: Set<Hint> = []
  public var anyHint = false

  public init() {}

  /// Whether there is nothing to filter on (every reply event matches).
  public var isEmpty: Bool {
    codes.isEmpty && excludedCodes.isEmpty && clients.isEmpty && remotes.isEmpty && commands.isEmpty && kinds.isEmpty
      && outcomes.isEmpty && directions.isEmpty && senders.isEmpty && recipients.isEmpty && ids.isEmpty
      && window.isUnbounded && textPatterns.isEmpty && !observedOnly && hints.isEmpty && !anyHint
  }

  public var needsOutcome: Bool { !outcomes.isEmpty }

  /// Whether `event` of `line` matches every criterion except the session outcome.
  public func matches(_ event: SMTPEvent, line: ByteView) -> Bool {
    let hasCodeCriteria = !codes.isEmpty || observedOnly
    if hasCodeCriteria {
      if event.code == nil && event.enhanced == nil { return false }
      if observedOnly && event.inferred { return false }
      if !codes.isEmpty && !codes.contains(where: { $0.matches(code: event.code, enhanced: event.enhanced) }) {
        return false
      }
    }
    if anyHint || !hints.isEmpty {
      guard event.hint != .none, anyHint || hints.contains(event.hint) else { return false }
    }
    if excludedCodes.contains(where: { $0.matches(code: event.code, enhanced: event.enhanced) }) { return false }
    if !commands.isEmpty && !commands.contains(event.command) { return false }
    if !kinds.isEmpty && !kinds.contains(event.kind) { return false }
    if !directions.isEmpty && !directions.contains(event.direction) { return false }
    if !clients.isEmpty {
      guard event.direction == .inbound, let address = event.client, clients.contains(where: { $0.contains(address) })
      else { return false }
    }
    if !remotes.isEmpty && !matchesRemote(event, line) { return false }
    if !senders.isEmpty
      && !EventFilter.matchesAddress(line.slice(event.sender), senders, present: !event.sender.isEmpty)
    {
      return false
    }
    if !recipients.isEmpty
      && !EventFilter.matchesAddress(line.slice(event.recipient), recipients, present: !event.recipient.isEmpty)
    {
      return false
    }
    if !ids.isEmpty {
      let id = line.slice(event.queueID)
      guard !event.queueID.isEmpty, ids.contains(where: { EventFilter.equal(id, $0, ignoringCase: false) }) else {
        return false
      }
    }
    if !window.isUnbounded {
      guard let t = event.time, window.contains(t) else { return false }
    }
    if !textPatterns.isEmpty {
      let text = line.slice(event.text)
      guard !event.text.isEmpty, textPatterns.contains(where: { $0.matches(text) }) else { return false }
    }
    return true
  }

  /// Whether a session that ended with `outcome` passes the outcome criterion.
  public func matches(outcome: Outcome) -> Bool { outcomes.isEmpty || outcomes.contains(outcome) }

  private func matchesRemote(_ event: SMTPEvent, _ line: ByteView) -> Bool {
    guard event.direction == .outbound else { return false }
    let host = line.slice(event.remoteHost)
    for remote in remotes {
      if let pattern = AddressPattern(remote) {
        if let address = event.client, pattern.contains(address) { return true }
        continue
      }
      if !event.remoteHost.isEmpty, EventFilter.hostMatches(host, remote) { return true }
    }
    return false
  }

  /// `example.com` matches `example.com` and `mx.example.com`, case-insensitively.
  static func hostMatches(_ host: ByteView, _ name: String) -> Bool {
    let wanted = Array(name.lowercased().utf8)
    guard host.count >= wanted.count else { return false }
    let offset = host.count - wanted.count
    for i in 0..<wanted.count where ASCII.lowercased(host[offset + i]) != wanted[i] { return false }
    return offset == 0 || host[offset - 1] == ASCII.dot
  }

  /// `user@example.com` exactly, or `@example.com` for the domain (case-insensitive).
  public static func matchesAddress(_ address: ByteView, _ wanted: [String], present: Bool) -> Bool {
    guard present else { return false }
    for w in wanted {
      if w.hasPrefix("@") {
        guard let at = address.lastIndex(of: ASCII.at) else { continue }
        if equal(address.suffix(from: at), w, ignoringCase: true) { return true }
      } else if equal(address, w, ignoringCase: true) {
        return true
      }
    }
    return false
  }

  public static func equal(_ bytes: ByteView, _ text: String, ignoringCase: Bool) -> Bool {
    let t = Array(text.utf8)
    guard t.count == bytes.count else { return false }
    for i in 0..<t.count {
      let a = bytes[i]
      let b = t[i]
      if ignoringCase ? ASCII.lowercased(a) != ASCII.lowercased(b) : a != b { return false }
    }
    return true
  }
}

/// A regular expression on reply texts (`grep -e REGEX`), as grep's `-i` and `-w` say.
public struct TextPattern: @unchecked Sendable {
  public let source: String
  /// `-i`: letters match in either case.
  public let ignoresCase: Bool
  /// `-w`: a match must be a whole word (not preceded or followed by a letter, digit or `_`).
  public let wholeWords: Bool
  private let regex: Regex<AnyRegexOutput>

  public init(_ source: String, ignoresCase: Bool = false, wholeWords: Bool = false) throws {
    self.source = source
    self.ignoresCase = ignoresCase
    self.wholeWords = wholeWords
    let regex = try Regex(source)
    self.regex = ignoresCase ? regex.ignoresCase() : regex
  }

  /// The same pattern with other `-i`/`-w` settings.
  public func with(ignoresCase: Bool, wholeWords: Bool) throws -> TextPattern {
    try TextPattern(source, ignoresCase: ignoresCase, wholeWords: wholeWords)
  }

  public func matches(_ text: ByteView) -> Bool {
    let string = text.string
    guard wholeWords else { return (try? regex.firstMatch(in: string)) != nil }
    // The characters around a match decide, whatever the pattern's own first and last are:
    // `-w -e 5.7.1` matches neither in `15.7.1` nor in `5.7.10`.
    for match in string.matches(of: regex) {
      let range = match.range
      let before = range.lowerBound > string.startIndex ? string[string.index(before: range.lowerBound)] : nil
      let after = range.upperBound < string.endIndex ? string[range.upperBound] : nil
      if !TextPattern.isWordCharacter(before), !TextPattern.isWordCharacter(after) { return true }
    }
    return false
  }

  private static func isWordCharacter(_ c: Character?) -> Bool {
    guard let c else { return false }
    return c.isLetter || c.isNumber || c == "_"
  }
}
