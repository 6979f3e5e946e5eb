import Glibc

@testable import Redis

extension RedisConfiguration {
    /// The test server from `REDIS_URL` (Scripts/test.sh starts a private one), with optional overrides.
    static func make(
        username: String? = nil,
        password: String? = nil,
        commandTimeout: Duration = .seconds(1)
    ) -> RedisConfiguration {
        let url = getenv("REDIS_URL").map { String(cString: $0) } ?? "redis://127.0.0.1:6379/0"
        var configuration = (try? RedisConfiguration(url: url)) ?? RedisConfiguration(host: "127.0.0.1")
        if let username { configuration.username = username }
        if let password { configuration.password = password }
        configuration.commandTimeout = commandTimeout
        return configuration
    }

    /// A key prefix no other test run uses.
    static func uniquePrefix(_ name: String) -> String {
        "test:\(name):\(getpid()):\(UInt32.random(in: 0...UInt32.max)):"
    }
}
