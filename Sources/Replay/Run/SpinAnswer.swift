/// What the runner keeps of one spin response: status, a hash of the exact body bytes, and the
/// money fields read without a JSON parser (the server writes them as top-level integers).
package struct SpinAnswer: Sendable, Hashable {
    package var status: Int
    /// FNV-1a 64 of the body bytes: two answers are byte-identical iff their hashes and lengths match
    /// (up to a 2^-64 collision).
    package var bodyHash: UInt64
    package var bodyLength: Int
    package var debit: Int
    package var win: Int
    /// A `200` whose body shows an active free-spins round (`"feature"` not `null`).
    package var featureActive: Bool

    package init(status: Int, body: [UInt8]) {
        self.status = status
        bodyHash = Self.fnv1a(body)
        bodyLength = body.count
        isRetryable = Self.isRetryable(status: status, body: body)
        if status == 200 {
            debit = Self.integer(after: Self.debitKey, in: body) ?? 0
            win = Self.integer(after: Self.winKey, in: body) ?? 0
            featureActive = Self.valueStart(after: Self.featureKey, in: body).map { body[$0] != UInt8(ascii: "n") } ?? false
        } else {
            debit = 0
            win = 0
            featureActive = false
        }
    }

    /// An answer that left the key unused, so the client retries the same key: `409` (except the
    /// stored conflicts `feature_active` and `no_active_feature`), `429`, `503`.
    package var isRetryable: Bool

    /// Statuses that may leave the key unused: the client retries the same key.
    package static func isRetryable(_ status: Int) -> Bool {
        status == 409 || status == 503 || status == 429
    }

    /// Whether an answer leaves the key unused; a `409` is retryable unless its `code` is one the
    /// server stores under the key (a resend would only get the same answer back).
    package static func isRetryable(status: Int, body: [UInt8]) -> Bool {
        guard isRetryable(status) else { return false }
        guard status == 409 else { return true }
        return !storedConflictCodes.contains { find($0, in: body, from: 0) != nil }
    }

    private static let storedConflictCodes = [Array("\"code\":\"feature_active\"".utf8), Array("\"code\":\"no_active_feature\"".utf8)]

    /// Same status and same bytes.
    package func sameAnswer(as other: SpinAnswer) -> Bool {
        status == other.status && bodyHash == other.bodyHash && bodyLength == other.bodyLength
    }

    private static let debitKey = Array("\"debit\":".utf8)
    private static let winKey = Array("\"win\":".utf8)
    private static let featureKey = Array("\"feature\":".utf8)
    private static let spinIdKey = Array("\"spinId\":\"".utf8)

    /// The `spinId` strings of a history body, in order.
    package static func spinIds(in body: [UInt8]) -> [String] {
        var ids: [String] = []
        var from = 0
        while let start = find(spinIdKey, in: body, from: from) {
            var end = start
            while end < body.count, body[end] != UInt8(ascii: "\"") {
                end += body[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            ids.append(String(decoding: body[start..<Swift.min(end, body.count)], as: UTF8.self))
            from = end
        }
        return ids
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// The first integer value after `key` (a `"name":` pattern).
    static func integer(after key: [UInt8], in body: [UInt8]) -> Int? {
        guard var index = valueStart(after: key, in: body) else { return nil }
        var negative = false
        if body[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var value = 0
        var digits = 0
        while index < body.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(body[index]) {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = product.addingReportingOverflow(Int(body[index] - UInt8(ascii: "0")))
            guard !overflow, !carry else { return nil }
            value = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    /// Index of the first non-space byte after the first occurrence of `key`.
    static func valueStart(after key: [UInt8], in body: [UInt8]) -> Int? {
        guard var index = find(key, in: body, from: 0) else { return nil }
        while index < body.count, body[index] == 0x20 { index += 1 }
        return index < body.count ? index : nil
    }

    /// The index just past the first occurrence of `needle` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0] {
                var matched = 1
                while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index + needle.count }
            }
            index += 1
        }
        return nil
    }
}
