// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .unsafeFlags(["-warnings-as-errors"], .when(configuration: .debug)),
]

let package = Package(
    name: "onespin",
    products: [
        .executable(name: "onespin", targets: ["onespin"]),
        .executable(name: "onespin-bench", targets: ["onespin-bench"]),
    ],
    targets: [
        // C libraries from Debian, wrapped once each.
        .systemLibrary(name: "CHiredis"),
        .target(name: "CLinux", exclude: ["README.md"]),
        .systemLibrary(name: "CCrypto"),

        // The I/O loop (epoll, timers, system calls, threads) under both HTTP and Redis.
        .target(name: "IOLoop", dependencies: ["CLinux"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "Redis", dependencies: ["CHiredis", "IOLoop"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "HTTP", dependencies: ["CLinux", "IOLoop", "Metrics"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "Digest", dependencies: ["CCrypto"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "Metrics", exclude: ["README.md"], swiftSettings: swiftSettings),
        // SlotMath is optimised in debug builds too: its tests simulate millions of spins.
        .target(
            name: "SlotMath", exclude: ["README.md"], resources: [.copy("Resources/Games")],
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(name: "Spin", dependencies: ["SlotMath", "Digest"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "Auth", dependencies: ["Digest", "Spin"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "RedisStore", dependencies: ["Redis", "Spin", "SlotMath"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(
            name: "OneSpin",
            dependencies: ["Auth", "HTTP", "IOLoop", "Redis", "RedisStore", "Spin", "SlotMath", "Digest", "Metrics", "Replay"],
            exclude: ["README.md"],
            // The OpenAPI document, the demo page and the JS client (docs/ and clients/js/ link here).
            resources: [.copy("Resources/Web")],
            swiftSettings: swiftSettings
        ),
        .target(name: "Replay", dependencies: ["HTTP", "IOLoop", "Metrics"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .executableTarget(name: "onespin", dependencies: ["OneSpin"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // The measuring tools of Scripts/bench.sh, outside the server's libraries and binary.
        .executableTarget(
            name: "onespin-bench", dependencies: ["OneSpin", "HTTP", "IOLoop", "Redis", "RedisStore", "Spin"], exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "MetricsTests", dependencies: ["Metrics"], swiftSettings: swiftSettings),
        .testTarget(name: "DigestTests", dependencies: ["Digest"], swiftSettings: swiftSettings),
        .testTarget(name: "IOLoopTests", dependencies: ["IOLoop"], swiftSettings: swiftSettings),
        .testTarget(name: "BenchTests", dependencies: ["onespin-bench", "Redis"], swiftSettings: swiftSettings),
        .testTarget(name: "RedisTests", dependencies: ["Redis", "IOLoop"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "IOLoop"], swiftSettings: swiftSettings),
        .testTarget(name: "SlotMathTests", dependencies: ["SlotMath"], swiftSettings: swiftSettings),
        .testTarget(name: "SpinTests", dependencies: ["Spin", "SlotMath"], swiftSettings: swiftSettings),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Digest", "Spin"], swiftSettings: swiftSettings),
        .testTarget(name: "OneSpinTests", dependencies: ["Auth", "Metrics", "OneSpin", "HTTP", "Spin", "SlotMath"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Auth", "OneSpin", "HTTP", "IOLoop", "Redis", "RedisStore", "Spin", "SlotMath", "Replay", "Digest"],
            exclude: ["Transcripts"],
            swiftSettings: swiftSettings
        ),
    ]
)
