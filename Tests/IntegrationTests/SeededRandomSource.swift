import SlotMath
import Spin
import Synchronization

/// Deterministic reel stops: spin number `n` draws from `Xoshiro256StarStar(seed:, stream: n)`.
/// Sequential spins on one server are therefore reproducible run after run.
final class SeededRandomSource: SpinRandomSource {
    private let seed: UInt64
    private let spins = Atomic<UInt64>(0)

    init(seed: UInt64) {
        self.seed = seed
    }

    func makeGenerator() -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: seed, stream: spins.add(1, ordering: .relaxed).oldValue)
    }
}
