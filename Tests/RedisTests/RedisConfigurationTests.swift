import Testing

@testable import Redis

@Suite struct RedisConfigurationTests {
    @Test func fullURL() throws {
        let configuration = try RedisConfiguration(url: "redis://app:s3cret@10.0.0.5:6380/3")
        #expect(configuration.host == "10.0.0.5")
        #expect(configuration.port == 6380)
        #expect(configuration.database == 3)
        #expect(configuration.username == "app")
        #expect(configuration.password == "s3cret")
        #expect(configuration.connectTimeout == .seconds(1))
        #expect(configuration.commandTimeout == .seconds(1))
    }

    @Test func hostOnlyTakesDefaults() throws {
        let configuration = try RedisConfiguration(url: "redis://cache.internal")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
        #expect(configuration.username == nil)
        #expect(configuration.password == nil)
    }

    @Test func passwordWithoutUserAndPercentEscapes() throws {
        let configuration = try RedisConfiguration(url: "redis://:p%40ss%3Aword@localhost:7000")
        #expect(configuration.username == nil)
        #expect(configuration.password == "p@ss:word")
        #expect(configuration.port == 7000)
        let legacy = try RedisConfiguration(url: "redis://justpassword@localhost/")
        #expect(legacy.password == "justpassword")
        #expect(legacy.database == 0)
    }

    @Test func ipv6Host() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:6390/2")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 6390)
        #expect(configuration.description == "redis://[::1]:6390/2")
    }

    @Test func timeoutsAreKept() throws {
        let configuration = try RedisConfiguration(
            url: "redis://h", connectTimeout: .milliseconds(250), commandTimeout: .milliseconds(200)
        )
        #expect(configuration.connectTimeout == .milliseconds(250))
        #expect(configuration.commandTimeout == .milliseconds(200))
        #expect(throws: RedisConfigurationError.invalidTimeout("")) {
            try RedisConfiguration(url: "redis://h", commandTimeout: .zero)
        }
    }

    @Test(arguments: [
        ("http://localhost:6379", RedisConfigurationError.invalidScheme("")),
        ("rediss://localhost", .invalidScheme("")),
        ("localhost:6379", .invalidScheme("")),
        ("redis://", .missingHost("")),
        ("redis://:pw@:6379/0", .missingHost("")),
        ("redis://localhost:0", .invalidPort("")),
        ("redis://localhost:65536", .invalidPort("")),
        ("redis://localhost:abc", .invalidPort("")),
        ("redis://localhost:", .invalidPort("")),
        ("redis://localhost/x", .invalidDatabase("")),
        ("redis://localhost/-1", .invalidDatabase("")),
        ("redis://[::1:6379", .invalidHost("")),
        ("redis://::1:6379", .invalidHost("")),
        ("redis://u:%zz@localhost", .invalidEncoding("")),
        ("redis://localhost?db=1", .invalidScheme("")),
    ])
    func badURLs(url: String, expected: RedisConfigurationError) {
        #expect(throws: expected) { try RedisConfiguration(url: url) }
    }

    @Test func errorNamesTheProblem() {
        do {
            _ = try RedisConfiguration(url: "redis://localhost:99999")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("port '99999'"))
        }
    }

    @Test func descriptionMasksPassword() throws {
        let configuration = try RedisConfiguration(url: "redis://app:topsecret@host:1/4")
        #expect(configuration.description == "redis://app:***@host:1/4")
        #expect(!"\(configuration)".contains("topsecret"))
        #expect(!String(reflecting: configuration).contains("topsecret"))
    }
}
