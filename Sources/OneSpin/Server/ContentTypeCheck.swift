import HTTP

/// The `Content-Type` rule of the JSON-body routes (`POST /v1/spins`, `POST /admin/players/{id}/credit`,
/// `POST /admin/players/{id}/tickets`, `PUT /admin/players/{id}/boost`): the media type must be
/// `application/json` (ASCII case-insensitive; parameters such as `; charset=utf-8` allowed), else
/// `415 unsupported_media_type`. The one place the rule lives; the route dispatch calls it.
enum ContentTypeCheck {
    /// `nil` when the request may go on, else the `415` answer.
    static func refusal(_ request: HTTPRequest) -> HTTPResponse? {
        guard let value = request.headers["Content-Type"] else { return unsupported("nothing") }
        let mediaType = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        if isJSON(mediaType.utf8) { return nil }
        return unsupported(OneSpinRequestHandler.quoted(mediaType.trimmingSpaces()).dropFirst().dropLast().description)
    }

    /// Whether `bytes`, without surrounding spaces or tabs, are `application/json` in any case.
    static func isJSON(_ bytes: some Collection<UInt8>) -> Bool {
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        let expected = "application/json".utf8
        guard trimmed.count == expected.count else { return false }
        return zip(trimmed, expected).allSatisfy { byte, want in
            byte == want || (byte >= 0x41 && byte <= 0x5A && byte | 0x20 == want)
        }
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
