import MailCodesSMTP
import MailCodesSupport

/// The interned names of one analysis: syslog hosts and tags (services).
///
/// Shared by the parsers that fill it and the sinks that turn ids back into text. A reference
/// type on purpose: one table per pipeline run, read by everyone.
public final class NameTable: @unchecked Sendable {
  public var hosts = ByteInterner(capacity: 100_000)
  public var programs = ByteInterner(capacity: 100_000)

  public init() {}

  public func host(_ id: UInt32) -> String { hosts.name(id) }
  public func program(_ id: UInt32) -> String { programs.name(id) }
}
