import Synchronization
import Spin
import Time

/// A seeded SplitMix64 generator: reproducible draws for tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Hands each spin the next seeded stream.
final class SeededRandomSource: SpinRandomSource {
    private let counter: Mutex<UInt64>

    init(seed: UInt64 = 42) { counter = Mutex(seed) }

    func makeGenerator() -> SeededGenerator {
        SeededGenerator(state: counter.withLock { value in
            value &+= 1
            return value &* 0x2545_f491_4f6c_dd1d
        })
    }
}

/// A clock tests move by hand.
final class ManualClock: WallClock {
    private let now: Mutex<Int64>

    /// Starts at 2026-11-21T10:00:00.123Z.
    init(millis: Int64 = 1_795_255_200_123) { now = Mutex(millis) }

    func nowMillis() -> Int64 { now.withLock { $0 } }
    func advance(millis: Int64) { now.withLock { $0 += millis } }
}

/// A store that can be told to fail, wrapping a memory store.
final class FlakyStore: SpinStore {
    let inner: MemorySpinStore
    let failClaims = Atomic<Bool>(false)
    let failCommits = Atomic<Bool>(false)
    let fenceCommits = Atomic<Bool>(false)

    init(inner: MemorySpinStore) { self.inner = inner }

    func claim(_ request: ClaimRequest) async throws(SpinStoreError) -> ClaimOutcome {
        if failClaims.load(ordering: .relaxed) { throw .unavailable("test: down") }
        return try await inner.claim(request)
    }
    func commit(_ commit: SpinCommit) async throws(SpinStoreError) -> CommitOutcome {
        if failCommits.load(ordering: .relaxed) { throw .unavailable("test: down") }
        if fenceCommits.load(ordering: .relaxed) { return .fenced }
        return try await inner.commit(commit)
    }
    func abandon(player: PlayerID, spinId: SpinID, lockToken: String) async throws(SpinStoreError) {
        try await inner.abandon(player: player, spinId: spinId, lockToken: lockToken)
    }
    func lookup(player: PlayerID, spinId: SpinID) async throws(SpinStoreError) -> LookupOutcome {
        try await inner.lookup(player: player, spinId: spinId)
    }
    func history(player: PlayerID, limit: Int) async throws(SpinStoreError) -> [[UInt8]] {
        try await inner.history(player: player, limit: limit)
    }
    func wallet(player: PlayerID) async throws(SpinStoreError) -> WalletState? { try await inner.wallet(player: player) }
    func credit(player: PlayerID, amount: Int, key: SpinID, fingerprint: String, reason: String) async throws(SpinStoreError) -> CreditOutcome {
        try await inner.credit(player: player, amount: amount, key: key, fingerprint: fingerprint, reason: reason)
    }
    func addTickets(player: PlayerID, game: String, count: Int) async throws(SpinStoreError) -> TicketsOutcome {
        try await inner.addTickets(player: player, game: game, count: count)
    }
    func setBoost(player: PlayerID, until: Int64?) async throws(SpinStoreError) -> WalletState? {
        try await inner.setBoost(player: player, until: until)
    }
    func ping() async throws(SpinStoreError) {}
    func recentEvents(limit: Int) async throws(SpinStoreError) -> [SpinEvent] { try await inner.recentEvents(limit: limit) }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
