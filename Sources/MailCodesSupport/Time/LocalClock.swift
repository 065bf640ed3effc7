#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// This machine's time zone, for the few places that compare a log's wall clock with an
/// instant (a file's modification time, a zoned `--since`).
public enum LocalClock {
  /// The local wall-clock seconds of a UTC instant.
  public static func wallSeconds(utcSeconds: Int64) -> Int64 {
    var t = time_t(utcSeconds)
    var parts = tm()
    localtime_r(&t, &parts)
    return utcSeconds + Int64(parts.tm_gmtoff)
  }
}
