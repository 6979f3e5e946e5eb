// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .unsafeFlags(["-warnings-as-errors"], .when(configuration: .debug)),
]

/// The event loop, the HTTP server and the Redis client run every request through loop-confined
/// classes whose state no two accesses ever overlap on; release builds skip the run-time
/// exclusivity checks there (about 35 `swift_beginAccess` per request, 17 % of a `/healthz`; about
/// 1,500 instructions of a fresh spin's Redis round trips). Debug builds, and so the tests, keep them.
let loopSettings = swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

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
        // The wall clock and the monotonic clock, under everything that reads the time.
        .target(name: "Time", exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "IOLoop", dependencies: ["CLinux", "Time"], exclude: ["README.md"], swiftSettings: loopSettings),
        .target(name: "Redis", dependencies: ["CHiredis", "IOLoop"], exclude: ["README.md"], swiftSettings: loopSettings),
        // The one JSON value, reader, writer and problem+json body, under SlotMath, Spin, HTTP and Replay.
        .target(name: "JSON", exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "HTTP", dependencies: ["CLinux", "IOLoop", "JSON", "Metrics", "Time"], exclude: ["README.md"], swiftSettings: loopSettings),
        .target(name: "Digest", dependencies: ["CCrypto"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "Metrics", dependencies: ["Time"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // SlotMath is optimised in debug builds too: its tests simulate millions of spins.
        .target(
            name: "SlotMath", dependencies: ["JSON"], exclude: ["README.md"], resources: [.copy("Resources/Games")],
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(name: "Spin", dependencies: ["JSON", "SlotMath", "Digest", "Time"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "Auth", dependencies: ["Digest", "JSON", "Spin", "Time"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "RedisStore", dependencies: ["Redis", "Spin", "SlotMath"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(
            name: "OneSpin",
            dependencies: ["Auth", "HTTP", "IOLoop", "JSON", "Redis", "RedisStore", "Spin", "SlotMath", "Digest", "Metrics", "Replay", "Time"],
            exclude: ["README.md"],
            // The OpenAPI document, the demo page and the JS client (docs/ and clients/js/ link here).
            resources: [.copy("Resources/Web")],
            swiftSettings: swiftSettings
        ),
        .target(name: "Replay", dependencies: ["HTTP", "IOLoop", "JSON", "Metrics", "SlotMath"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .executableTarget(name: "onespin", dependencies: ["OneSpin"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // The measuring tools of Scripts/bench.sh, outside the server's libraries and binary.
        .executableTarget(
            name: "onespin-bench", dependencies: ["OneSpin", "HTTP", "IOLoop", "Redis", "RedisStore", "Spin"], exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: swiftSettings),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"], swiftSettings: swiftSettings),
        .testTarget(name: "DigestTests", dependencies: ["Digest"], swiftSettings: swiftSettings),
        .testTarget(name: "IOLoopTests", dependencies: ["IOLoop"], swiftSettings: swiftSettings),
        .testTarget(name: "BenchTests", dependencies: ["onespin-bench", "Redis"], swiftSettings: swiftSettings),
        .testTarget(name: "RedisTests", dependencies: ["Redis", "IOLoop"], swiftSettings: swiftSettings),
        .testTarget(name: "RedisStoreTests", dependencies: ["RedisStore", "Redis", "Spin"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "IOLoop"], swiftSettings: swiftSettings),
        .testTarget(name: "SlotMathTests", dependencies: ["SlotMath"], swiftSettings: swiftSettings),
        .testTarget(name: "SpinTests", dependencies: ["JSON", "Spin", "SlotMath", "Time"], swiftSettings: swiftSettings),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Digest", "Spin", "Time"], swiftSettings: swiftSettings),
        .testTarget(name: "OneSpinTests", dependencies: ["Auth", "Metrics", "OneSpin", "HTTP", "JSON", "Spin", "SlotMath", "Time"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Auth", "OneSpin", "HTTP", "IOLoop", "JSON", "Redis", "RedisStore", "Spin", "SlotMath", "Replay", "Digest", "Time"],
            exclude: ["Transcripts"],
            swiftSettings: swiftSettings
        ),
    ]
)
