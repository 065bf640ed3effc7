import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The rendering behind `mailcodes explain`.
public enum Explainer {
  /// Renders `mailcodes explain ARGS...`:
  /// - one code (`530`, `5.7.1`, `X.7.1`): its full entry; a pasted reply (`"550 5.7.26"`,
  ///   `"550-5.7.26 This mail is ..."`, `"550 5.7.1 <x@y>: Relay access denied"`, or the same
  ///   unquoted over several arguments): both of its codes explained;
  /// - patterns (`5xx`, `55x`, `5.7.x`, `5.7.*`, `x.7.x`): one line per matching code;
  /// - two or more codes (`221 530`): a side-by-side comparison with the key differences.
  ///
  /// Text output is wrapped at `width` columns (at least 40). The JSON schema is documented
  /// on `ExplainJSONRenderer`. Throws `ExplainError` naming the first argument that is not a
  /// code, a pattern or a reply.
  public static func render(
    arguments: [String], language: ReferenceLanguage, format: ExplainFormat, width: Int = 80
  ) throws(ExplainError) -> String {
    let query = try ExplainQuery.parse(arguments, language: language)
    switch format {
    case .text:
      var renderer = ExplainTextRenderer(language: language, width: width)
      return renderer.render(query)
    case .markdown:
      var renderer = ExplainMarkdownRenderer(language: language)
      return renderer.render(query)
    case .json:
      return ExplainJSONRenderer(language: language, arguments: arguments).render(query)
    }
  }

  /// Checks `arguments` as `render` reads them, without rendering: nil when explain would
  /// explain them, else its error (the command line's filters refuse codes in the same words).
  public static func check(arguments: [String], language: ReferenceLanguage) -> ExplainError? {
    do throws(ExplainError) {
      _ = try ExplainQuery.parse(arguments, language: language)
      return nil
    } catch {
      return error
    }
  }
}
