import IOLoop
import OneSpin
import Redis
import RedisStore
import Spin
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `onespin-bench bench-ceiling --redis URL [--concurrency C] [--seconds S] [--mode fresh|claim]`:
/// the Redis ceiling for spins. Sends what the store sends for a spin straight to Redis, `C` spins in
/// flight (one pipelined batch per round trip, split over two connections), and prints `<n> spins/s`.
/// `fresh` settles new spins (the key's `SET … NX GET`, the lock and wallet reads, the commit script); `claim`
/// asks for settled keys again (the `SET … NX GET` alone), the work a replayed request costs Redis.
enum StoreCeilingCommand {
    static let usage = "usage: onespin-bench bench-ceiling --redis URL [--concurrency C] [--seconds S] [--mode fresh|claim]"

    static func run(arguments: [String]) -> Int32 {
        do {
            let options = try CommandLineOptions(arguments)
            try options.rejectUnknown(["redis", "concurrency", "seconds", "mode"])
            guard let url = options.string("redis") else { throw UsageError("--redis is required") }
            let concurrency = try options.integer("concurrency", default: 64, in: 2...4096)
            let seconds = try options.integer("seconds", default: 5, in: 1...600)
            let fresh = (options.string("mode") ?? "fresh") == "fresh"
            let configuration = try RedisConfiguration(url: url)
            let total = Atomic<Int>(0)
            let failure = Mutex<String?>(nil)
            let workers = 2
            let deadline = ContinuousClock.now + .seconds(seconds)
            var threads: [IOThread] = []
            for worker in 0..<workers {
                let job = CeilingWorker(
                    configuration: configuration, worker: worker, batch: concurrency / workers, fresh: fresh, deadline: deadline)
                do {
                    threads.append(try IOThread.start(name: "onespin-ceiling") { job.run(total: total, failure: failure) })
                } catch {
                    throw UsageError("cannot start a thread: \(error)")
                }
            }
            let started = ContinuousClock.now
            for thread in threads { thread.join() }
            let elapsed = ContinuousClock.now - started
            if let message = failure.withLock({ $0 }) { throw UsageError(message) }
            let rate = Double(total.load(ordering: .relaxed)) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            print("\(Int(rate)) spins/s")
            return 0
        } catch {
            FileHandleOutput.standardError.write("onespin-bench bench-ceiling: \(error)\n\(usage)\n")
            return 2
        }
    }
}

/// One connection's share: `batch` players, each with one spin in flight per round trip.
private struct CeilingWorker: Sendable {
    let configuration: RedisConfiguration
    let worker: Int
    let batch: Int
    let fresh: Bool
    let deadline: ContinuousClock.Instant

    /// A settled spin's body, the size of a real one.
    static let body = [UInt8](repeating: UInt8(ascii: "x"), count: 330)
    static let limits = SpinStoreLimits()

    func run(total: borrowing Atomic<Int>, failure: borrowing Mutex<String?>) {
        do {
            let connection = RedisConnection(configuration: configuration)
            try connection.connect()
            _ = try connection.sendChecked(RedisSpinScripts.commit.loadCommand)
            var generator = SystemRandomNumberGenerator()
            let run = String(generator.next() as UInt32, radix: 36)
            let players = (0..<batch).compactMap { PlayerID("ceiling-\(run)-\(worker)-\($0)") }
            var versions = [Int64](repeating: 1, count: players.count)
            _ = try connection.pipeline(players.map { ["HSET", RedisSpinKeys($0).wallet, RedisArgument(RedisSpinFields.Wallet.balance), "1000000000",
                                                                    RedisArgument(RedisSpinFields.Wallet.version), "1"] })
            var sequence = 0
            if !fresh {
                // Settle one key per player; the loop then claims those keys again and again.
                _ = try settle(connection, players, &versions, spin: "replayed")
            }
            while ContinuousClock.now < deadline {
                if fresh {
                    sequence += 1
                    try settle(connection, players, &versions, spin: "s\(sequence)")
                } else {
                    let claims = players.map { takeKeyCommand(RedisSpinKeys($0), spin: "replayed", token: "t") }
                    let replies = try connection.pipeline(claims)
                    guard replies.allSatisfy({ $0.bytes?.first == UInt8(ascii: "d") }) else { throw RedisClientError.make(.protocol, "claim did not replay") }
                }
                total.add(players.count, ordering: .relaxed)
            }
            try cleanUp(connection, players)
        } catch {
            failure.withLock { $0 = "\(error)" }
        }
    }

