import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The output format of `mailcodes explain`.
public enum ExplainFormat: String, Sendable, CaseIterable {
  /// Plain text for a terminal: ASCII layout, wrapped at a given width, no colours.
  case text
  /// A stable JSON object, schema `mailcodes.explain/1` (see `Explainer`).
  case json
  /// Markdown with headings, lists and tables.
  case markdown
}
