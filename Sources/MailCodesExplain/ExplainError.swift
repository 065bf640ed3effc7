import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// An argument of `mailcodes explain` that is not a code, a pattern or a pasted reply.
///
/// `description` is one line that names the bad argument and says what is expected.
public struct ExplainError: Error, Sendable, CustomStringConvertible {
  /// The argument as given (empty when no argument was given at all).
  public let argument: String
  public let description: String

  public init(argument: String, description: String) {
    self.argument = argument
    self.description = description
  }

  /// The argument as quoted in a message: on one line, and shortened when it is a long paste.
  private static func shown(_ argument: String) -> String {
    var flat = String(argument.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    if flat.count > 60 { flat = String(flat.prefix(57)) + "..." }
    return flat
  }

  static func noArguments(_ language: ReferenceLanguage) -> ExplainError {
    ExplainError(
      argument: "",
      description: LocalizedText(
        "no code given: try `mailcodes explain 550`, `explain 5.7.1`, `explain \"550 5.7.1 text\"` or `explain 5xx`",
        "未提供代码：请尝试 `mailcodes explain 550`、`explain 5.7.1`、`explain \"550 5.7.1 文本\"` 或 `explain 5xx`"
      ).text(language))
  }

  public static func notACode(_ argument: String, _ language: ReferenceLanguage) -> ExplainError {
    ExplainError(
      argument: argument,
      description: LocalizedText(
        "\"\(shown(argument))\" is not a reply code: expected a code such as 550 or 5.7.1, a pattern such as 5xx or 5.7.x, or a pasted reply such as \"550 5.7.1 text\"",
        "“\(shown(argument))”不是应答码：应为 550 或 5.7.1 这样的代码、5xx 或 5.7.x 这样的模式，或粘贴的应答，如“550 5.7.1 文本”"
      ).text(language))
  }

  static func badBasicCode(_ argument: String, _ language: ReferenceLanguage) -> ExplainError {
    ExplainError(
      argument: argument,
      description: LocalizedText(
        "\"\(shown(argument))\" is not an SMTP reply code: the first digit must be 2-5 and the second 0-5 (for example 250, 421, 550)",
        "“\(shown(argument))”不是 SMTP 应答码：第一位必须是 2-5，第二位必须是 0-5（例如 250、421、550）"
      ).text(language))
  }

  static func badEnhancedClass(_ argument: String, _ language: ReferenceLanguage) -> ExplainError {
    ExplainError(
      argument: argument,
      description: LocalizedText(
        "\"\(shown(argument))\" is not an enhanced status code: the class (first number) must be 2, 4 or 5 (for example 5.7.1)",
        "“\(shown(argument))”不是增强状态码：类别（第一个数）必须是 2、4 或 5（例如 5.7.1）"
      ).text(language))
  }

  static func badEnhancedSubject(_ argument: String, _ language: ReferenceLanguage) -> ExplainError {
    ExplainError(
      argument: argument,
      description: LocalizedText(
        "\"\(shown(argument))\" is not an enhanced status code: the subject (second number) must be 0-7 (for example 5.7.1, 4.4.2)",
        "“\(shown(argument))”不是增强状态码：主题（第二个数）必须是 0-7（例如 5.7.1、4.4.2）"
      ).text(language))
  }

  static func badEnhancedDetail(_ argument: String, _ language: ReferenceLanguage) -> ExplainError {
    ExplainError(
      argument: argument,
      description: LocalizedText(
        "\"\(shown(argument))\" is not an enhanced status code: each number has at most three digits (for example 5.7.26)",
        "“\(shown(argument))”不是增强状态码：每个数最多三位数字（例如 5.7.26）"
      ).text(language))
  }

  static func badPattern(_ argument: String, _ language: ReferenceLanguage) -> ExplainError {
    ExplainError(
      argument: argument,
      description: LocalizedText(
        "\"\(shown(argument))\" is not a valid pattern: use x or * for any digit, as in 5xx, 55x, 5.7.x or x.7.*",
        "“\(shown(argument))”不是有效的模式：用 x 或 * 表示任意数字，如 5xx、55x、5.7.x 或 x.7.*"
      ).text(language))
  }

  static func patternWithCodes(_ argument: String, _ language: ReferenceLanguage) -> ExplainError {
    ExplainError(
      argument: argument,
      description: LocalizedText(
        "\"\(shown(argument))\" is a pattern and cannot be compared with codes: explain the pattern on its own",
        "“\(shown(argument))”是模式，不能与代码一起比较：请单独解释该模式"
      ).text(language))
  }
}
