/// A settled response as stored under its key: replayed byte for byte.
package struct StoredResponse: Sendable, Hashable {
    /// HTTP status.
    package var status: Int
    /// The exact body bytes (JSON for a 200, problem JSON for a stored error).
    package var body: [UInt8]

    package init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    /// Whether the body is a problem document (any status other than 200).
    package var isProblem: Bool { status != 200 }
}
