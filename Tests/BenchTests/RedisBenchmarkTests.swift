import Glibc
import Redis
import Testing

@testable import onespin_bench

@Suite struct RedisBenchmarkTests {
    /// The test Redis from `REDIS_URL` (Scripts/test.sh starts a private one).
    private static func configuration() throws -> RedisConfiguration {
        let url = getenv("REDIS_URL").map { String(cString: $0) } ?? "redis://127.0.0.1:6379/0"
        return try RedisConfiguration(url: url)
    }

    @Test(arguments: RedisBenchmark.Test.allCases, [1, 16])
    func reportsAPositiveRate(test: RedisBenchmark.Test, pipeline: Int) throws {
        let configuration = try Self.configuration()
        defer { _ = try? RedisConnection(configuration: configuration).send(["DEL", "key:__rand_int__"]) }
        let rate = try RedisBenchmark.run(configuration: configuration, requests: 200, pipeline: pipeline, test: test)
        #expect(rate > 100)
    }
}
