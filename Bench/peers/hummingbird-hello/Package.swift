// swift-tools-version:6.0
// The HTTP peer of Scripts/bench/http-peers.sh: a Hummingbird 2 "hello world" (SwiftNIO underneath).
// A package of its own, not part of onespin: the script builds it into a scratch folder.
import PackageDescription

let package = Package(
    name: "HummingbirdHello",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdHello",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
