#if canImport(Glibc)
import Glibc
#endif

/// A bearer token's exact bytes as a dictionary key, hashed in one call over its tail
/// (`[UInt8]`'s own hashing feeds the hasher byte by byte, which dominated a cache hit).
struct TokenCacheKey: Hashable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Hashes the last 32 bytes only: a JWT ends in its signature, and only tokens whose HMAC
    /// signature checked are ever stored, so their tails differ as much as the whole tokens (and
    /// nobody can choose colliding ones); a fifth of the hashing of a ~200-byte token. Equality
    /// still compares every byte.
    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0.suffix(32))) }
    }

    /// One `memcmp` (`[UInt8]`'s own `==` compares element by element).
    static func == (a: TokenCacheKey, b: TokenCacheKey) -> Bool {
        a.bytes.count == b.bytes.count
            && a.bytes.withUnsafeBytes { x in b.bytes.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }
}
