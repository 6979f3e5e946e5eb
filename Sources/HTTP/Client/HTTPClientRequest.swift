/// A request for `HTTPClient`.
package struct HTTPClientRequest: Sendable, Equatable {
    package var method: String
    package var target: String
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(method: String = "GET", target: String, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }
}

/// A response read by `HTTPClient`.
package struct HTTPClientResponse: Sendable, Equatable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: [UInt8]

    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why an `HTTPClient` call failed.
package struct HTTPClientError: Error, CustomStringConvertible, Equatable {
    private enum Code: String {
        case connectFailed = "connect_failed"
        case io = "io_failed"
        case closed = "connection_closed"
        case malformedResponse = "malformed_response"
        case timedOut = "timed_out"
    }

    private let kind: Code
    /// Stable code.
    package var code: String { kind.rawValue }
    /// What went wrong.
    package let detail: String
    /// `errno` of the failing call, when there was one.
    package let errno: Int32?

    private init(_ kind: Code, _ detail: String, errno: Int32? = nil) {
        self.kind = kind
        self.detail = detail
        self.errno = errno
    }

    static func connectFailed(_ detail: String, errno: Int32) -> Self { .init(.connectFailed, detail, errno: errno) }
    static func io(_ detail: String, errno: Int32) -> Self { .init(.io, detail, errno: errno) }
    static let closed = HTTPClientError(.closed, "the server closed the connection")
    static func malformed(_ detail: String) -> Self { .init(.malformedResponse, detail) }
    static let timedOut = HTTPClientError(.timedOut, "no response within the timeout")

    package var description: String {
        "HTTPClient \(code): \(detail)" + (errno.map { " (errno \($0))" } ?? "")
    }
}
