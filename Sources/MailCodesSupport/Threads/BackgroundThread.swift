#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// A POSIX thread that runs `run()` once: the one way the engine starts a thread (the sink's
/// thread, reading ahead, parallel input groups, a value computed meanwhile).
///
/// Contract: `start()` starts it at most once and says whether it could; the thread keeps the
/// object alive until `run()` returns; `join()` waits for it (and does nothing when it never
/// started or was already joined). A subclass whose thread could not start does the work on
/// the calling thread itself, or without it.
open class BackgroundThread: @unchecked Sendable {
  private var thread: pthread_t?

  public init() {}

  /// The thread's work.
  open func run() {}

  /// Starts the thread; false when none could be started.
  public func start() -> Bool {
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
    guard status == 0 else {
      context.release()
      return false
    }
    thread = started
    return true
  }

  /// Waits for the thread to end.
  public func join() {
    guard let thread else { return }
    pthread_join(thread, nil)
    self.thread = nil
  }
}
