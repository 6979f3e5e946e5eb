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

extension StoredResponse {
    /// The statuses a key can hold: `200`, or a stored error (`402`, `409`; see `SpinError.isStored`).
    package static let storableStatuses: Set<Int> = [200, 402, 409]

    /// A response read back from a store, validated before it is replayed: the status is one a key
    /// can hold, and the body is one JSON object. `nil` for anything else (a corrupt or hostile record).
    package init?(validating status: String, body: [UInt8]) {
        guard let code = Int(status), Self.storableStatuses.contains(code), Self.isJSONObject(body) else { return nil }
        self.init(status: code, body: body)
    }

    /// Whether `body` is exactly one JSON object (strictly parsed).
    package static func isJSONObject(_ body: [UInt8]) -> Bool {
        guard body.first == UInt8(ascii: "{"), case .object? = try? JSONValue.parse(body) else { return false }
        return true
    }
}
