// swift-tools-version: 6.0
import PackageDescription

// mailcodes: an SMTP reply-code analyzer for Postfix and Exim logs and SMTP transcripts.
// No package dependencies: the Swift toolchain and the system's compression libraries only
// (zlib, libbz2, liblzma, libzstd).
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
    .target(name: "MailCodesKit", dependencies: ["CZlib", "CBzip2", "CLzma", "CZstd"]),
    .target(name: "MailCodesCLI", dependencies: ["MailCodesKit"]),
    .executableTarget(name: "mailcodes", dependencies: ["MailCodesCLI"]),
    .executableTarget(name: "mailcodes-bench", dependencies: ["MailCodesKit"]),
    .testTarget(
      name: "MailCodesKitTests",
      dependencies: ["MailCodesKit"],
      exclude: ["Fixtures", "Golden"]
    ),
    .testTarget(
      name: "MailCodesCLITests",
      dependencies: ["MailCodesCLI", "mailcodes"],
      exclude: ["Golden"]
    ),
  ]
)
