import HTTP

/// The `Content-Type` rule of the JSON-body routes (`POST /v1/spins`, `POST /admin/players/{id}/credit`,
/// `POST /admin/players/{id}/tickets`, `PUT /admin/players/{id}/boost`): the media type must be
/// `application/json` (ASCII case-insensitive; parameters such as `; charset=utf-8` allowed), else
/// `415 unsupported_media_type`. The one place the rule lives; the route dispatch calls it.
///
/// On the hot path of every spin: the accepted case compares bytes in place, allocating nothing.
enum ContentTypeCheck {
    /// `nil` when the request may go on, else the `415` answer.
    static func refusal(_ request: HTTPRequest) -> HTTPResponse? {
        guard let value = request.headers["Content-Type"] else { return unsupported("nothing") }
        let accepted = value.utf8.withContiguousStorageIfAvailable(isJSONMediaType) ?? isJSONMediaType(Array(value.utf8))
        if accepted { return nil }
        let mediaType = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return unsupported(OneSpinRequestHandler.quoted(mediaType.trimmingSpaces()).dropFirst().dropLast().description)
    }

    /// Whether a `Content-Type` value's media type (before any `;`, without surrounding spaces or
    /// tabs) is `application/json` in any ASCII case.
    static func isJSONMediaType(_ bytes: some Collection<UInt8>) -> Bool {
        let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        return isJSON(bytes[bytes.startIndex..<end])
    }

    /// Whether `bytes`, without surrounding spaces or tabs, are `application/json` in any case.
    static func isJSON(_ bytes: some Collection<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index != bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 { bytes.formIndex(after: &index) }
        let literal: StaticString = "application/json"
        for want in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            guard index != bytes.endIndex else { return false }
            let byte = bytes[index]
            guard byte == want || (byte >= 0x41 && byte <= 0x5A && byte | 0x20 == want) else { return false }
            bytes.formIndex(after: &index)
        }
        while index != bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 { bytes.formIndex(after: &index) }
        return index == bytes.endIndex
    }

    private static func unsupported(_ got: String) -> HTTPResponse {
        .problem(status: 415, code: "unsupported_media_type", detail: "Content-Type: expected application/json, got \(got)")
    }
}

private extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
