/// xoshiro256** (Blackman, Vigna 2018): the seeded generator of simulation and replay.
///
/// Streams are split by seeding: stream `k` of seed `s` seeds SplitMix64 with `s` mixed with a
/// mix of `k`, so every stream is fixed by `(seed, stream)` alone, whatever thread draws it.
package struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator seeded through SplitMix64.
    /// - Parameters:
    ///   - seed: the run's seed.
    ///   - stream: an independent stream number (e.g. a simulation chunk index).
    package init(seed: UInt64, stream: UInt64 = 0) {
        var seeder = SplitMix64(seed: seed ^ SplitMix64.mix(stream &* 0xD1B5_4A32_D192_ED03 &+ 0x632B_E59B_D9B4_E019))
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is a fixed point
    }

    @inline(__always)
    package mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    @inline(__always)
    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }
}
