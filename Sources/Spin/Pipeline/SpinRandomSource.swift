#if canImport(Glibc)
import Glibc
#endif

/// Makes the generator one spin draws its reel stops from.
package protocol SpinRandomSource: Sendable {
    associatedtype Generator: RandomNumberGenerator
    /// A generator for one spin.
    func makeGenerator() -> Generator
}

/// Production randomness: the system's CSPRNG (getrandom), 256 bytes at a time.
///
/// `SystemRandomNumberGenerator` makes one getrandom system call per `next()` (three per classic3
/// spin); a spin's generator here fetches 32 words in one call when it first draws (and again
/// only if a spin ever draws more), which is still the kernel's CSPRNG, byte for byte.
package struct SystemRandomSource: SpinRandomSource {
    package init() {}
    package func makeGenerator() -> BufferedRandomGenerator<SystemRandomBytes> { BufferedRandomGenerator(SystemRandomBytes()) }
}

/// Fills a buffer of at most `BufferedRandomGenerator.capacity` words with random bytes.
package protocol RandomBytesSource {
    /// Fills all of `buffer` (at most 256 bytes).
    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer)
}

/// The kernel's CSPRNG: glibc's `getentropy`, one getrandom system call for up to 256 bytes
/// (blocking, as `SystemRandomNumberGenerator` does, only until the pool is first initialised).
package struct SystemRandomBytes: RandomBytesSource {
    package init() {}

    package func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        // Like SystemRandomNumberGenerator, a spin never goes on without the OS's randomness.
        guard getentropy(buffer.baseAddress, buffer.count) == 0 else { fatalError("getentropy failed: errno \(errno)") }
    }
}

/// A generator that hands out `capacity` words from one fill of `Bytes`, then fills again.
/// Draws stay unbiased: callers go through `Int.random(in:using:)`-style rejection on `next()`.
package struct BufferedRandomGenerator<Bytes: RandomBytesSource>: RandomNumberGenerator {
    /// Words fetched per fill: 32 × 8 = 256 bytes, getentropy's limit for one call.
    package static var capacity: Int { 32 }

    private var bytes: Bytes
    private var words = InlineArray<32, UInt64>(repeating: 0)
    /// The next unused word; `capacity` when the buffer is used up (or not filled yet).
    private var index = 32

    package init(_ bytes: Bytes) {
        self.bytes = bytes
    }

    package mutating func next() -> UInt64 {
        if index == Self.capacity {
            var source = bytes
            withUnsafeMutableBytes(of: &words) { source.fill($0) }
            bytes = source
            index = 0
        }
        defer { index &+= 1 }
        return words[index]
    }
}
