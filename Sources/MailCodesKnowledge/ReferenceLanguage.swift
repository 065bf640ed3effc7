import MailCodesSMTP
import MailCodesSupport

/// The language of the reply-code reference and of `mailcodes explain`.
public enum ReferenceLanguage: String, Sendable, CaseIterable {
  case en
  /// Simplified Chinese.
  case zh

  /// Chooses the language from a `LANG` / `LC_ALL` / `LC_MESSAGES` style value.
  ///
  /// Any Chinese locale (`zh`, `zh_CN.UTF-8`, `zh-Hans`, `zh_TW`...) gives `.zh`, because the
  /// Simplified Chinese text is more useful to a Chinese reader than the English one; anything
  /// else, including `nil`, `C` and `POSIX`, gives `.en`.
  public init(localeIdentifier: String?) {
    guard let identifier = localeIdentifier else {
      self = .en
      return
    }
    let lowered = identifier.lowercased()
    guard lowered.hasPrefix("zh") else {
      self = .en
      return
    }
    // "zh" must be the whole language part: "zha_XX" (Zhuang) is not Chinese.
    let rest = lowered.dropFirst(2)
    if let next = rest.first, next != "_", next != "-", next != ".", next != "@" {
      self = .en
    } else {
      self = .zh
    }
  }
}
