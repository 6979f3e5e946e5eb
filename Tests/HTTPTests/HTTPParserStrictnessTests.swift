import Testing

import HTTP

/// Issue 9's framing rules from bytes: each outcome is the same however the bytes are split.
@Suite struct HTTPParserStrictnessTests {
    /// `"METHOD target"`, `"rejected code: detail"` or `"status code: detail"` per outcome.
    static func outcomes(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        func run(_ chunks: [ArraySlice<UInt8>]) -> [String] {
            var parser = HTTPParser()
            var outcomes: [String] = []
            for chunk in chunks {
                parser.append(chunk)
                while let result = parser.next() {
                    switch result {
                    case .request(let request):
                        if let rejection = request.rejection {
                            outcomes.append("rejected \(rejection.code): \(rejection.detail)")
                        } else {
                            outcomes.append("\(request.method) \(request.target)")
                        }
                    case .failure(let error): outcomes.append("\(error.status) \(error.code): \(error.detail)")
                    }
                }
            }
            return outcomes
        }
        let whole = run([bytes[...]])
        #expect(run(bytes.indices.map { bytes[$0...$0] }) == whole, "byte by byte differs")
        for split in stride(from: 0, through: bytes.count, by: 7) {
            #expect(run([bytes[..<split], bytes[split...]]) == whole, "split at \(split) differs")
        }
        return whole
    }

    @Test func http10WithTransferEncodingFails() {
        let outcome = Self.outcomes("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        #expect(outcome == ["400 malformed_request: Transfer-Encoding: not allowed in an HTTP/1.0 request"])
    }

    @Test func hostRules() {
        #expect(Self.outcomes("GET / HTTP/1.1\r\n\r\n") == ["400 malformed_request: Host: an HTTP/1.1 request must carry one Host header"])
        #expect(Self.outcomes("GET / HTTP/1.1\r\nHost: a\r\nHOST: a\r\n\r\n") == ["400 malformed_request: Host: sent 2 times; send it once"])
        #expect(Self.outcomes("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\nHost: c\r\n\r\n") == ["400 malformed_request: Host: sent 3 times; send it once"])
        #expect(Self.outcomes("GET / HTTP/1.0\r\n\r\n") == ["GET /"])
    }

    @Test func duplicateSecurityFieldsRejectTheRequestButKeepFraming() {
        let text = "POST /a HTTP/1.1\r\nHost: h\r\nIdempotency-Key: k1\r\nidempotency-key: k2\r\nContent-Length: 2\r\n\r\nab"
            + "GET /b HTTP/1.1\r\nHost: h\r\nAuthorization: x\r\nAuthorization: y\r\nAuthorization: z\r\n\r\n"
            + "GET /c HTTP/1.1\r\nHost: h\r\nContent-Type: a\r\nContent-type: b\r\n\r\n"
            + "GET /d HTTP/1.1\r\nHost: h\r\nAuthorization: x\r\n\r\n"
        #expect(Self.outcomes(text) == [
            "rejected duplicate_header: Idempotency-Key: sent 2 times; send it once",
            "rejected duplicate_header: Authorization: sent 3 times; send it once",
            "rejected duplicate_header: Content-Type: sent 2 times; send it once",
            "GET /d",
        ])
    }

    @Test func requestTargetForms() {
        #expect(Self.outcomes("GET http://example.com/v1/wallet?x=1 HTTP/1.1\r\nHost: h\r\n\r\n") == ["GET /v1/wallet?x=1"])
        #expect(Self.outcomes("GET HTTPS://example.com:443 HTTP/1.1\r\nHost: h\r\n\r\n") == ["GET /"])
        #expect(Self.outcomes("GET http://example.com?q HTTP/1.1\r\nHost: h\r\n\r\n") == ["GET /?q"])
        for target in ["v1/wallet", "*", "example.com:443", "http://", "http:///x", "ftp://example.com/x"] {
            let outcome = Self.outcomes("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(outcome.count == 1 && outcome[0].hasPrefix("400 malformed_request: the request target"), "\(target): \(outcome)")
        }
    }

    @Test func chunkExtensionLimits() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        let fits = ";" + String(repeating: "e", count: 255)
        #expect(Self.outcomes(head + "1\(fits)\r\nx\r\n0\r\n\r\n") == ["POST /"])
        #expect(Self.outcomes(head + "1;\(String(repeating: "e", count: 256))\r\nx\r\n0\r\n\r\n")
            == ["400 malformed_request: a chunk extension is longer than 256 bytes"])
        let sixteen = String(repeating: "1\(fits)\r\nx\r\n", count: 16)
        #expect(Self.outcomes(head + sixteen + "0\r\n\r\n") == ["POST /"], "16 × 256 = 4096 bytes: at the limit")
        #expect(Self.outcomes(head + sixteen + "1;e\r\nx\r\n0\r\n\r\n")
            == ["400 malformed_request: the chunk extensions of one body exceed 4096 bytes"])
    }
}

/// Field values are checked eight bytes at a time: every byte at every offset of a word, and tabs
/// and obs-text beside it, must be judged as the byte rule says (HTAB, SP–~, 0x80–0xFF allowed).
@Suite struct HTTPFieldValueByteTests {
    static func outcome(_ value: [UInt8]) -> String {
        var parser = HTTPParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\nX-Test: ".utf8) + value + Array("\r\n\r\n".utf8))
        switch parser.next() {
        case .request: return "ok"
        case .failure(let error): return error.detail
        case nil: return "incomplete"
        }
    }

    @Test func everyByteAtEveryOffsetOfAWord() {
        for byte in UInt8.min...UInt8.max where byte != 0x0A {
            let allowed = byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
            for offset in 0..<17 {
                var value = Array("abcdefghijklmnopqrstuvwx".utf8)
                value[offset + 1] = byte
                let got = Self.outcome(value)
                if allowed {
                    #expect(got == "ok", "byte \(byte) at \(offset + 1)")
                } else {
                    let what = byte == 0x0D ? "a bare CR" : "a control character"
                    #expect(got == "header field 'X-Test' holds \(what)", "byte \(byte) at \(offset + 1)")
                }
            }
        }
    }

    @Test func forbiddenByteAfterATabOrObsTextInTheSameWord() {
        #expect(Self.outcome(Array("ab\tcdefghij".utf8)) == "ok")
        #expect(Self.outcome([0x61, 0x09, 0x62, 0x01, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68]) == "header field 'X-Test' holds a control character")
        #expect(Self.outcome([0x61, 0xFF, 0x80, 0x7F, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68]) == "header field 'X-Test' holds a control character")
        #expect(Self.outcome([0x61, 0xFF, 0x80, 0xC3, 0xA9, 0x64, 0x65, 0x66, 0x67, 0x68, 0x7E]) == "ok")
        #expect(Self.outcome(Array("abcdefgh\u{7F}".utf8)) == "header field 'X-Test' holds a control character")
    }
}
