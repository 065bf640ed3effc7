import MailCodesSMTP
import MailCodesSupport

/// Something that yields the bytes of one input, chunk by chunk.
///
/// Called once per chunk (tens of KiB), never per line, so an existential here costs nothing
/// measurable. `read` returns 0 at the end of the input and throws `InputError` when the input
/// cannot be read further; bytes returned before the error are valid.
public protocol ByteSource: AnyObject {
  /// The input's display name for messages.
  var name: String { get }
  /// Fills a prefix of `buffer`; returns how many bytes were written, 0 at the end.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
  /// A warning that did not stop reading (gzip trailing garbage), if any.
  var warning: InputError? { get }
}

extension ByteSource {
  public var warning: InputError? { nil }
}
