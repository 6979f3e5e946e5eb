internal import Digest
import JSON

/// The operator request bodies, parsed strictly with `JSONValue`.
package enum AdminBodies {
    /// `{"amount": int, "reason": string}`; returns the amount, the reason and the body's fingerprint.
    package static func credit(_ bytes: some Collection<UInt8>) throws(SpinError) -> (amount: Int, reason: String, fingerprint: String) {
        let members = try object(bytes, allowed: ["amount", "reason"])
        guard let amountValue = members["amount"] else { throw .invalidRequest("amount: required") }
        let amount = try SpinRequestBody.integerField("amount", amountValue)
        guard amount.magnitude <= Wallet.balanceLimit.magnitude else {
            throw .invalidRequest("amount: must be within ±\(Wallet.balanceLimit)")
        }
        var reason = ""
        if let value = members["reason"] {
            guard case .string(let text) = value else { throw .invalidRequest("reason: must be a string, not \(value.typeName)") }
            reason = text
        }
        let fingerprint = SHA256.hexHash("credit\n\(amount)\n\(reason)".utf8)
        return (amount, reason, fingerprint)
    }

    /// `{"game": string, "count": int}` with `count` in 1…1,000,000.
    package static func tickets(_ bytes: some Collection<UInt8>) throws(SpinError) -> (game: String, count: Int) {
        let members = try object(bytes, allowed: ["game", "count"])
        guard case .string(let game)? = members["game"] else { throw .invalidRequest("game: required, a string") }
        guard let countValue = members["count"] else { throw .invalidRequest("count: required") }
        let count = try SpinRequestBody.integerField("count", countValue)
        guard (1...1_000_000).contains(count) else { throw .invalidRequest("count: must be in 1…1000000") }
        return (game, count)
    }

    /// `{"until": RFC 3339 string | null}` → epoch ms or `nil`.
    package static func boost(_ bytes: some Collection<UInt8>) throws(SpinError) -> Int64? {
        let members = try object(bytes, allowed: ["until"])
        switch members["until"] {
        case .null?: return nil
        case .string(let text)?:
            guard let millis = Timestamp.parse(text) else { throw .invalidRequest("until: not an RFC 3339 date-time") }
            return millis
        case let other?: throw .invalidRequest("until: must be a string or null, not \(other.typeName)")
        case nil: throw .invalidRequest("until: required")
        }
    }

    private static func object(_ bytes: some Collection<UInt8>, allowed: Set<String>) throws(SpinError) -> JSONValue {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw .invalidRequest("body: \(error)")
        }
        guard case .object = document else { throw .invalidRequest("body: must be a JSON object, not \(document.typeName)") }
        for key in document.keys where !allowed.contains(key) { throw .invalidRequest("\(key): unknown field") }
        return document
    }
}
