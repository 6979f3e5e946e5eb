/// Which store a `TestServer` runs on.
enum StoreKind: String, Sendable, CustomStringConvertible, CaseIterable {
    /// The embedded in-memory store (`onespin serve` without `--redis`).
    case memory
    /// The private Redis of `Scripts/test.sh` (`REDIS_URL`).
    case redis

    var description: String { rawValue }
}
