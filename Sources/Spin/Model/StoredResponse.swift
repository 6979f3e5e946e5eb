import JSON

/// A settled response as stored under its key: replayed byte for byte.
package struct StoredResponse: Sendable, Hashable {
    /// HTTP status.
    package var status: Int
    /// The exact body bytes (JSON for a 200, problem JSON for a stored error).
    package var body: [UInt8]
    /// The problem `code` of a stored error (nil for a 200).
    package var code: String?

    /// A stored `200`.
    package init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
        self.code = nil
    }

    /// A stored error (one whose `isStored` is true): its status, problem body and code.
    package init(_ error: SpinError) {
        self.status = error.status
        self.body = error.problemBody
        self.code = error.code
    }

    /// A record read back from a store that keeps only status and body (Redis): which stored error
    /// it holds, if any, is told by the problem `type` its body starts with — the store boundary
    /// recognises one of the four stored errors; nothing downstream reads the bytes again.
    package init(decodedStatus status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
        self.code = status == 200 ? nil : SpinError.storedCode(ofProblemBody: body)
    }

    /// Whether the body is a problem document (any status other than 200).
    package var isProblem: Bool { status != 200 }
}

extension StoredResponse {
    /// The statuses a key can hold: `200`, or a stored error (`402`, `409`; see `SpinError.isStored`).
    package static let storableStatuses: Set<Int> = [200, 402, 409]

    /// A response read back from a store, validated before it is replayed: the status is one a key
    /// can hold and the body is one JSON object. `nil` for anything else (a corrupt or hostile record).
    package init?(validating status: String, body: [UInt8]) {
        guard let number = Int(status), Self.storableStatuses.contains(number), Self.isJSONObject(body) else { return nil }
        self.init(decodedStatus: number, body: body)
    }

    /// Whether `body` is exactly one JSON object (strictly checked, as `JSONValue.parse` reads it;
    /// a document that starts with `{` and is valid is one object).
    package static func isJSONObject(_ body: [UInt8]) -> Bool {
        guard body.first == UInt8(ascii: "{") else { return false }
        do {
            try JSONValue.validate(array: body)
            return true
        } catch {
            return false
        }
    }
}
