import MailCodesSMTP
import MailCodesSupport

/// Puts the inputs in reading order: each rotated series oldest first.
///
/// Names are grouped by their base: `mail.log`, `mail.log.1`, `mail.log.2.gz` (or `.bz2`, `.xz`,
/// `.zst`) and `mail.log-20261127.gz` all belong to `mail.log`. Inside a group the highest generation
/// number is the oldest and comes first, date suffixes (`-YYYYMMDD`, logrotate `dateext`) are
/// ordered by date, and the file without a suffix is the newest. Groups keep the order in which
/// the user named them first; standard input stays where it was named. One exception: Exim
/// rejectlog series go after the others. Exim writes each rejection to the mainlog and the
/// rejectlog and it is counted once, where it is first read; read from the mainlog it belongs
/// to its SMTP session (client, outcome), read from the rejectlog it stands alone.
public enum InputPlan {
  /// One rotated series (or a single file).
  public struct Group: Sendable, Equatable {
    public var base: String
    public var files: [InputFile]
  }

  /// Orders `files` into groups, each oldest first.
  public static func groups(_ files: [InputFile]) -> [Group] {
    var groups: [Group] = []
    var index: [String: Int] = [:]
    var ages: [String: [(age: Double, position: Int)]] = [:]
    for (position, file) in files.enumerated() {
      // Standard input and commands are series of their own, whatever their names.
      let (base, age) = file.isStandardInput || file.command != nil ? ("-#\(position)", 0.0) : rotation(of: file.path)
      if let g = index[base] {
        groups[g].files.append(file)
      } else {
        index[base] = groups.count
        groups.append(Group(base: base, files: [file]))
      }
      ages[base, default: []].append((age, position))
    }
    for g in groups.indices {
      let keyed = zip(groups[g].files, ages[groups[g].base]!)
      groups[g].files = keyed.sorted { a, b in
        a.1.age != b.1.age ? a.1.age > b.1.age : a.1.position < b.1.position
      }.map(\.0)
    }
    return groups.filter { !isRejectlog($0.base) } + groups.filter { isRejectlog($0.base) }
  }

  /// `rejectlog`, `/var/log/exim4/rejectlog`, `exim_rejectlog`: an Exim rejectlog series.
  static func isRejectlog(_ base: String) -> Bool {
    let name = base.split(separator: "/").last.map(String.init) ?? base
    return name.lowercased().contains("rejectlog")
  }

  /// The files of all groups in reading order.
  public static func order(_ files: [InputFile]) -> [InputFile] {
    groups(files).flatMap(\.files)
  }

  /// The series base of a path and its age (larger is older; 0 is the live file).
  static func rotation(of path: String) -> (base: String, age: Double) {
    var name = Substring(path)
    for suffix in [".gz", ".z", ".Z", ".bz2", ".xz", ".zst", ".lz4"] where name.hasSuffix(suffix) {
      name = name.dropLast(suffix.count)
      break
    }
    // `mail.log.3`
    if let dot = name.lastIndex(of: "."), dot > name.startIndex {
      let digits = name[name.index(after: dot)...]
      if !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCIIDigit), let n = Double(digits) {
        return (String(name[..<dot]), n)
      }
    }
    // `mail.log-20261127` (logrotate dateext; also -YYYYMMDDHH)
    if let dash = name.lastIndex(of: "-"), dash > name.startIndex {
      let digits = name[name.index(after: dash)...]
      if digits.count >= 8, digits.count <= 10, digits.allSatisfy(\.isASCIIDigit), let d = Double(digits) {
        let date = digits.count == 8 ? d * 100 : d
        // Older dates must sort first: age grows as the date gets smaller.
        return (String(name[..<dash]), 1e12 - date)
      }
    }
    return (String(name), 0)
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
