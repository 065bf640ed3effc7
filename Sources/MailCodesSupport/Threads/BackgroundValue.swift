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
    start()
  }

  override func run() {
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

/// The thread of a `BackgroundValue` (not generic: a C thread function cannot name a generic
/// type).
public class BackgroundThread: @unchecked Sendable {
  private var thread: pthread_t?

  func run() {}

  func start() {
    let context = Unmanaged.passRetained(self)
    #if canImport(Darwin)
      var started: pthread_t? = nil
    #else
      var started = pthread_t()
    #endif
    let status = pthread_create(
      &started, nil,
      { argument in
        Unmanaged<BackgroundThread>.fromOpaque(argument!).takeRetainedValue().run()
        return nil
      }, context.toOpaque())
    if status == 0 {
      thread = started
    } else {
      context.release()
    }
  }

  func join() {
    guard let thread else { return }
    pthread_join(thread, nil)
    self.thread = nil
  }
}
