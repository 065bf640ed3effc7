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

/// Short views of transcript events and sessions for the transcript tests.
enum TranscriptView {
  static func fixture(_ name: String) -> String { Fixtures.path("transcript/" + name) }

  /// `COMMAND CODE` for every reply event, in order: `["CONNECT 220", "EHLO 250", ...]`.
  static func replies(_ events: [[String: Any]]) -> [String] {
    events.filter { $0["code"] is Int }.map { "\($0["command"] as? String ?? "-") \($0["code"] as! Int)" }
  }

  /// `outcome@STAGE` per session, in the order they ended.
  static func outcomes(_ sessions: [SessionRecord]) -> [String] {
    sessions.map { "\($0.outcome)@\($0.stage)" + ($0.closedWithoutQuit ? " no-quit" : "") }
  }

  /// Events of a fixture file.
  static func events(_ name: String) -> [[String: Any]] { Engine.events([fixture(name)]) }

  static func sessions(_ name: String) -> [SessionRecord] { Engine.sessions([fixture(name)]) }
}
