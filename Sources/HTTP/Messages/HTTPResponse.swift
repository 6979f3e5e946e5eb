import JSON

/// An HTTP response as a handler builds it. The server adds `Date`, `Content-Length`,
/// `X-Request-Id`, `Server` and (when closing) `Connection: close`.
package struct HTTPResponse: Sendable, Equatable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response (`application/json; charset=utf-8`) with `body` as its bytes.
    package static func json(status: Int = 200, body: [UInt8], headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        all.replaceOrAdd(name: "Content-Type", value: "application/json; charset=utf-8")
        return HTTPResponse(status: status, headers: all, body: body)
    }

    /// A JSON response from an already-serialised string.
    package static func json(status: Int = 200, body: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        json(status: status, body: Array(body.utf8), headers: headers)
    }

    /// An RFC 9457 `application/problem+json` response:
    /// `{"type":"https://onespin.dev/problems/<code>","title":…,"status":N,"detail":…,"code":"<code>"}`.
    /// - Parameters:
    ///   - status: the HTTP status, also written into the body.
    ///   - code: the stable snake_case code.
    ///   - title: a short summary; defaults to the status's reason phrase.
    ///   - detail: what was wrong, naming the offending field or header.
    ///   - headers: extra headers (e.g. `Allow`, `Retry-After`).
    package static func problem(
        status: Int, code: String, title: String? = nil, detail: String, headers: HTTPHeaders = [:]
    ) -> HTTPResponse {
        let body = ProblemDocument.body(status: status, code: code, title: title ?? HTTPStatus.reasonPhrase(status), detail: detail)
        var all = headers
        all.replaceOrAdd(name: "Content-Type", value: "application/problem+json")
        return HTTPResponse(status: status, headers: all, body: body)
    }
}

/// Reason phrases for status lines.
package enum HTTPStatus {
    package static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}
