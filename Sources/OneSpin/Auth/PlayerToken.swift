import Digest
import JSON
package import Spin

/// Player bearer tokens: HS256 JWTs signed with the server's player secret.
///
/// Only `{"alg":"HS256"}` is accepted (any other `alg`, `none` included, is refused before the
/// signature is even looked at), and no `crit` header parameter (whatever its value); `sub` and
/// `exp` are required, `nbf` and `iat` are honoured.
package struct PlayerToken: Sendable {
    /// Why a token was refused. The reason is for logs and tests; clients only ever see `401`.
    package struct Rejection: Error, Sendable, Hashable, CustomStringConvertible {
        package let reason: String
        package var description: String { "token rejected: \(reason)" }
    }

    /// Longest token considered; anything longer is refused without decoding.
    static let maxLength = 4096
    /// Tolerated clock skew for `exp`, `nbf` and `iat`, seconds.
    static let leewaySeconds: Int64 = 0

    private let secret: [UInt8]

    package init(secret: [UInt8]) {
        self.secret = secret
    }

    /// A token whose signature and claims were checked: its player and time window.
    package struct Verified: Sendable, Hashable {
        package let player: PlayerID
        package let expires: Int64
        package let notBefore: Int64?
        package let issuedAt: Int64?

        /// Whether the token's time claims hold at `now` (seconds since the epoch).
        package func isValid(at now: Int64) -> Bool {
            // Arithmetic on `now` (the clock's), never on the token's numbers, which may be any Int64.
            now - PlayerToken.leewaySeconds < expires
                && (notBefore.map { now + PlayerToken.leewaySeconds >= $0 } ?? true)
                && (issuedAt.map { $0 <= now + PlayerToken.leewaySeconds } ?? true)
        }
    }

    /// Checks a compact JWT and returns its player.
    /// - Parameters:
    ///   - token: the bytes after `Bearer `.
    ///   - now: seconds since the epoch.
    /// - Throws: `Rejection` naming what was wrong.
    package func verify(_ token: some Collection<UInt8>, now: Int64) throws(Rejection) -> PlayerID {
        let verified = try check(token)
        guard now - Self.leewaySeconds < verified.expires else { throw Rejection(reason: "expired") }
        if let notBefore = verified.notBefore, now + Self.leewaySeconds < notBefore { throw Rejection(reason: "not yet valid (nbf)") }
        if let issuedAt = verified.issuedAt, issuedAt > now + Self.leewaySeconds { throw Rejection(reason: "issued in the future (iat)") }
        return verified.player
    }

    /// Checks a compact JWT's form, algorithm, signature and claims, leaving the time window to
    /// the caller (`Verified.isValid(at:)`), so a verified token can be cached.
    /// - Throws: `Rejection` naming what was wrong.
    package func check(_ token: some Collection<UInt8>) throws(Rejection) -> Verified {
        let bytes = Array(token)
        guard bytes.count <= Self.maxLength else { throw Rejection(reason: "token longer than \(Self.maxLength) bytes") }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw Rejection(reason: "not three dot-separated parts") }
        guard let headerBytes = Base64URL.decode(parts[0]), let header = try? JSONValue.parse(headerBytes) else {
            throw Rejection(reason: "header is not base64url JSON")
        }
        guard case .string("HS256")? = header["alg"] else { throw Rejection(reason: "alg must be HS256") }
        if let type = header["typ"], type != .string("JWT") { throw Rejection(reason: "typ must be JWT") }
        // RFC 7515 §4.1.11: a recipient must reject extensions it does not understand; we understand none.
        guard header["crit"] == nil else { throw Rejection(reason: "crit: no header extensions are understood") }
        guard let signature = Base64URL.decode(parts[2]), !signature.isEmpty else {
            throw Rejection(reason: "signature missing or not base64url")
        }
        let signingInput = bytes[..<(parts[0].count + 1 + parts[1].count)]
        let expected = SHA256.hmac(key: secret, message: signingInput)
        guard ConstantTime.equal(expected, signature) else { throw Rejection(reason: "bad signature") }
        guard let claimBytes = Base64URL.decode(parts[1]), let claims = try? JSONValue.parse(claimBytes) else {
            throw Rejection(reason: "claims are not base64url JSON")
        }
        guard case .object = claims else { throw Rejection(reason: "claims are not an object") }
        guard case .string(let subject)? = claims["sub"], let player = PlayerID(subject) else {
            throw Rejection(reason: "sub missing or not a valid player id")
        }
        guard case .integer(let expires)? = claims["exp"] else { throw Rejection(reason: "exp missing or not an integer") }
        var notBefore: Int64?
        if let claim = claims["nbf"] {
            guard case .integer(let value) = claim else { throw Rejection(reason: "nbf not an integer") }
            notBefore = value
        }
        var issuedAt: Int64?
        if let claim = claims["iat"] {
            guard case .integer(let value) = claim else { throw Rejection(reason: "iat not an integer") }
            issuedAt = value
        }
        return Verified(player: player, expires: expires, notBefore: notBefore, issuedAt: issuedAt)
    }

    /// A signed token for `player`, valid from `now` for `ttl` seconds.
    package func sign(player: PlayerID, now: Int64, ttl: Int64) -> String {
        var claims = JSONWriter(capacity: 96)
        claims.raw("{\"sub\":")
        claims.string(player.value)
        claims.raw(",\"iat\":")
        claims.int(now)
        claims.raw(",\"exp\":")
        claims.int(now + ttl)
        claims.raw("}")
        let signingInput = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)) + "." + Base64URL.encode(claims.bytes)
        let signature = SHA256.hmac(key: secret, message: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }
}
