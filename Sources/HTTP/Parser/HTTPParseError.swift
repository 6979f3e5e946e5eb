/// Why a request could not be parsed: the status and stable problem `code` to answer with,
/// and a `detail` naming what is at fault. Every parse error closes the connection, except
/// `duplicateHeader`, which rejects one well-framed request (`HTTPRequest.rejection`).
package struct HTTPParseError: Error, Equatable, CustomStringConvertible {
    private enum Code: String {
        case malformedRequest = "malformed_request"
        case uriTooLong = "uri_too_long"
        case headersTooLarge = "headers_too_large"
        case bodyTooLarge = "body_too_large"
        case unsupportedTransferEncoding = "unsupported_transfer_encoding"
        case versionNotSupported = "http_version_not_supported"
        case requestTimeout = "request_timeout"
        case duplicateHeader = "duplicate_header"
    }

    /// The HTTP status to answer with.
    package let status: Int
    /// The stable snake_case problem code.
    package let code: String
    /// What is wrong, for a developer.
    package let detail: String

    private init(_ status: Int, _ code: Code, _ detail: String) {
        self.status = status
        self.code = code.rawValue
        self.detail = detail
    }

    /// 400: the bytes are not HTTP/1.1 as RFC 9112 allows.
    package static func malformed(_ detail: String) -> HTTPParseError { .init(400, .malformedRequest, detail) }
    /// 414: the request line is longer than the limit.
    package static func uriTooLong(_ detail: String) -> HTTPParseError { .init(414, .uriTooLong, detail) }
    /// 431: the header section is too large or has too many fields.
    package static func headersTooLarge(_ detail: String) -> HTTPParseError { .init(431, .headersTooLarge, detail) }
    /// 413: the body is larger than the limit.
    package static func bodyTooLarge(_ detail: String) -> HTTPParseError { .init(413, .bodyTooLarge, detail) }
    /// 501: a transfer coding other than `chunked`.
    package static func unsupportedTransferEncoding(_ detail: String) -> HTTPParseError {
        .init(501, .unsupportedTransferEncoding, detail)
    }
    /// 505: a well-formed HTTP version other than 1.0 and 1.1.
    package static func versionNotSupported(_ detail: String) -> HTTPParseError { .init(505, .versionNotSupported, detail) }
    /// 400, connection kept: a field that must appear once appeared more often.
    package static func duplicateHeader(_ detail: String) -> HTTPParseError { .init(400, .duplicateHeader, detail) }
    /// 408: the request did not arrive in time.
    package static func requestTimeout(_ detail: String) -> HTTPParseError { .init(408, .requestTimeout, detail) }

    /// The problem+json response for this error.
    package var response: HTTPResponse {
        .problem(status: status, code: code, detail: detail)
    }

    package var description: String { "\(status) \(code): \(detail)" }
}
