import MailCodesSMTP
import MailCodesSupport

/// A reply text that a given mail server or provider is known to send with a code.
///
/// Texts are quoted verbatim (they are what appears in logs) and are never translated.
/// Placeholders in angle brackets (`<host>`, `<ip>`, `<address>`, `<id>`) stand for the
/// variable parts. Multi-line replies are joined into one line with the last line's
/// separator (`550 5.7.26 ...` rather than `550-5.7.26 ...`).
public struct VendorText: Sendable, Hashable {
  /// Who sends the text: a server software, a mail provider, or the RFC that gives it as example.
  public struct Vendor: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }

    public static let postfix = Vendor("Postfix")
    public static let postgrey = Vendor("Postfix + postgrey")
    public static let exim = Vendor("Exim")
    public static let sendmail = Vendor("Sendmail")
    public static let gmail = Vendor("Gmail")
    public static let microsoft = Vendor("Microsoft 365 / Exchange")
    public static let outlookCom = Vendor("Outlook.com")
    public static let yahoo = Vendor("Yahoo")
    public static let iCloud = Vendor("iCloud")
    /// Text found with many servers (for example the base64 prompts of AUTH LOGIN).
    public static let common = Vendor("Many servers")
    public static func rfc(_ number: Int) -> Vendor { Vendor("RFC \(number)") }
  }

  public let vendor: Vendor
  /// The complete reply line, basic code included.
  public let text: String

  public init(vendor: Vendor, text: String) {
    self.vendor = vendor
    self.text = text
  }

  static func postfix(_ text: String) -> VendorText { VendorText(vendor: .postfix, text: text) }
  static func exim(_ text: String) -> VendorText { VendorText(vendor: .exim, text: text) }
  static func sendmail(_ text: String) -> VendorText { VendorText(vendor: .sendmail, text: text) }
  static func gmail(_ text: String) -> VendorText { VendorText(vendor: .gmail, text: text) }
  static func microsoft(_ text: String) -> VendorText { VendorText(vendor: .microsoft, text: text) }
  static func yahoo(_ text: String) -> VendorText { VendorText(vendor: .yahoo, text: text) }
  static func rfc(_ number: Int, _ text: String) -> VendorText { VendorText(vendor: .rfc(number), text: text) }
}
