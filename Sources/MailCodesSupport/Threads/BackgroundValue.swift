#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// A value computed on a thread of its own while the caller does something else; `value()`
/// waits for it. When no thread can be started, the value is computed in `value()` itself.
///
/// The work must not touch what the calling thread changes meanwhile (it gets what it needs
/// by value, or reads objects nobody writes until `value()` returns).
public final class BackgroundValue<Value>: BackgroundThread, @unchecked Sendable {
  private let work: () -> Value
  private var result: Value?
  private var done = false

  public init(_ work: @escaping () -> Value) {
    self.work = work
    super.init()
    _ = start()
  }

  override public func run() {
    result = work()
    done = true
  }

  /// Waits for the thread (once) and returns its value.
  public func value() -> Value {
    join()
    if !done { run() }
    return result!
  }
}
