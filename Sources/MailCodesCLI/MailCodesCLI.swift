import MailCodesKit

/// Entry point placeholder.
public enum MailCodesCLI {
  public static func main(_ arguments: [String]) -> Int32 { 0 }
}
