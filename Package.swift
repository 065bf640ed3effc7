// swift-tools-version: 6.0
import PackageDescription

// mailcodes: an SMTP reply-code analyzer for Postfix and Exim logs and SMTP transcripts.
// No package dependencies: the Swift toolchain and the system's zlib only.
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
    .target(name: "MailCodesKit", dependencies: ["CZlib"]),
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
