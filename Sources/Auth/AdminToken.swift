import Digest

/// The operator's bearer token (`--admin-token`): `/admin/*`, `/status` and `/metrics` require it.
package struct AdminToken: Sendable {
    private let secret: [UInt8]

    /// - Parameter secret: the configured token's bytes.
    package init(_ secret: [UInt8]) {
        self.secret = secret
    }

    /// Whether `presented` is the admin token, compared in constant time (no early exit that
    /// would tell an attacker how many leading bytes were right).
    package func matches(_ presented: some Collection<UInt8>) -> Bool {
        ConstantTime.equal(presented, secret)
    }
}
