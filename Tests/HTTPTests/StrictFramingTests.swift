import HTTP
import Testing

/// Issue 9's framing and header rules through the real server (each once accepted).
@Suite struct StrictFramingTests {
    /// Sends `text` on a fresh connection; the whole answer and whether the server closed.
    static func exchange(_ port: Int, _ text: String) throws -> (text: String, closed: Bool) {
        let socket = try RawSocket(port: port, receiveTimeout: .milliseconds(700))
        socket.send(text)
        return socket.readToEnd()
    }

    @Test func http10WithTransferEncodingIs400AndClose() throws {
        try TestServer.withServer { _, port in
            let (text, closed) = try Self.exchange(
                port, "POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(text.contains(#""code":"malformed_request""#) && text.contains("Transfer-Encoding"))
            #expect(text.contains("Connection: close\r\n"))
            #expect(closed)
        }
    }

    @Test func exactlyOneHostOnHTTP11() throws {
        try TestServer.withServer { _, port in
            let missing = try Self.exchange(port, "GET /hello HTTP/1.1\r\n\r\n")
            #expect(missing.text.hasPrefix("HTTP/1.1 400 ") && missing.text.contains("Host") && missing.closed)
            let twice = try Self.exchange(port, "GET /hello HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n")
            #expect(twice.text.hasPrefix("HTTP/1.1 400 ") && twice.text.contains("Host: sent 2 times; send it once") && twice.closed)
            let twiceOn10 = try Self.exchange(port, "GET /hello HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n")
            #expect(twiceOn10.text.hasPrefix("HTTP/1.1 400 "))
            let without10 = try Self.exchange(port, "GET /hello HTTP/1.0\r\n\r\n")
            #expect(without10.text.hasPrefix("HTTP/1.1 200 "), "HTTP/1.0 needs no Host")
        }
    }

    @Test(arguments: ["Authorization", "Idempotency-Key", "Content-Type"])
    func duplicateSecurityHeaderIs400AndTheConnectionStays(_ name: String) throws {
        try TestServer.withServer { _, port in
            let socket = try RawSocket(port: port, receiveTimeout: .milliseconds(700))
            socket.send("POST /echo HTTP/1.1\r\nHost: a\r\n\(name): one\r\n\(name.lowercased()): two\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
            let (text, closed) = socket.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(text.contains(#""code":"duplicate_header""#))
            #expect(text.contains("\(name): sent 2 times; send it once"))
            #expect(text.contains(#"HTTP/1.1 200 OK"#), "the next request on the connection is served")
            #expect(!closed)
        }
    }

    @Test func contentLengthWithDifferentValuesIs400() throws {
        try TestServer.withServer { _, port in
            let (text, closed) = try Self.exchange(port, "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
            #expect(text.hasPrefix("HTTP/1.1 400 ") && closed)
        }
    }

    @Test func absoluteFormIsAcceptedAndItsPathUsed() throws {
        try TestServer.withServer { _, port in
            let (text, _) = try Self.exchange(port, "GET http://example.com:8080/parameter/abs?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.hasSuffix("\r\n\r\nabs"))
            let (bare, _) = try Self.exchange(port, "GET HTTP://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")
            #expect(bare.hasPrefix("HTTP/1.1 404 "), "absolute-form without a path is '/'")
        }
    }

    @Test(arguments: ["hello", "*", "example.com:80", "http://", "http:/x/hello"])
    func targetWithoutLeadingSlashIs400AndClose(_ target: String) throws {
        try TestServer.withServer { _, port in
            let (text, closed) = try Self.exchange(port, "GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.1 400 "), "\(target)")
            #expect(text.contains("request target"))
            #expect(closed)
        }
    }

    @Test func chunkExtensionsAreLimited() throws {
        try TestServer.withServer { _, port in
            let head = "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            let fits = ";" + String(repeating: "e", count: 255)
            let ok = try Self.exchange(port, head + "1\(fits)\r\nx\r\n0\r\n\r\n")
            #expect(ok.text.hasPrefix("HTTP/1.1 200 ") && ok.text.hasSuffix("\r\n\r\nx"))
            let long = try Self.exchange(port, head + "1;" + String(repeating: "e", count: 256) + "\r\nx\r\n0\r\n\r\n")
            #expect(long.text.hasPrefix("HTTP/1.1 400 ") && long.text.contains("chunk extension") && long.closed)
            // 17 chunks × 255 bytes of extension: each fits, together past 4 KiB.
            let many = String(repeating: "1\(fits)\r\nx\r\n", count: 17) + "0\r\n\r\n"
            let total = try Self.exchange(port, head + many)
            #expect(total.text.hasPrefix("HTTP/1.1 400 ") && total.text.contains("4096") && total.closed)
        }
    }

    @Test func headIsAnsweredForEveryGetRouteWithoutABody() throws {
        try TestServer.withServer { _, port in
            let socket = try RawSocket(port: port, receiveTimeout: .milliseconds(700))
            socket.send("HEAD /big/2 HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
            let (text, _) = socket.readToEnd()
            let responses = text.split(separator: "HTTP/1.1 ").map(String.init)
            #expect(responses.count == 2)
            #expect(responses.first?.contains("Content-Length: 2048\r\n") == true)
            #expect(responses.first?.hasSuffix("\r\n\r\n") == true, "no body after the HEAD response's head")
            #expect(responses.last?.hasSuffix(#"{"status":"ok"}"#) == true)
            let (allow, _) = try Self.exchange(port, "DELETE /hello HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(allow.hasPrefix("HTTP/1.1 405 ") && allow.contains("Allow: GET, HEAD\r\n"))
        }
    }

    @Test func pathParametersArePercentDecodedOnce() throws {
        try TestServer.withServer { _, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            #expect(try client.send(HTTPClientRequest(target: "/parameter/x%3Fy")).text == "x?y")
            #expect(try client.send(HTTPClientRequest(target: "/parameter/a%2Fb")).text == "a/b")
            #expect(try client.send(HTTPClientRequest(target: "/parameter/%2541")).text == "%41", "decoded once, not twice")
            #expect(try client.send(HTTPClientRequest(target: "/parameter/caf%C3%A9")).text == "café")
            for bad in ["%zz", "abc%4", "%", "%FF"] {
                let response = try client.send(HTTPClientRequest(target: "/parameter/\(bad)"))
                #expect(response.status == 400, "\(bad)")
                #expect(response.text.contains(#""code":"invalid_request""#) && response.text.contains("value:"), "\(response.text)")
            }
        }
    }
}
