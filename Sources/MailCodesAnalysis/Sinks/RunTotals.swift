import MailCodesInput

/// What a run hit besides the lines: bounds and hand-overs, for the report's "limits" part.
public struct RunTotals: Sendable {
  public var evictedSessions = 0
  public var unterminatedSessions = 0
  public var postscreenHandoffs = 0
  public var sessionsOpened = 0
  public var errors: [InputError] = []
  public var warnings: [InputError] = []
  /// Inputs not read because they were last written before the time window.
  public var skippedInputs: [String] = []
  public init() {}

  /// Adds the totals of a later part of the run.
  public mutating func add(_ other: RunTotals) {
    evictedSessions += other.evictedSessions
    unterminatedSessions += other.unterminatedSessions
    postscreenHandoffs += other.postscreenHandoffs
    sessionsOpened += other.sessionsOpened
    errors.append(contentsOf: other.errors)
    warnings.append(contentsOf: other.warnings)
    skippedInputs.append(contentsOf: other.skippedInputs)
  }
}
