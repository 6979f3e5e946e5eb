import RedisStore
import Synchronization
import OneSpin
import Spin
import Time

/// A store under test and how to move its time forward.
struct StoreUnderTest: Sendable {
    let store: any SpinStore
    /// Lets `millis` pass for the store (instantly for the memory store's manual clock).
    let advance: @Sendable (Int64) async -> Void
}

/// Builds a fresh store for the contract suite. Every store kind adds one factory to `all`; the
/// suite then runs unchanged against it. Leases are short (key TTL 3 s, pending 2 s, lock 1.5 s: room for a loaded CI machine)
/// so a store on real time can let them pass by sleeping.
struct StoreFactory: Sendable, CustomStringConvertible {
    let description: String
    let make: @Sendable () async throws -> StoreUnderTest

    static let keyTTL: Int64 = 3000
    static let pendingLease: Int64 = 2000
    static let lockLease: Int64 = 1500

    static let memory = StoreFactory(description: "memory") {
        let clock = ContractClock()
        let limits = MemorySpinStore.Limits(keyTTL: keyTTL, pendingLease: pendingLease, lockLease: lockLease)
        return StoreUnderTest(store: MemorySpinStore(clock: clock, limits: limits)) { clock.advance($0) }
    }

    static let redis = StoreFactory(description: "redis") {
        let client = try await RedisTestEnvironment.sharedClient()
        let limits = SpinStoreLimits(keyTTL: keyTTL, pendingLease: pendingLease, lockLease: lockLease)
        return StoreUnderTest(store: RedisSpinStore(client: client, limits: limits)) { millis in
            try? await Task.sleep(for: .milliseconds(millis))
        }
    }

    static func topology(_ shape: RedisTopologyEnvironment.Shape) -> StoreFactory {
        StoreFactory(description: "redis \(shape)") {
            let client = try await RedisTopologyEnvironment.shared(shape)
            let limits = SpinStoreLimits(keyTTL: keyTTL, pendingLease: pendingLease, lockLease: lockLease)
            return StoreUnderTest(store: RedisSpinStore(client: client, limits: limits)) { millis in
                try? await Task.sleep(for: .milliseconds(millis))
            }
        }
    }

    /// Every store kind: memory, one Redis, Redis Cluster, Redis behind Sentinel.
    static let all: [StoreFactory] = [memory, redis, topology(.cluster), topology(.sentinel)]
}

/// A manual clock for the memory store.
final class ContractClock: WallClock {
    private let now = Mutex<Int64>(1_795_255_200_000)
    func nowMillis() -> Int64 { now.withLock { $0 } }
    func advance(_ millis: Int64) { now.withLock { $0 += millis } }
}

/// A player id no other test uses (stores may be shared, e.g. one Redis).
func uniquePlayer(_ prefix: String) -> PlayerID {
    var generator = SystemRandomNumberGenerator()
    return PlayerID("\(prefix)-\(String(generator.next() as UInt64, radix: 36))")!
}
