internal import Digest
import Synchronization

/// Fingerprints of request bodies, each hashed once: a validated body names a known game, one of its
/// bets and a kind, so the same few bodies recur on every spin. Bounded (cleared when full).
enum SpinFingerprints {
    private static let limit = 4096
    private static let known = Mutex<[SpinRequestBody: String]>([:])

    /// SHA-256 hex of `body.canonicalForm`.
    static func fingerprint(of body: SpinRequestBody) -> String {
        if let cached = known.withLock({ $0[body] }) { return cached }
        let computed = SHA256.hexHash(body.canonicalForm.utf8)
        known.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[body] = computed
        }
        return computed
    }
}
