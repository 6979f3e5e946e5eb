/// The HTTP version of a request.
package enum HTTPVersion: Sendable, Equatable {
    case http1_0
    case http1_1
}

/// A parsed HTTP/1.x request, complete with its body.
package struct HTTPRequest: Sendable, Equatable {
    /// The method as sent, e.g. `"GET"` (case-sensitive, per RFC 9110).
    package var method: String
    /// The request target as sent, e.g. `/v1/history?limit=5`.
    package var target: String
    /// The target's path, without the query.
    package var path: String
    /// The query as name/value pairs in order (not percent-decoded).
    package var queryItems: [(name: String, value: String)] {
        get { Self.queryItems(target) }
    }
    package var version: HTTPVersion
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// The client's valid `X-Request-Id` (1–128 visible ASCII characters), otherwise a new one.
    package var requestID: String
    /// `false` when the connection closes after this request's response.
    package var keepAlive: Bool
    /// Filled by the router: `:name` segments of the matched pattern (percent-decoded).
    package var pathParameters: [String: String] = [:]
    /// Set by the parser when the request is well framed but must not reach a handler (a
    /// duplicated `Authorization`, `Idempotency-Key` or `Content-Type`): the server answers
    /// with this error and keeps the connection.
    package var rejection: HTTPParseError?

    package init(
        method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:],
        body: [UInt8] = [], requestID: String = "", keepAlive: Bool = true
    ) {
        self.method = method
        self.target = target
        self.path = Self.path(target)
        self.version = version
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.keepAlive = keepAlive
    }

    /// The first value of query parameter `name`, if present.
    package func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    package static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.target == b.target && a.version == b.version && a.headers == b.headers
            && a.body == b.body && a.requestID == b.requestID && a.keepAlive == b.keepAlive
            && a.pathParameters == b.pathParameters && a.rejection == b.rejection
    }

    static func path(_ target: String) -> String {
        guard let question = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return target }
        return String(target[..<question])
    }

    static func queryItems(_ target: String) -> [(name: String, value: String)] {
        guard let question = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return [] }
        let query = target[target.index(after: question)...]
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
            }
            return (String(pair), "")
        }
    }
}
