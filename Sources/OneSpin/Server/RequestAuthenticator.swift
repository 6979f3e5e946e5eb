import Digest
import HTTP
import Spin
import Time

#if canImport(Glibc)
import Glibc
#endif

/// Who a request is: the player of a bearer JWT, or the operator of the admin token.
///
/// Keeps the tokens whose signature and claims it already checked, by their exact bytes (the time
/// window is re-checked on every use): one instance per event loop, used on that loop only;
/// bounded (cleared when full).
final class RequestAuthenticator {
    private let tokens: PlayerToken
    private let adminToken: [UInt8]
    private var cache: [TokenCacheKey: PlayerToken.Verified] = [:]
    private static let cacheLimit = 10_000

    init(tokens: PlayerToken, adminToken: [UInt8]) {
        self.tokens = tokens
        self.adminToken = adminToken
    }

    /// The player of a valid `Authorization: Bearer <JWT>`, or the `401` to answer.
    func player(_ request: HTTPRequest) -> Result<PlayerID, Refusal> {
        guard let token = Self.bearer(request) else {
            return .failure(Refusal("Authorization: a Bearer player token is required"))
        }
        let now = SystemWallClock().epochSeconds()
        let verified: PlayerToken.Verified
        let key = TokenCacheKey(token)
        if let cached = cache[key] {
            verified = cached
        } else {
            guard let checked = try? tokens.check(token) else {
                return .failure(Refusal("Authorization: the bearer token is not a valid player token"))
            }
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = checked
            verified = checked
        }
        guard verified.isValid(at: now) else {
            return .failure(Refusal("Authorization: the bearer token is expired or not yet valid"))
        }
        return .success(verified.player)
    }

    /// Whether the request carries the admin token (compared in constant time).
    func isOperator(_ request: HTTPRequest) -> Bool {
        guard let token = Self.bearer(request) else { return false }
        return ConstantTime.equal(token, adminToken)
    }

    /// A `401 unauthorized` answer, with `WWW-Authenticate: Bearer`.
    struct Refusal: Error {
        let reply: RouteReply
        init(_ detail: String) { reply = .unauthorized(detail) }
    }

    /// The answer to an operator route without the admin token.
    static let operatorRequired = RouteReply.unauthorized("Authorization: a valid operator bearer token is required")

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
    static func bearer(_ request: HTTPRequest) -> [UInt8]? {
        guard let value = request.headers["Authorization"] else { return nil }
        if let token = value.utf8.withContiguousStorageIfAvailable(bearerToken) { return token }
        return Array(value.utf8).withUnsafeBufferPointer(bearerToken)
    }

    /// The token after `Bearer ` (ASCII case-insensitive, then any spaces), copied in one go.
    private static func bearerToken(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard bytes.count > 7 else { return nil }
        var index = 0
        for expected in "bearer ".utf8 {
            let byte = bytes[index]
            guard byte == expected || (byte >= 0x41 && byte <= 0x5A && byte | 0x20 == expected) else { return nil }
            index += 1
        }
        while index < bytes.count && bytes[index] == UInt8(ascii: " ") { index += 1 }
        return index < bytes.count ? Array(UnsafeBufferPointer(rebasing: bytes[index...])) : nil
    }
}