    private func settle(_ connection: RedisConnection, _ players: [PlayerID], _ versions: inout [Int64], spin: String) throws(RedisClientError) {
        var commands: [[RedisArgument]] = []
        commands.reserveCapacity(players.count * 5)
        for (index, player) in players.enumerated() {
            let keys = RedisSpinKeys(player)
            let token = "\(spin)-\(index)"
            commands.append(takeKeyCommand(keys, spin: spin, token: token))
            commands += claimCommands(keys, token: token)
            commands.append(try commitCommand(keys, player: player, spin: spin, token: token, version: versions[index]))
            versions[index] += 1
        }
        let replies = try connection.pipeline(commands)
        for (index, reply) in replies.enumerated() where index % 5 == 4 {
            guard reply.int == 1 else { throw RedisClientError.make(.protocol, "commit was not applied: \(reply)") }
        }
    }

    /// The claim's first step: take the key, or read what it holds.
    private func takeKeyCommand(_ keys: RedisSpinKeys, spin: String, token: String) -> [RedisArgument] {
        ["SET", Self.record(keys, spin), Self.pending(token), "NX", "GET", "PX", RedisArgument(Int(Self.limits.pendingLease))]
    }

    /// The claim's second step, for a key the first step took: the lock, then the wallet and the round.
    private func claimCommands(_ keys: RedisSpinKeys, token: String) -> [[RedisArgument]] {
        [["SET", keys.lock, RedisArgument(token), "NX", "PX", RedisArgument(Int(Self.limits.lockLease))],
         ["HGETALL", keys.wallet], ["HGETALL", keys.round]]
    }

    private static func pending(_ token: String) -> RedisArgument {
        RedisArgument(RedisKeyRecord.pendingBytes(fingerprint: "fingerprint", token: token))
    }

    /// The commit of a settled normal spin with an event, as the store would send it (`RedisCommitArguments`).
    private func commitCommand(_ keys: RedisSpinKeys, player: PlayerID, spin: String, token: String, version: Int64) throws(RedisClientError) -> [RedisArgument] {
        guard let spinId = SpinID(spin) else { preconditionFailure("benchmark spin ids are valid keys") }
        let commit = SpinCommit(
            player: player, spinId: spinId, fingerprint: "fingerprint", lockToken: token, expectedVersion: version, balance: 999_900,
            tickets: [:], claimedTickets: [:], claimedRound: false, round: nil, response: StoredResponse(status: 200, body: Self.body),
            event: SpinEvent(spinId: spin, player: player.value, game: "fruit5", kind: "normal", bet: 100, debit: 100, win: 0, balance: 999_900))
        guard let call = RedisCommitArguments(commit, limits: Self.limits) else { throw RedisClientError.make(.protocol, "version overflow") }
        return ["FCALL", RedisArgument(RedisSpinScripts.commit.name), RedisArgument(call.keys.count)] + call.keys + call.arguments
    }

    private static func record(_ keys: RedisSpinKeys, _ spin: String) -> RedisArgument {
        guard let id = SpinID(spin) else { preconditionFailure("benchmark spin ids are valid keys") }
        return keys.record(id)
    }

    private func cleanUp(_ connection: RedisConnection, _ players: [PlayerID]) throws(RedisClientError) {
        var commands: [[RedisArgument]] = []
        for player in players {
            let keys = RedisSpinKeys(player)
            commands.append(["DEL", keys.wallet, keys.history, keys.round, keys.lock])
        }
        _ = try connection.pipeline(commands)
    }
}
