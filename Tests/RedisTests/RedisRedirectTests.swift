import Testing

@testable import Redis

@Suite struct RedisRedirectTests {
    @Test func movedAndAsk() {
        #expect(RedisRedirect(errorMessage: "MOVED 3999 127.0.0.1:6381")
            == RedisRedirect(kind: .moved, slot: 3999, endpoint: RedisEndpoint(host: "127.0.0.1", port: 6381)))
        #expect(RedisRedirect(errorMessage: "ASK 16383 redis-2.internal:7000")
            == RedisRedirect(kind: .ask, slot: 16383, endpoint: RedisEndpoint(host: "redis-2.internal", port: 7000)))
    }

    @Test func ipv6Endpoints() {
        #expect(RedisRedirect(errorMessage: "MOVED 1 ::1:7001")?.endpoint == RedisEndpoint(host: "::1", port: 7001))
        #expect(RedisRedirect(errorMessage: "ASK 1 [fe80::1]:7001")?.endpoint == RedisEndpoint(host: "fe80::1", port: 7001))
    }

    @Test(arguments: [
        "MOVED", "MOVED 3999", "MOVED x 127.0.0.1:6381", "MOVED 16384 127.0.0.1:6381", "MOVED -1 127.0.0.1:6381",
        "MOVED 1 127.0.0.1", "MOVED 1 127.0.0.1:0", "MOVED 1 127.0.0.1:65536", "MOVED 1 :6380",
        "ASKING 1 127.0.0.1:6381", "TRYAGAIN Multiple keys request during rehashing of slot",
        "MOVED 1 127.0.0.1:6381 extra", "ERR unknown command",
    ])
    func notARedirect(message: String) {
        #expect(RedisRedirect(errorMessage: message) == nil)
    }

    @Test func retryableReplies() {
        for message in ["TRYAGAIN Multiple keys", "CLUSTERDOWN The cluster is down", "LOADING Redis is loading",
                        "READONLY You can't write against a read only replica.", "MASTERDOWN Link with MASTER is down"] {
            #expect(RedisClusterReply.isRetryable(message))
        }
        for message in ["ERR wrong number of arguments", "NOSCRIPT No matching script", "MOVED 1 127.0.0.1:1", "BUSY script"] {
            #expect(!RedisClusterReply.isRetryable(message))
        }
    }
}
