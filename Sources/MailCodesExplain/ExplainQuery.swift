import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// What `mailcodes explain ARGS...` asks for, parsed from the arguments.
///
/// Rules, in order:
/// - every argument is a code (`530`, `5.7.1`, `X.7.1`), a pattern (`5xx`, `55x`, `5.7.x`,
///   `x.7.*`) or a pasted reply (`"550 5.7.26 text"`, `"550-5.7.26 text"`, several lines);
/// - a basic code followed by an enhanced code of the same class is one reply, so the unquoted
///   `explain 550 5.7.26` means the same as `explain "550 5.7.26"`;
/// - when an argument is none of these but the first one starts a reply, all arguments are
///   joined into one pasted reply (an unquoted `explain 550 5.7.1 Relay access denied`);
/// - one item is explained in full, two or more are compared, patterns give a list.
enum ExplainQuery: Equatable {
  case single(ExplainSubject)
  case comparison([ExplainSubject])
  case list([ExplainPattern])

  public static func parse(_ arguments: [String], language: ReferenceLanguage) throws(ExplainError) -> ExplainQuery {
    let trimmed = arguments.map(ExplainQuery.trim).filter { !$0.isEmpty }
    guard !trimmed.isEmpty else { throw ExplainError.noArguments(language) }

    var parsed: [ParsedArgument] = []
    var firstFailure: ExplainError?
    for argument in trimmed {
      do throws(ExplainError) {
        parsed.append(try parseArgument(argument, language: language))
      } catch {
        if firstFailure == nil { firstFailure = error }
      }
    }
    if let failure = firstFailure {
      if trimmed.count > 1, ExplainReplyParser.startsWithReplyCode(trimmed[0]),
        let reply = ExplainReplyParser.parse(trimmed.joined(separator: " "))
      {
        return .single(reply)
      }
      // A bounce pasted whole, its code inside the text: `"Remote said: 550 5.7.26 ..."`; unquoted,
      // only after a label (`said: 550 ...`), so that `explain abc 221` stays an error about abc.
      if let reply = ExplainReplyParser.parseEmbedded(
        trimmed.joined(separator: " "), after: 1,
        afterLabelOnly: trimmed.count > 1)
      {
        return .single(reply)
      }
      throw failure
    }

    var patterns: [ExplainPattern] = []
    var subjects: [ExplainSubject] = []
    for (index, item) in parsed.enumerated() {
      switch item {
      case .pattern(let pattern):
        guard subjects.isEmpty else { throw ExplainError.patternWithCodes(trimmed[index], language) }
        if !patterns.contains(pattern) { patterns.append(pattern) }
      case .subject(let subject):
        if let pattern = patterns.first { throw ExplainError.patternWithCodes(pattern.text, language) }
        subjects.append(subject)
      }
    }
    if !patterns.isEmpty { return .list(patterns) }

    let paired = pairBasicWithEnhanced(subjects)
    return paired.count == 1 ? .single(paired[0]) : .comparison(paired)
  }

  private enum ParsedArgument {
    case subject(ExplainSubject)
    case pattern(ExplainPattern)
  }

  private static func parseArgument(_ argument: String, language: ReferenceLanguage) throws(ExplainError)
    -> ParsedArgument
  {
    let bytes = Array(argument.utf8)
    if bytes.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
      || ExplainReplyParser.startsWithReplyCode(argument) && bytes.count > 3
    {
      if let basic = ExplainReplyParser.leadingBasicCode(argument), !ReplyCode.isPlausible(basic) {
        throw ExplainError.badBasicCode(String(argument.prefix(3)), language)
      }
      guard let reply = ExplainReplyParser.parse(argument) else { throw ExplainError.notACode(argument, language) }
      return .subject(reply)
    }
    if bytes.count == 3, bytes.allSatisfy(ExplainQuery.isDigit) {
      let value = Int(argument)!
      guard ReplyCode.isPlausible(value) else { throw ExplainError.badBasicCode(argument, language) }
      return .subject(.basic(value))
    }
    if let fields = dottedFields(bytes), fields.allSatisfy({ $0.allSatisfy(ExplainQuery.isDigit) }) {
      return .subject(try enhancedSubject(argument, fields: fields, language: language))
    }
    if let pattern = try ExplainPattern.parse(argument, language: language) {
      if case .enhanced(nil, let subject?, let detail?) = pattern.kind {
        return .subject(.enhancedAnyClass(subject: subject, detail: detail))
      }
      return .pattern(pattern)
    }
    throw ExplainError.notACode(argument, language)
  }

