#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// libFuzzer's entry point (`-sanitize=fuzzer` links libFuzzer's `main`, which calls this once
/// per input).
///
/// One binary holds every target, so the engine is compiled once; `run.sh` names the target
/// in `MAILCODES_FUZZ_TARGET`. A target returns normally when the input was handled, and
/// aborts (through `FuzzCheck`) when a property fails: libFuzzer then saves the input as a
/// crash file.
@_cdecl("LLVMFuzzerTestOneInput")
public func mailcodesFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { ByteView(base: $0, count: size) } ?? ByteView.empty
  FuzzTarget.selected.run(bytes)
  return 0
}
