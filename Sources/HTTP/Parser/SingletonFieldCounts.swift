/// How often a request carried each field that must appear at most once (`Host`, `Authorization`,
/// `Idempotency-Key`, `Content-Type`), counted while its head is parsed (saturating).
struct SingletonFieldCounts {
    private(set) var host: UInt8 = 0
    private(set) var authorization: UInt8 = 0
    private(set) var idempotencyKey: UInt8 = 0
    private(set) var contentType: UInt8 = 0

    mutating func count(_ kind: HTTPParser.SeenFields) {
        if kind.contains(.host) { host = host &+ (host < .max ? 1 : 0) }
        if kind.contains(.authorization) { authorization = authorization &+ (authorization < .max ? 1 : 0) }
        if kind.contains(.idempotencyKey) { idempotencyKey = idempotencyKey &+ (idempotencyKey < .max ? 1 : 0) }
        if kind.contains(.contentType) { contentType = contentType &+ (contentType < .max ? 1 : 0) }
    }

    /// RFC 9112 §3.2: exactly one `Host` on HTTP/1.1, at most one on HTTP/1.0 — else 400 and close.
    func framingError(version: HTTPVersion) -> HTTPParseError? {
        if host > 1 { return .malformed("Host: sent \(host) times; send it once") }
        if host == 0 && version == .http1_1 { return .malformed("Host: an HTTP/1.1 request must carry one Host header") }
        return nil
    }

    /// A repeated security field: `400 duplicate_header` for this request only.
    var duplicateError: HTTPParseError? {
        if authorization > 1 { return Self.duplicate("Authorization", authorization) }
        if idempotencyKey > 1 { return Self.duplicate("Idempotency-Key", idempotencyKey) }
        if contentType > 1 { return Self.duplicate("Content-Type", contentType) }
        return nil
    }

    private static func duplicate(_ name: String, _ count: UInt8) -> HTTPParseError {
        .duplicateHeader("\(name): sent \(count) times; send it once")
    }
}
