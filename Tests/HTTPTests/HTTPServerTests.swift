import Glibc
import HTTP
import Testing

@Suite struct HTTPServerTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() throws {
        try TestServer.withServer { server, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            for index in 0..<5 {
                let response = try client.send(HTTPClientRequest(method: "POST", target: "/echo", body: Array("n\(index)".utf8)))
                #expect(response.status == 200)
                #expect(response.text == "n\(index)")
                #expect(response.headers["Server"] == "onespin")
                #expect(response.headers["Date"]?.hasSuffix(" GMT") == true)
                #expect(response.headers["Connection"] == nil)
                #expect(response.headers["X-Request-Id"]?.utf8.count == 32)
            }
            #expect(server.statistics().connectionsAccepted == 1)
            #expect(server.statistics().requestsByStatus[200] == 5)
        }
    }

    @Test func handlerCannotOverrideServerFieldsOrSplitTheResponse() throws {
        try TestServer.withServer { _, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            for _ in 0..<2 {
                let response = try client.send(HTTPClientRequest(target: "/reserved"))
                #expect(response.status == 200)
                #expect(response.body.count == 1234)
                #expect(response.headers.values(for: "Content-Length") == ["1234"])
                #expect(response.headers.values(for: "Server") == ["onespin"])
                #expect(response.headers["Date"]?.hasSuffix(" GMT") == true)
                #expect(response.headers["X-Request-Id"]?.utf8.count == 32)
                #expect(response.headers["Connection"] == nil)
                #expect(response.headers["Transfer-Encoding"] == nil)
                #expect(response.headers["Bad Name"] == nil)
                #expect(response.headers["X-Split"] == nil)
                #expect(response.headers["Injected"] == nil)
                #expect(response.headers["X-Kept"] == "yes")
            }
        }
    }

    @Test func hundredPipelinedRequestsAnsweredInOrder() throws {
        try TestServer.withServer { _, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            let requests = (0..<100).map { index in
                // Answers come back out of order (later requests finish first, some off the loop).
                let delay = (100 - index) % 7 * 3
                return HTTPClientRequest(target: index % 3 == 0 ? "/offloop/\(delay)" : "/delay/\(delay)")
            }
            let responses = try client.sendPipelined(requests)
            #expect(responses.count == 100)
            #expect(responses.map(\.text) == requests.map(\.target))
            #expect(responses.allSatisfy { $0.status == 200 })
        }
    }

    @Test func oversizedBodyGets413WithoutBeingRead() throws {
        try TestServer.withServer { _, port in
            let socket = try RawSocket(port: port)
            socket.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n")
            socket.send([UInt8](repeating: 0x61, count: 1000))
            let (text, closed) = socket.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
            #expect(text.contains("Connection: close\r\n"))
            #expect(text.contains(#""code":"body_too_large""#))
            #expect(closed)
        }
    }

    @Test func stalledHeadGets408() throws {
        try TestServer.withServer(configuration: .make(headerTimeout: .milliseconds(300))) { _, port in
            let socket = try RawSocket(port: port)
            let start = ContinuousClock.now
            socket.send("GET /hello HTTP/1.1\r\nHost: a\r\n")
            let (text, closed) = socket.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
            #expect(text.contains(#""code":"request_timeout""#))
            #expect(closed)
            #expect(ContinuousClock.now - start >= .milliseconds(250))
        }
    }

    @Test func stalledBodyGets408() throws {
        try TestServer.withServer(configuration: .make(bodyTimeout: .milliseconds(300))) { _, port in
            let socket = try RawSocket(port: port)
            socket.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
            let (text, closed) = socket.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 408 "))
            #expect(text.contains("body stalled"))
            #expect(closed)
        }
    }

    @Test func idleConnectionClosedAndClientReconnects() throws {
        try TestServer.withServer(configuration: .make(idleTimeout: .milliseconds(200))) { server, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            #expect(try client.send(HTTPClientRequest(target: "/hello")).status == 200)
            #expect(waitUntil { server.statistics().connectionsOpen == 0 })
            #expect(try client.send(HTTPClientRequest(target: "/hello")).text == #"{"status":"ok"}"#)
            #expect(server.statistics().connectionsAccepted == 2)
        }
    }

    @Test func connectionCloseRequestClosesAfterResponse() throws {
        try TestServer.withServer { _, port in
            let socket = try RawSocket(port: port)
            socket.send("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
            let (text, closed) = socket.readToEnd()
            #expect(closed)
            #expect(text.occurrences(of: "HTTP/1.1 200") == 1)
            #expect(text.contains("Connection: close\r\n"))
        }
    }

    @Test func http10KeepAliveOnlyWhenAsked() throws {
        try TestServer.withServer { _, port in
            let socket = try RawSocket(port: port, receiveTimeout: .milliseconds(500))
            socket.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let (kept, keptClosed) = socket.readToEnd()
            #expect(kept.contains("Connection: keep-alive\r\n"))
            #expect(!keptClosed)
            socket.send("GET /hello HTTP/1.0\r\n\r\n")
            let (text, closed) = socket.readToEnd()
            #expect(text.contains("Connection: close\r\n"))
            #expect(closed)
        }
    }

    @Test func twoThousandConcurrentConnections() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 8192 {
            limit.rlim_cur = min(8192, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        try TestServer.withServer { server, port in
            var clients: [HTTPClient] = []
            for _ in 0..<2000 { clients.append(try HTTPClient(host: "127.0.0.1", port: port)) }
            #expect(waitUntil { server.statistics().connectionsOpen == 2000 })
            var ok = 0
            for client in clients where try client.send(HTTPClientRequest(target: "/hello")).status == 200 { ok += 1 }
            #expect(ok == 2000)
            #expect(server.statistics().connectionsAccepted == 2000)
        }
    }

    @Test func shutdownFinishesInFlightRequestsAndClosesIdleOnes() throws {
        let server = HTTPServer(configuration: .make()) { loop in TestHandler(loop: loop) }
        let port = try server.start()
        let idle = try RawSocket(port: port)
        idle.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        let busy = try (0..<10).map { _ in try RawSocket(port: port) }
        #expect(waitUntil { server.statistics().requestsByStatus[200] == 1 })
        for socket in busy { socket.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n") }
        #expect(waitUntil { server.statistics().connectionsOpen == 11 })
        usleep(20_000)
        let start = ContinuousClock.now
        server.shutdown(deadline: .seconds(5))
        for socket in busy {
            let (text, closed) = socket.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.contains(#"{"slow":true}"#))
            #expect(text.contains("Connection: close\r\n"))
            #expect(closed)
        }
        let (idleText, idleClosed) = idle.readToEnd()
        #expect(idleText.hasPrefix("HTTP/1.1 200 OK"))
        #expect(idleClosed)
        server.waitUntilStopped()
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(throws: (any Error).self) { _ = try RawSocket(port: port) }
    }

    @Test func connectionsBeyondTheLimitAreClosedAtOnceWhenNoneIsIdle() throws {
        try TestServer.withServer(configuration: .make(threads: 1, maxConnections: 2)) { server, port in
            // Two connections in the middle of a head: busy, not sheddable.
            let first = try RawSocket(port: port)
            let second = try RawSocket(port: port)
            first.send("GET /hello HTTP/1.1\r\n")
            second.send("GET /hello HTTP/1.1\r\n")
            #expect(waitUntil { server.statistics().connectionsOpen == 2 })
            let third = try RawSocket(port: port)
            third.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
            let (text, closed) = third.readToEnd()
            #expect(text.isEmpty)
            #expect(closed)
            first.send("Host: a\r\nConnection: close\r\n\r\n")
            second.send("Host: a\r\nConnection: close\r\n\r\n")
            #expect(first.readToEnd().text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(second.readToEnd().text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(server.statistics().connectionsAccepted == 3)
            #expect(server.statistics().connectionsShed == 0)
        }
    }

    @Test func expectContinueGetsInterimResponse() throws {
        try TestServer.withServer { _, port in
            let socket = try RawSocket(port: port, receiveTimeout: .seconds(2))
            socket.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            #expect(socket.readOnce() == "HTTP/1.1 100 Continue\r\n\r\n")
            socket.send("hello")
            let response = socket.readOnce()
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(response.hasSuffix("\r\n\r\nhello"))
        }
    }

    @Test func unknownRouteIs404Problem() throws {
        try TestServer.withServer { _, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            let response = try client.send(HTTPClientRequest(target: "/nope"))
            #expect(response.status == 404)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(response.text == #"{"type":"https://onespin.dev/problems/not_found","title":"Not Found","status":404,"detail":"no route for /nope","code":"not_found"}"#)
        }
    }

    @Test func wrongMethodIs405WithAllow() throws {
        try TestServer.withServer { _, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            let response = try client.send(HTTPClientRequest(method: "GET", target: "/echo"))
            #expect(response.status == 405)
            #expect(response.headers["Allow"] == "POST")
            #expect(response.text.contains(#""code":"method_not_allowed""#))
        }
    }

    @Test func requestIDEchoedWhenValidReplacedOtherwise() throws {
        try TestServer.withServer { _, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            let valid = try client.send(HTTPClientRequest(target: "/hello", headers: ["X-Request-Id": "req-42.abc"]))
            #expect(valid.headers["X-Request-Id"] == "req-42.abc")
            let long = String(repeating: "x", count: 129)
            let tooLong = try client.send(HTTPClientRequest(target: "/hello", headers: ["X-Request-Id": long]))
            #expect(tooLong.status == 200)
            #expect(tooLong.headers["X-Request-Id"] != long)
            #expect(tooLong.headers["X-Request-Id"]?.utf8.count == 32)

            let socket = try RawSocket(port: port)
            socket.send("GET /hello HTTP/1.1\r\nHost: a\r\nX-Request-Id: abc\rdef\r\n\r\n")
            let (text, closed) = socket.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 400 "))
            #expect(!text.contains("X-Request-Id: abc"))
            #expect(text.contains("X-Request-Id: "))
            #expect(closed)
        }
    }

    @Test func malformedRequestGets400AndClose() throws {
        try TestServer.withServer { server, port in
            let socket = try RawSocket(port: port)
            socket.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGARBAGE\r\n\r\n")
            let (text, closed) = socket.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(text.contains("HTTP/1.1 400 Bad Request"))
            #expect(text.contains(#""code":"malformed_request""#))
            #expect(closed)
            #expect(server.statistics().requestsByStatus[400] == 1)

            let big = try RawSocket(port: port)
            big.send("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(big.readToEnd().text.hasPrefix("HTTP/1.1 414 "))
            let chunked = try RawSocket(port: port)
            chunked.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n")
            #expect(chunked.readToEnd().text.hasPrefix("HTTP/1.1 501 "))
        }
    }

    @Test func secondRespondIsIgnored() throws {
        try TestServer.withServer { _, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            let responses = try client.sendPipelined([HTTPClientRequest(target: "/twice"), HTTPClientRequest(target: "/hello")])
            #expect(responses.map(\.text) == ["first", #"{"status":"ok"}"#])
        }
    }

    @Test func clientSendsChunkedBodyAndReadsHead() throws {
        try TestServer.withServer { _, port in
            let client = try HTTPClient(host: "127.0.0.1", port: port)
            let response = try client.send(HTTPClientRequest(
                method: "POST", target: "/echo", headers: ["Transfer-Encoding": "chunked"],
                body: Array("3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n".utf8)
            ))
            #expect(response.text == "abcde")
            let head = try client.send(HTTPClientRequest(method: "HEAD", target: "/hello"))
            #expect(head.status == 200)
            #expect(head.headers["Content-Length"] == "15")
            #expect(head.body.isEmpty)
            #expect(try client.send(HTTPClientRequest(target: "/hello")).status == 200)
        }
    }
}

extension String {
    func occurrences(of needle: String) -> Int { ranges(of: needle).count }
}

@Suite struct SignalWatcherTests {
    @Test func signalShutsTheServerDown() throws {
        let server = HTTPServer(configuration: .make(threads: 1)) { loop in TestHandler(loop: loop) }
        let port = try server.start()
        let client = try HTTPClient(host: "127.0.0.1", port: port)
        #expect(try client.send(HTTPClientRequest(target: "/hello")).status == 200)
        let watcher = SignalWatcher(signals: [SIGUSR1]) { server.shutdown(deadline: .seconds(1)) }
        defer { watcher.cancel() }
        kill(getpid(), SIGUSR1)
        server.waitUntilStopped()
        #expect(server.loops.isEmpty)
        #expect(throws: (any Error).self) { _ = try RawSocket(port: port) }
    }
}
