import Foundation

@testable import MailCodesAnalysis
@testable import MailCodesExplain
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesKnowledge
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// Shortcuts for the Exim fixture tests.
enum EximFixture {
  static func path(_ name: String) -> String { Fixtures.path("exim/" + name) }

  /// The events of a fixture (decoded `mailcodes events` objects).
  static func events(_ names: String...) -> [[String: Any]] { Engine.events(names.map(path)) }

  /// Ended sessions of a fixture by client address: "outcome/STAGE", in order.
  static func outcomes(_ name: String) -> [String: [String]] {
    var out: [String: [String]] = [:]
    for s in Engine.sessions([path(name)]) {
      out[s.client?.description ?? "", default: []].append("\(s.outcome)/\(s.stage)")
    }
    return out
  }
}

extension Array where Element == [String: Any] {
  /// Events whose `key` is `value`.
  func with(_ key: String, _ value: String) -> [[String: Any]] { filter { $0[key] as? String == value } }

  /// `code/COMMAND/kind[*]` of each reply event (`*` marks an inferred code), in order.
  var replies: [String] {
    compactMap { e in
      guard let kind = e["kind"] as? String, kind != "connect" else { return nil }
      let code = (e["code"] as? Int).map(String.init) ?? "-"
      let command = e["command"] as? String ?? "-"
      return "\(code)/\(command)/\(kind)\(e["inferred"] as? Bool == true ? "*" : "")"
    }
  }
}
