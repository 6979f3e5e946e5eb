import Testing

@testable import Redis

@Suite struct RedisTopologyTests {
    @Test func plainRedisIsOneNode() throws {
        let topology = try RedisTopology(url: "redis://:pw@cache.internal:6380/2")
        guard case .standalone(let node) = topology else { Issue.record("not standalone: \(topology)"); return }
        #expect(node.host == "cache.internal")
        #expect(node.port == 6380)
        #expect(node.database == 2)
        #expect(node.password == "pw")
        #expect(!node.requiresMaster)
        #expect(topology.description == "redis://:***@cache.internal:6380/2")
    }

    @Test func sentinelWithHostNamesAndDefaultPort() throws {
        let topology = try RedisTopology(
            url: "redis-sentinel://app:s%40cret@sentinel-a:26380,10.0.0.7,[::1]:26381/3?master=main", commandTimeout: .milliseconds(300))
        guard case .sentinel(let settings) = topology else { Issue.record("not sentinel: \(topology)"); return }
        #expect(settings.sentinels == [
            RedisEndpoint(host: "sentinel-a", port: 26380), RedisEndpoint(host: "10.0.0.7", port: 26379),
            RedisEndpoint(host: "::1", port: 26381),
        ])
        #expect(settings.masterName == "main")
        #expect(settings.node.username == "app")
        #expect(settings.node.password == "s@cret")
        #expect(settings.node.database == 3)
        #expect(settings.node.requiresMaster)
        #expect(settings.node.commandTimeout == .milliseconds(300))
        #expect(topology.description == "redis-sentinel://app:***@sentinel-a:26380,10.0.0.7:26379,[::1]:26381/3?master=main")
    }

    @Test func clusterSeeds() throws {
        let topology = try RedisTopology(url: "redis-cluster://:pw@node-1:7000,node-2:7001,node-1:7000")
        guard case .cluster(let settings) = topology else { Issue.record("not cluster: \(topology)"); return }
        #expect(settings.seeds == [RedisEndpoint(host: "node-1", port: 7000), RedisEndpoint(host: "node-2", port: 7001)])
        #expect(settings.node.password == "pw")
        #expect(settings.node.database == 0)
        #expect(topology.description == "redis-cluster://:***@node-1:7000,node-2:7001")
        let defaulted = try RedisTopology(url: "redis-cluster://node-1")
        guard case .cluster(let plain) = defaulted else { Issue.record("not cluster"); return }
        #expect(plain.seeds == [RedisEndpoint(host: "node-1", port: 6379)])
    }

    @Test(arguments: [
        ("redis-sentinel://s1:26379/0", RedisConfigurationError.invalidQuery("")),          // no master
        ("redis-sentinel://s1:26379?master=", .invalidQuery("")),
        ("redis-sentinel://s1:26379?master=a&role=replica", .invalidQuery("")),
        ("redis-sentinel://s1:26379,,s2?master=a", .missingHost("")),
        ("redis-sentinel://?master=a", .missingHost("")),
        ("redis-sentinel://s1:99999?master=a", .invalidPort("")),
        ("redis-sentinel://s1:26379/x?master=a", .invalidDatabase("")),
        ("redis-sentinel://[::1?master=a", .invalidHost("")),
        ("redis-cluster://n1:7000/1", .invalidDatabase("")),
        ("redis-cluster://n1:7000?master=a", .invalidQuery("")),
        ("redis-cluster://n1:port", .invalidPort("")),
        ("redis-cluster://", .missingHost("")),
        ("redis-cluster://n1#frag", .invalidQuery("")),
        ("redis-cluster://%zz@n1", .invalidEncoding("")),
        ("rediss://n1", .invalidScheme("")),
        ("redis+sentinel://n1?master=a", .invalidScheme("")),
        ("http://n1", .invalidScheme("")),
        ("redis://n1?master=a", .invalidScheme("")),
        ("redis-sentinel://s1?master=a&sentinelPassword=", .invalidQuery("")),
        ("redis-sentinel://s1?master=a&sentinelPassword=%zz", .invalidEncoding("")),
        ("redis-sentinel://s1?master=a&sentinelUsername=ops", .invalidQuery("")),       // a user needs a password
        ("redis-sentinel://s1?master=a&sentinelpassword=x", .invalidQuery("")),         // names are case-sensitive
        ("redis-cluster://n1?sentinelPassword=x", .invalidQuery("")),
    ])
    func badURLsNameTheirFault(url: String, expected: RedisConfigurationError) {
        #expect(throws: expected) { try RedisTopology(url: url) }
    }

    @Test func sentinelCredentialsAreTheirOwn() throws {
        let topology = try RedisTopology(
            url: "redis-sentinel://:datapw@s1,s2:26380/1?master=main&sentinelUsername=watch&sentinelPassword=s%26nt%40pw")
        guard case .sentinel(let settings) = topology else { Issue.record("not sentinel: \(topology)"); return }
        #expect(settings.node.password == "datapw")
        #expect(settings.sentinelUsername == "watch")
        #expect(settings.sentinelPassword == "s&nt@pw")
        let asked = settings.sentinelConfiguration(RedisEndpoint(host: "s2", port: 26380), timeout: .milliseconds(250))
        #expect(asked.host == "s2" && asked.port == 26380 && asked.database == 0 && !asked.requiresMaster)
        #expect(asked.username == "watch" && asked.password == "s&nt@pw")
        #expect(asked.commandTimeout == .milliseconds(250) && asked.connectTimeout == .milliseconds(250))
        #expect(RedisHandshake.commands(for: asked).map(\.arguments) == [["AUTH", "watch", "s&nt@pw"]])
        #expect(topology.description == "redis-sentinel://:***@s1:26379,s2:26380/1?master=main&sentinelUsername=watch&sentinelPassword=***")
    }

    @Test func sentinelsWithoutAPasswordAreAskedWithoutAuth() throws {
        let topology = try RedisTopology(url: "redis-sentinel://:datapw@s1?master=main")
        guard case .sentinel(let settings) = topology else { Issue.record("not sentinel: \(topology)"); return }
        let asked = settings.sentinelConfiguration(settings.sentinels[0], timeout: .seconds(1))
        #expect(asked.password == nil && asked.username == nil)
        #expect(RedisHandshake.commands(for: asked).isEmpty)
    }

    @Test func timeoutsMustBePositive() {
        #expect(throws: RedisConfigurationError.invalidTimeout("")) {
            try RedisTopology(url: "redis-cluster://n1", commandTimeout: .zero)
        }
    }

    @Test func passwordsNeverPrinted() throws {
        for url in [
            "redis-sentinel://:hunter2@s1?master=m", "redis-sentinel://s1?master=m&sentinelPassword=hunter2",
            "redis-cluster://u:hunter2@n1", "redis://:hunter2@n1",
        ] {
            let topology = try RedisTopology(url: url)
            #expect(!topology.description.contains("hunter2"))
        }
    }
}
