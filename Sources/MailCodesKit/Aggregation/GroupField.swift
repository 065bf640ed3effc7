/// A field that `--by` can tabulate (and that filters can test).
public enum GroupField: String, Sendable, CaseIterable {
  case code, enhanced, `class`, command, client, kind, direction, outcome, stage, host, service, date, hour, remote
  case senderDomain = "sender_domain"
  case recipientDomain = "recipient_domain"
  case format, file, inferred, hint, delivery

  /// Fields known only when the session has ended.
  public var isSessionLevel: Bool { self == .outcome || self == .stage }

  /// Parses `code,client` (also accepts `-` for `_`).
  public static func parseList(_ text: String) -> Result<[GroupField], GroupFieldError> {
    var fields: [GroupField] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let name = String(part).trimmingSpaces().lowercased().replacingDashes()
      guard let field = GroupField(rawValue: name) else {
        return .failure(GroupFieldError(name: String(part)))
      }
      if !fields.contains(field) { fields.append(field) }
    }
    guard !fields.isEmpty, fields.count <= GroupKey.capacity else {
      return .failure(GroupFieldError(name: text))
    }
    return .success(fields)
  }
}

public struct GroupFieldError: Error, Sendable {
  public var name: String
}

extension String {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }

  func replacingDashes() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}

/// Up to eight field values, each encoded as an integer (0: absent).
public struct GroupKey: Hashable, Sendable {
  public static let capacity = 8
  var v0: UInt64 = 0, v1: UInt64 = 0, v2: UInt64 = 0, v3: UInt64 = 0
  var v4: UInt64 = 0, v5: UInt64 = 0, v6: UInt64 = 0, v7: UInt64 = 0

  subscript(_ i: Int) -> UInt64 {
    get {
      switch i {
      case 0: return v0
      case 1: return v1
      case 2: return v2
      case 3: return v3
      case 4: return v4
      case 5: return v5
      case 6: return v6
      default: return v7
      }
    }
    set {
      switch i {
      case 0: v0 = newValue
      case 1: v1 = newValue
      case 2: v2 = newValue
      case 3: v3 = newValue
      case 4: v4 = newValue
      case 5: v5 = newValue
      case 6: v6 = newValue
      default: v7 = newValue
      }
    }
  }
}
