import MailCodesSMTP
import MailCodesSupport

/// A text of the reference in every `ReferenceLanguage`.
public struct LocalizedText: Sendable, Hashable {
  /// English.
  public let en: String
  /// Simplified Chinese.
  public let zh: String

  public init(en: String, zh: String) {
    self.en = en
    self.zh = zh
  }

  /// Positional form, used by the data files to keep them short.
  public init(_ en: String, _ zh: String) {
    self.en = en
    self.zh = zh
  }

  /// The text in `language`.
  public func text(_ language: ReferenceLanguage) -> String {
    switch language {
    case .en: return en
    case .zh: return zh
    }
  }
}
