import Spin
import Synchronization

/// Per-player token buckets for `POST /v1/spins`: `rate` spins per second with bursts of `burst`.
///
/// Checked before the claim, so a limited request leaves its key unused. The buckets live in 64
/// shards, each behind its own `Mutex`, so two loops contend only when their players hash alike.
/// Limits are per process: a fleet of N processes admits up to N × rate per player.
final class SpinRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Int64
    }

    private let rate: Double
    private let burst: Double
    private final class Shard: Sendable {
        let buckets = Mutex<[String: Bucket]>([:])
    }

    private let shards: [Shard]
    /// Buckets idle this long are forgotten when their shard is swept.
    private static let idleMillis: Int64 = 60_000

    /// - Parameters:
    ///   - rate: spins per second per player (> 0).
    ///   - burst: the bucket's size (≥ 1).
    init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = Double(max(1, burst))
        shards = (0..<64).map { _ in Shard() }
    }

    /// Takes a token for `player` at `nowMillis`.
    /// - Returns: `nil` when admitted, else the whole seconds after which a token will be there.
    func admit(_ player: PlayerID, nowMillis: Int64) -> Int? {
        var hasher = Hasher()
        hasher.combine(player.value)
        let shard = shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(shards.count))]
        return shard.buckets.withLock { buckets -> Int? in
            var bucket = buckets[player.value] ?? Bucket(tokens: burst, updated: nowMillis)
            let elapsed = Double(max(0, nowMillis - bucket.updated)) / 1000
            bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
            bucket.updated = nowMillis
            defer {
                buckets[player.value] = bucket
                if buckets.count > 10_000 { buckets = buckets.filter { nowMillis - $0.value.updated < Self.idleMillis } }
            }
            guard bucket.tokens >= 1 else {
                return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
            }
            bucket.tokens -= 1
            return nil
        }
    }
}