  private static func enhancedSubject(
    _ argument: String, fields: [[UInt8]], language: ReferenceLanguage
  ) throws(ExplainError) -> ExplainSubject {
    guard fields.allSatisfy({ !$0.isEmpty && $0.count <= 3 }) else {
      throw ExplainError.badEnhancedDetail(argument, language)
    }
    let numbers = fields.map { Int(String(decoding: $0, as: UTF8.self))! }
    guard numbers[0] == 2 || numbers[0] == 4 || numbers[0] == 5, fields[0].count == 1 else {
      throw ExplainError.badEnhancedClass(argument, language)
    }
    guard numbers[1] <= 7 else { throw ExplainError.badEnhancedSubject(argument, language) }
    return .enhanced(EnhancedStatusCode(statusClass: numbers[0], subject: numbers[1], detail: numbers[2])!)
  }

  /// `550 5.1.1` written as two arguments is one reply: pair a basic code with an enhanced code
  /// of the same class that follows it.
  private static func pairBasicWithEnhanced(_ subjects: [ExplainSubject]) -> [ExplainSubject] {
    var result: [ExplainSubject] = []
    var index = 0
    while index < subjects.count {
      if case .basic(let code) = subjects[index], index + 1 < subjects.count,
        case .enhanced(let enhanced) = subjects[index + 1], Int(enhanced.statusClass) == code / 100
      {
        result.append(.reply(basic: code, enhanced: enhanced, text: ""))
        index += 2
      } else {
        result.append(subjects[index])
        index += 1
      }
    }
    return result
  }

  /// The three dot-separated fields of `a.b.c`, or nil when the text does not have that shape.
  static func dottedFields(_ bytes: [UInt8]) -> [[UInt8]]? {
    let fields = bytes.split(separator: 0x2E, omittingEmptySubsequences: false).map(Array.init)
    return fields.count == 3 ? fields : nil
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  static func trim(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[start...end])
  }
}

/// One code to explain.
enum ExplainSubject: Equatable {
  case basic(Int)
  case enhanced(EnhancedStatusCode)
  /// `X.7.1`: a registry entry without a class.
  case enhancedAnyClass(subject: Int, detail: Int)
  /// A reply as a server sends it: basic code, enhanced code and text (each may be missing,
  /// but not both codes).
  case reply(basic: Int?, enhanced: EnhancedStatusCode?, text: String)
}

/// A pattern such as `5xx`, `55x`, `5.7.x` or `x.7.*`; nil digits are wildcards.
struct ExplainPattern: Equatable {
  enum Kind: Equatable {
    case basic(first: Int?, second: Int?, third: Int?)
    case enhanced(statusClass: Int?, subject: Int?, detail: Int?)
  }

  let text: String
  let kind: Kind

  /// Parses a pattern; nil when the text has no wildcard or is not pattern-shaped at all,
  /// an error when it is pattern-shaped but names impossible digits ("6xx", "5.9.x").
  public static func parse(_ text: String, language: ReferenceLanguage) throws(ExplainError) -> ExplainPattern? {
    let bytes = Array(text.utf8)
    func isWildcard(_ field: [UInt8]) -> Bool { field == [0x78] || field == [0x58] || field == [0x2A] }
    func isNumber(_ field: [UInt8]) -> Bool {
      !field.isEmpty && field.count <= 3 && field.allSatisfy(ExplainQuery.isDigit)
    }
    func number(_ field: [UInt8]) -> Int? { isWildcard(field) ? nil : Int(String(decoding: field, as: UTF8.self)) }

    if bytes.count == 3, !bytes.contains(0x2E) {
      let fields = bytes.map { [$0] }
      guard fields.contains(where: isWildcard) else { return nil }
      guard fields.allSatisfy({ isWildcard($0) || isNumber($0) }) else { return nil }
      let first = number(fields[0])
      let second = number(fields[1])
      let third = number(fields[2])
      if let first, !(2...5).contains(first) { throw ExplainError.badPattern(text, language) }
      if let second, second > 5 { throw ExplainError.badPattern(text, language) }
      return ExplainPattern(text: text, kind: .basic(first: first, second: second, third: third))
    }
    guard let fields = ExplainQuery.dottedFields(bytes) else { return nil }
    guard fields.contains(where: isWildcard) else { return nil }
    guard fields.allSatisfy({ isWildcard($0) || isNumber($0) }) else { return nil }
    let statusClass = number(fields[0])
    let subject = number(fields[1])
    let detail = number(fields[2])
    if let statusClass, ![2, 4, 5].contains(statusClass) || fields[0].count != 1 {
      throw ExplainError.badPattern(text, language)
    }
    if let subject, subject > 7 { throw ExplainError.badPattern(text, language) }
    return ExplainPattern(text: text, kind: .enhanced(statusClass: statusClass, subject: subject, detail: detail))
  }
}

/// Reads a reply pasted from a log or a bounce: `550 5.7.1 <x@y>: Relay access denied`,
/// `550-5.7.26 This mail is ...`, several `550-` lines, or `5.7.1 text` without a basic code.
enum ExplainReplyParser {
  /// Whether the text starts with three digits followed by the end, a space or a dash.
  static func startsWithReplyCode(_ text: String) -> Bool {
    leadingBasicCode(text) != nil
  }

