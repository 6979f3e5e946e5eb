/// The body of an RFC 9457 `application/problem+json` answer, written in one place for every
/// error the server gives: the HTTP layer's own (`HTTPResponse.problem`) and the spin domain's
/// (`SpinError.problemBody`). It lives in `JSON`, not `HTTP`, because `Spin` builds stored
/// problem bodies (replayed byte for byte) and must not import `HTTP`.
package enum ProblemDocument {
    /// The prefix of every problem `type` URI; the code follows it.
    package static let typePrefix = "https://onespin.dev/problems/"

    /// `{"type":"https://onespin.dev/problems/<code>","title":…,"status":N,"detail":…,"code":"<code>"}`.
    /// - Parameters:
    ///   - status: the HTTP status, written into the body.
    ///   - code: the stable snake_case code.
    ///   - title: a short summary.
    ///   - detail: what was wrong, naming the offending field or header.
    /// - Returns: the body's bytes.
    package static func body(status: Int, code: String, title: String, detail: String) -> [UInt8] {
        var writer = JSONWriter(capacity: 160 + detail.utf8.count)
        writer.raw("{\"type\":")
        writer.string(typePrefix + code)
        writer.raw(",\"title\":")
        writer.string(title)
        writer.raw(",\"status\":")
        writer.int(status)
        writer.raw(",\"detail\":")
        writer.string(detail)
        writer.raw(",\"code\":")
        writer.string(code)
        writer.raw("}")
        return writer.bytes
    }
}
