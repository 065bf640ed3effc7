// swift-tools-version: 6.0
import PackageDescription

// mailcodes: an SMTP reply-code analyzer for Postfix and Exim logs and SMTP transcripts.
// No package dependencies: the Swift toolchain and the system's compression libraries only
// (zlib, libbz2, liblzma, libzstd).
//
// The engine is a stack of layers, each a target that sees only the ones below it, so the
// build keeps the data flow one-way (Docs/Architecture.md draws the graph):
// Support -> SMTP -> Knowledge -> Explain | Input -> Formats -> Analysis -> Rendering -> Pipeline
// -> MailCodesKit (umbrella) -> MailCodesCLI -> mailcodes.

/// The hot path crosses layers per line (a parser calls the byte helpers of Support, the
/// pipeline calls the parsers): whole-module and cross-module optimization keep those calls
/// inlined as they were in one module.
let engineSettings: [SwiftSetting] = [
  .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

/// The one module compiled for AVX2 (x86-64 hosts): the literal search's vector loop, called
/// only where the processor has AVX2 (`LiteralSet`). Without cross-module optimization, so
/// that none of its code is inlined into the modules built for every x86-64 processor.
#if arch(x86_64)
  let avx2Settings: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mavx2"])]
#else
  let avx2Settings: [SwiftSetting] = []
#endif

func layer(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
  .target(name: name, dependencies: dependencies, swiftSettings: engineSettings)
}

let package = Package(
  name: "mailcodes",
  products: [
    .executable(name: "mailcodes", targets: ["mailcodes"]),
    .executable(name: "mailcodes-bench", targets: ["mailcodes-bench"]),
    .library(name: "MailCodesKit", targets: ["MailCodesKit"]),
  ],
  targets: [
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
    ),
    // libbz2 has no pkg-config file on Debian; its header is in the default include path.
    .systemLibrary(name: "CBzip2", providers: [.apt(["libbz2-dev"]), .brew(["bzip2"])]),
    .systemLibrary(name: "CLzma", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"]), .brew(["xz"])]),
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]),
    .target(name: "MailCodesAVX2", swiftSettings: avx2Settings),
    layer("MailCodesSupport", ["MailCodesAVX2"]),
    layer("MailCodesSMTP", ["MailCodesSupport"]),
    layer("MailCodesKnowledge", ["MailCodesSupport", "MailCodesSMTP"]),
    layer("MailCodesExplain", ["MailCodesSupport", "MailCodesSMTP", "MailCodesKnowledge"]),
    layer("MailCodesInput", ["MailCodesSupport", "MailCodesSMTP", "CZlib", "CBzip2", "CLzma", "CZstd"]),
    layer("MailCodesFormats", ["MailCodesSupport", "MailCodesSMTP", "MailCodesKnowledge", "MailCodesInput"]),
    layer(
      "MailCodesAnalysis",
      ["MailCodesSupport", "MailCodesSMTP", "MailCodesKnowledge", "MailCodesInput", "MailCodesFormats"]),
    layer(
      "MailCodesRendering",
      [
        "MailCodesSupport", "MailCodesSMTP", "MailCodesKnowledge", "MailCodesExplain", "MailCodesInput",
        "MailCodesFormats", "MailCodesAnalysis",
      ]),
    layer(
      "MailCodesPipeline",
      [
        "MailCodesSupport", "MailCodesSMTP", "MailCodesKnowledge", "MailCodesInput", "MailCodesFormats",
        "MailCodesAnalysis", "MailCodesRendering",
      ]),
    layer(
      "MailCodesKit",
      [
        "MailCodesSupport", "MailCodesSMTP", "MailCodesKnowledge", "MailCodesExplain", "MailCodesInput",
        "MailCodesFormats", "MailCodesAnalysis", "MailCodesRendering", "MailCodesPipeline",
      ]),
    .target(name: "MailCodesCLI", dependencies: ["MailCodesKit"], swiftSettings: engineSettings),
    .executableTarget(name: "mailcodes", dependencies: ["MailCodesCLI"]),
    .executableTarget(name: "mailcodes-bench", dependencies: ["MailCodesKit"], swiftSettings: engineSettings),
    // What the test targets and Fuzz/ share: the repository's paths, strict JSON, byte sources
    // over memory. Fuzz/run.sh compiles these files into its own binary.
    .target(name: "MailCodesTestSupport", dependencies: ["MailCodesKit"], path: "Tests/MailCodesTestSupport"),
    .testTarget(
      name: "MailCodesKitTests",
      dependencies: ["MailCodesKit", "MailCodesTestSupport"],
      exclude: ["Fixtures", "Golden"]
    ),
    .testTarget(
      name: "MailCodesCLITests",
      dependencies: ["MailCodesCLI", "mailcodes", "MailCodesTestSupport"]
    ),
  ]
)
