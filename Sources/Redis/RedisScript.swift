/// A Lua script, named by the SHA-1 of its source as Redis names it, so `EVALSHA` needs no prior round trip.
package struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    package let source: String
    /// The lowercase hex SHA-1 of `source` (what `SCRIPT LOAD` answers).
    package let sha1: String

    /// - Parameter source: the Lua source.
    package init(_ source: String) {
        self.source = source
        self.sha1 = SHA1.hexDigest(source.utf8)
    }

    /// Whether `reply` is the server's "script not in cache" error.
    static func isNoScript(_ reply: RedisValue) -> Bool {
        reply.errorMessage?.hasPrefix("NOSCRIPT") ?? false
    }

    /// `SCRIPT LOAD source`.
    var loadCommand: [RedisArgument] { ["SCRIPT", "LOAD", RedisArgument(source)] }
}
