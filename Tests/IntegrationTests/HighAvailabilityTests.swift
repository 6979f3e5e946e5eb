import Foundation
import HTTP
import OneSpin
import Redis
import RedisStore
import Spin
import Synchronization
import Testing

extension EndToEnd {
    /// onespin on Redis Sentinel and Redis Cluster of the test's own (real processes started by the
    /// repository's scripts) while masters crash and slots move: spins resume without restarting
    /// onespin, and every spin settles exactly once.
    @Suite struct HighAvailabilityTests {
        /// A master is killed (`kill -9`) in the middle of a run of spins. The scripts are Redis
        /// Functions, which replicate: the replicas hold the commit library before the crash, so the
        /// promoted master runs it without a load. Prints the time from the kill to the first
        /// settled spin after it.
        @Test(arguments: [RedisTopologyEnvironment.Shape.sentinel, .cluster])
        func masterCrashMidRunThenSpinsResume(shape: RedisTopologyEnvironment.Shape) async throws {
            let topology = try ScriptedTopology(shape)
            try await TestServer.withServer(.redis, redisURL: topology.url) { server in
                let player = try await server.fundedPlayer("ha-\(shape)", balance: 1_000_000)
                var ledger = SpinLedger()
                for index in 0..<10 { try await ledger.settle(server, player, key: "before-\(index)") }
                let victim = try Self.masterPort(of: player, topology)
                // Replication is asynchronous: without this wait the kill may take the last
                // acknowledged writes with it (the failure --min-replicas exists for) and the ledger
                // check below would be a coin toss. The crash is what this test is about, not that loss.
                try Self.waitForReplicas(of: victim, topology)
                // The victim's own replicas (a cluster's other shards never ran the commit).
                for port in try Self.replicaPorts(topology, except: victim)
                where try topology.cli(port, ["ROLE"]).split(separator: "\n").dropFirst(2).first == Substring(String(victim)) {
                    let listed = try topology.cli(port, ["FUNCTION", "LIST", "LIBRARYNAME", RedisSpinScripts.commit.name])
                    #expect(listed.contains(RedisSpinScripts.commit.name), "replica :\(port) lacks the commit library")
                }
                try topology.crash(port: victim)
                let crashed = ContinuousClock.now
                try await ledger.settle(server, player, key: "after-0", patience: .seconds(30))
                let recovery = ContinuousClock.now - crashed
                print("\(shape): master :\(victim) killed; first spin settled \(recovery) later, without restarting onespin")
                #expect(recovery < .seconds(20))
                for index in 1..<10 { try await ledger.settle(server, player, key: "after-\(index)") }
                let promoted = try Self.masterPort(of: player, topology)
                #expect(promoted != victim)
                #expect(try topology.cli(promoted, ["FUNCTION", "LIST", "LIBRARYNAME", RedisSpinScripts.commit.name])
                    .contains(RedisSpinScripts.commit.name))
                try await ledger.verify(server, player, credit: 1_000_000)
                try topology.restartCrashed()
            }
        }

        /// The slot of a player's partition moves to another master (`CLUSTER SETSLOT … IMPORTING /
        /// MIGRATING`, `MIGRATE` in batches, `SETSLOT … NODE`) while spins run against it: they
        /// follow `ASK`, `TRYAGAIN` and `MOVED`, and every spin settles once.
        @Test func liveSlotMigrationDuringSpins() async throws {
            let topology = try ScriptedTopology(.cluster)
            try await TestServer.withServer(.redis, redisURL: topology.url) { server in
                let player = try await server.fundedPlayer("move", balance: 1_000_000)
                var ledger = SpinLedger()
                for index in 0..<20 { try await ledger.settle(server, player, key: "warm-\(index)") }
                let slot = RedisSpinKeys(player).wallet.hashSlot
                let source = try Self.masterPort(of: player, topology)
                let target = try #require(try topology.masterPorts().first { $0 != source })
                let finished = Mutex(false)
                let mover = Task {
                    try await TestServer.offPool {
                        defer { finished.withLock { $0 = true } }
                        try Self.migrate(slot: slot, from: source, to: target, topology)
                    }
                }
                var index = 0
                while index < 40 || !finished.withLock({ $0 }) {
                    try await ledger.settle(server, player, key: "during-\(index)")
                    index += 1
                }
                try await mover.value
                #expect(try Self.masterPort(of: player, topology) == target)
                for extra in 0..<10 { try await ledger.settle(server, player, key: "after-\(extra)") }
                try await ledger.verify(server, player, credit: 1_000_000)
                print("cluster: slot \(slot) moved :\(source) → :\(target) during \(index) spins; \(ledger.resends) resends")
            }
        }

        // MARK: helpers

