import MailCodesFormats
import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// A field that `--by` can tabulate (and that filters can test).
public enum GroupField: String, Sendable, CaseIterable {
  case code, enhanced, `class`, command, client, kind, direction, outcome, stage, host, service, date, hour, remote
  case senderDomain = "sender_domain"
  case recipientDomain = "recipient_domain"
  case format, file, inferred, hint, delivery
  // The message model's fields (GroupByTable+Messages).
  case sender, recipient, reason, relay, transport, size, delay, tls
  case saslUser = "sasl_user"
  case messageID = "message_id"
  case localUser = "local_user"

  /// Fields known only when the session has ended.
  public var isSessionLevel: Bool { self == .outcome || self == .stage }

  /// Fields about a recipient's delivery: with `--count messages`, a table with one of them
  /// counts deliveries (one per recipient and attempt), else messages received.
  public var isDeliverySide: Bool {
    switch self {
    case .recipient, .recipientDomain, .relay, .transport, .delay, .delivery, .remote: return true
    default: return false
    }
  }

  /// Fields known from message lines only: a table with one of them counts messages.
  public var isMessageLevel: Bool {
    switch self {
    case .transport, .size, .delay, .tls, .saslUser, .localUser: return true
    default: return false
    }
  }

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

extension GroupKey: FastHashable {
  /// The eight values folded by multiply-and-xor, then mixed once (the standard `Hasher`
  /// runs SipHash over 64 bytes per lookup).
  @inline(__always) public var fastHash: UInt64 {
    let a =
      v0 &* 0x9E37_79B9_7F4A_7C15 ^ v1 &* 0xC2B2_AE3D_27D4_EB4F ^ v2 &* 0x1656_67B1_9E37_79F9
      ^ v3 &* 0x27D4_EB2F_1656_67C5
    let b =
      v4 &* 0x85EB_CA77_C2B2_AE63 ^ v5 &* 0xFF51_AFD7_ED55_8CCD ^ v6 &* 0xC4CE_B9FE_1A85_EC53
      ^ v7 &* 0x9FB2_1C65_1E98_DF25
    return mix64(a ^ (b >> 1 | b << 63))
  }
}
