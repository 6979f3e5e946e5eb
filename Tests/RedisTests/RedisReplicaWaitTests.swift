import Testing

@testable import Redis

@Suite struct RedisReplicaWaitTests {
    @Test func commandSpellsReplicasAndMilliseconds() {
        #expect(RedisReplicaWait(replicas: 1, timeout: .milliseconds(100)).command == ["WAIT", 1, 100])
        #expect(RedisReplicaWait(replicas: 2, timeout: .seconds(2)).command == ["WAIT", 2, 2000])
        // WAIT 0 would block for ever: a timeout below a millisecond is sent as 1.
        #expect(RedisReplicaWait(replicas: 1, timeout: .microseconds(10)).command == ["WAIT", 1, 1])
    }

    @Test func enoughAcknowledgementsPassFewerFail() {
        let wait = RedisReplicaWait(replicas: 2, timeout: .milliseconds(50))
        #expect(wait.shortfall(.integer(2), endpoint: "e") == nil)
        #expect(wait.shortfall(.integer(3), endpoint: "e") == nil)
        let short = wait.shortfall(.integer(1), endpoint: "redis://h:1/0")
        #expect(short?.code == .replication)
        #expect(short?.description.contains("1 of 2 replicas") == true)
        #expect(wait.shortfall(.error("ERR WAIT cannot be used with replica instances"), endpoint: "e")?.code == .replication)
        #expect(wait.shortfall(.null, endpoint: "e")?.code == .replication)
    }
}
