import MailCodesAnalysis
import MailCodesExplain
import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The replies table of a summary as CSV (for `merge --format csv`, where the events are gone):
/// `direction,code,enhanced,command,kind,inferred,count`, as `--by` would print it.
public enum SummaryCSV {
  public static func render(_ s: Summary) -> String {
    var lines = ["direction,code,enhanced,command,kind,inferred,count"]
    for (key, n) in s.replies.sorted(by: <) {
      let cells = [
        key.direction.description, key.code == 0 ? "" : String(key.code), key.enhanced,
        key.command.description, key.kind.description, key.inferred ? "true" : "false",
      ]
      lines.append((cells.map { Sanitizer.csvField($0) } + [String(n)]).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
