import Testing

@testable import HTTP

/// The client's response reader on bytes a broken or hostile server could send.
@Suite struct ResponseReaderTests {
    private static func read(_ text: String) throws -> HTTPClientResponse? {
        var reader = ResponseReader()
        reader.append(Array(text.utf8)[...])
        return try reader.next(headRequest: false)
    }

    @Test func chunkedBodyIsJoined() throws {
        let response = try Self.read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        #expect(response?.body == Array("abcde".utf8))
    }

    /// Regression (issue 9 review): a chunk size near Int.max overflowed `index + size + 2` and trapped.
    @Test func chunkSizeNearIntMaxIsMalformed() {
        for size in ["7fffffffffffffff", "7ffffffffffffffd", "7ffffffffffffff0"] {
            #expect(throws: HTTPClientError.self) {
                try Self.read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n\(size)\r\nxyz")
            }
        }
    }
}