        /// The port of the master serving the player's partition now.
        static func masterPort(of player: PlayerID, _ topology: ScriptedTopology) throws -> Int {
            let masters = try topology.masterPorts()
            guard topology.shape == .cluster else { return try #require(masters.first) }
            let slot = RedisSpinKeys(player).wallet.hashSlot
            for port in masters {
                let connection = RedisConnection(configuration: RedisConfiguration(host: "127.0.0.1", port: port))
                guard let reply = try? connection.send(["CLUSTER", "SLOTS"]), let map = RedisClusterSlotMap.fromSlots(reply),
                      let owner = map.master(forSlot: slot) else { continue }
                return owner.port
            }
            throw ScriptedTopology.Failure(description: "no master names the owner of slot \(slot)")
        }

        /// Waits (up to 10 s) until every replica of the master on `port` has acknowledged its whole
        /// replication stream (`offset=` of each `slaveN` line of `INFO replication` ≥ `master_repl_offset`).
        static func waitForReplicas(of port: Int, _ topology: ScriptedTopology) throws {
            let deadline = ContinuousClock.now + .seconds(10)
            while true {
                let info = try topology.cli(port, ["INFO", "replication"])
                let lines = info.split(whereSeparator: \.isNewline).map(String.init)
                let master = lines.first { $0.hasPrefix("master_repl_offset:") }
                    .flatMap { Int($0.dropFirst("master_repl_offset:".count)) } ?? 0
                let replicaOffsets = lines.filter { $0.hasPrefix("slave") && $0.contains("offset=") }.compactMap { line in
                    line.split(separator: ",").first { $0.hasPrefix("offset=") }.flatMap { Int($0.dropFirst("offset=".count)) }
                }
                if !replicaOffsets.isEmpty, replicaOffsets.allSatisfy({ $0 >= master }) { return }
                guard ContinuousClock.now < deadline else {
                    throw ScriptedTopology.Failure(description: "replicas of :\(port) did not catch up: \(replicaOffsets) < \(master)")
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        static func replicaPorts(_ topology: ScriptedTopology, except master: Int) throws -> [Int] {
            let file = topology.directory.appendingPathComponent(topology.shape == .cluster ? "ports" : "data-ports")
            let ports = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").compactMap { Int($0) }
            return ports.filter { $0 != master && (try? topology.cli($0, ["ROLE"]).hasPrefix("slave")) == true }
        }

        /// Moves `slot` from one master to another the way `redis-cli --cluster reshard` does.
        static func migrate(slot: Int, from source: Int, to target: Int, _ topology: ScriptedTopology) throws {
            let sourceID = try topology.cli(source, ["CLUSTER", "MYID"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let targetID = try topology.cli(target, ["CLUSTER", "MYID"]).trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try topology.cli(target, ["CLUSTER", "SETSLOT", String(slot), "IMPORTING", sourceID])
            _ = try topology.cli(source, ["CLUSTER", "SETSLOT", String(slot), "MIGRATING", targetID])
            Thread.sleep(forTimeInterval: 0.3)  // spins meet the migrating slot (ASK, TRYAGAIN)
            while true {
                let keys = try topology.cli(source, ["CLUSTER", "GETKEYSINSLOT", String(slot), "20"])
                    .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
                if keys.isEmpty { break }
                _ = try topology.cli(source, ["MIGRATE", "127.0.0.1", String(target), "", "0", "5000", "KEYS"] + keys)
                Thread.sleep(forTimeInterval: 0.02)
            }
            for port in try topology.masterPorts() {
                _ = try topology.cli(port, ["CLUSTER", "SETSLOT", String(slot), "NODE", targetID])
            }
        }
    }
}

/// What a client saw of its spins: each key's first answer, and the sums that must match the wallet.
struct SpinLedger {
    private(set) var answers: [String: String] = [:]
    private(set) var debits = 0
    private(set) var wins = 0
    private(set) var resends = 0

    /// Sends a spin and resends the same key (on 503, 409, a dropped connection) until it is
    /// answered 200; a replayed answer must equal the first.
    mutating func settle(_ server: TestServer, _ player: PlayerID, key: String, patience: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + patience
        while true {
            let response = try? await server.spin(player: player, key: key)
            if let response, response.status == 200 {
                if let first = answers[key] {
                    #expect(first == response.text, "\(key) answered twice differently")
                } else {
                    answers[key] = response.text
                    let body = try JSONObject(response)
                    debits += try body.int("debit")
                    wins += try body.int("win")
                }
                return
            }
            if let response, ![409, 503].contains(response.status) {
                throw UnexpectedResponse(response)
            }
            guard ContinuousClock.now < deadline else {
                throw ScriptedTopology.Failure(description: "\(key) not settled within \(patience): \(response.map { "\($0.status) \($0.text)" } ?? "no answer")")
            }
            resends += 1
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Every key settled once: history holds each once, each lookup is the first answer, and the
    /// balance is credit − debits + wins.
    func verify(_ server: TestServer, _ player: PlayerID, credit: Int) async throws {
        #expect(try await server.balance(player) == credit - debits + wins)
        let history = try await server.history(player, limit: 100)
        let ids = try history.map { try $0.string("spinId") }
        #expect(Set(ids).count == ids.count, "a spin appears twice in the history")
        #expect(ids.count == min(100, answers.count))
        for (key, answer) in answers {
            let lookup = try await server.lookup(player: player, key: key)
            #expect(lookup.status == 200 && lookup.text == answer, "\(key): lookup differs from the first answer")
        }
    }
}