  /// The three digits at the start of `text` when they are followed by the end, a space, a
  /// tab or a dash (plausible or not).
  static func leadingBasicCode(_ text: String) -> Int? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 3, bytes[0..<3].allSatisfy(ExplainQuery.isDigit) else { return nil }
    if bytes.count > 3, ![0x20, 0x2D, 0x09, 0x0A, 0x0D].contains(bytes[3]) { return nil }
    return Int(String(decoding: bytes[0..<3], as: UTF8.self))
  }

  /// The reply, or nil when the text carries no plausible code.
  public static func parse(_ text: String) -> ExplainSubject? {
    var basic: Int?
    var enhanced: EnhancedStatusCode?
    var parts: [String] = []
    let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
    for (index, rawLine) in lines.enumerated() {
      var line = Substring(ExplainQuery.trim(String(rawLine)))
      if line.isEmpty { continue }
      if let code = leadingBasicCode(String(line)) {
        guard ReplyCode.isPlausible(code) else { return nil }
        if basic == nil { basic = code }
        line = line.dropFirst(3).drop(while: { $0 == "-" || $0 == " " || $0 == "\t" })
      } else if index == 0, leadingEnhancedCode(line) == nil {
        return nil
      }
      if let (code, rest) = leadingEnhancedCode(line) {
        if enhanced == nil { enhanced = code }
        line = rest
      }
      let part = ExplainQuery.trim(String(line))
      if !part.isEmpty { parts.append(part) }
    }
    guard basic != nil || enhanced != nil else { return nil }
    return .reply(basic: basic, enhanced: enhanced, text: parts.joined(separator: " "))
  }

  /// A reply quoted inside other text (a bounce: `host mx.example[192.0.2.1] said: 550 5.7.26
  /// Unauthenticated ...`, `Diagnostic-Code: smtp; 550 5.1.1 ...`, `Status: 5.1.1`): the reply
  /// from the first plausible basic code that stands as a word (after the start, a space, `:`,
  /// `;`, `(`, `"`, `'` or `[`, and followed by a space, a dash or the end); without one, from
  /// the first enhanced code that stands as a word. Only codes that start at `after` or later
  /// count: a text that starts with its code is a reply or a code, judged as such. Nil when the
  /// text holds neither.
  /// With `afterLabelOnly`, the code must follow a `:` or `;` (and spaces).
  static func parseEmbedded(_ text: String, after: Int, afterLabelOnly: Bool = false) -> ExplainSubject? {
    let bytes = Array(text.utf8)
    func standsAlone(_ start: Int) -> Bool {
      if afterLabelOnly {
        var k = start - 1
        while k >= 0, bytes[k] == 0x20 || bytes[k] == 0x09 { k -= 1 }
        return k >= 0 && (bytes[k] == 0x3A || bytes[k] == 0x3B)
      }
      return start == 0 || [0x20, 0x09, 0x0A, 0x0D, 0x3A, 0x3B, 0x28, 0x22, 0x27, 0x5B].contains(bytes[start - 1])
    }
    var enhancedStart: Int?
    var i = after
    while i < bytes.count {
      if ExplainQuery.isDigit(bytes[i]), standsAlone(i) {
        var end = i
        while end < bytes.count, ExplainQuery.isDigit(bytes[end]) || bytes[end] == 0x2E { end += 1 }
        let token = String(decoding: bytes[i..<end], as: UTF8.self)
        let followed =
          end == bytes.count || [0x20, 0x2D, 0x09, 0x0A, 0x0D, 0x29, 0x22, 0x27, 0x3B, 0x2C].contains(bytes[end])
        if followed, end - i == 3, let code = Int(token), ReplyCode.isPlausible(code) {
          return parse(String(decoding: bytes[i...], as: UTF8.self))
        }
        if followed, enhancedStart == nil,
          let code = EnhancedStatusCode(token.hasSuffix(".") ? String(token.dropLast()) : token), code.subject <= 7
        {
          enhancedStart = i
        }
        i = end
        continue
      }
      i += 1
    }
    guard let start = enhancedStart else { return nil }
    return parse(String(decoding: bytes[start...], as: UTF8.self))
  }

  /// An enhanced code at the start of `line`, followed by the end or a space, and the rest.
  private static func leadingEnhancedCode(_ line: Substring) -> (EnhancedStatusCode, Substring)? {
    let token = line.prefix(while: { $0 != " " && $0 != "\t" })
    guard let code = EnhancedStatusCode(String(token)) else { return nil }
    return (code, line.dropFirst(token.count).drop(while: { $0 == " " || $0 == "\t" }))
  }
}
