extension TranscriptRun {
    /// HTTP/1.1 itself: keep-alive, pipelining, versions, request targets, framing and limits.
    func httpFraming() throws {
        transcript.section("HTTP framing and limits")
        let healthz = Transcript.Request.http("GET", "/healthz")
        let games = Transcript.Request.http("GET", "/v1/games", headers: [("X-Request-Id", "pipelined-2")])
        let close = Transcript.Request.http("GET", "/healthz", headers: [("Connection", "close")])

        transcript.note("three requests in one write on one connection, the last with Connection: close")
        let pipelined = try LoopbackSocket(port: server.port, timeout: .seconds(15))
        pipelined.send(healthz.bytes + games.bytes + close.bytes)
        for request in [healthz, games, close] {
            transcript.record(request, answer: pipelined.readResponse())
        }
        transcript.note("two requests one after the other on one keep-alive connection")
        let keepAlive = try LoopbackSocket(port: server.port, timeout: .seconds(15))
        transcript.exchange(healthz, on: keepAlive)
        transcript.exchange(.http("GET", "/nowhere"), on: keepAlive)
        transcript.exchange(healthz, on: keepAlive)

        try send(.http("GET", "/healthz", version: "HTTP/1.0"))
        try send(.http("GET", "/healthz", headers: [("Connection", "keep-alive")], version: "HTTP/1.0"))
        try send(.raw("GET /healthz HTTP/1.1\r\n\r\n"))
        try send(.raw("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"))
        try send(.raw("GET http://onespin.test/v1/games HTTP/1.1\r\nHost: onespin.test\r\n\r\n"))
        try send(.raw("GET healthz HTTP/1.1\r\nHost: onespin.test\r\n\r\n"))
        try send(.raw("GET /heal%74hz HTTP/1.1\r\nHost: onespin.test\r\n\r\n"))
        try send(.raw("get /healthz HTTP/1.1\r\nHost: onespin.test\r\n\r\n"))
        try send(.raw("GET /healthz HTTP/2.0\r\nHost: onespin.test\r\n\r\n"))
        try send(.raw("HELLO\r\n\r\n"))
        try send(.raw("GET /healthz HTTP/1.1\r\nHost onespin.test\r\n\r\n"))
        try send(.raw("GET /\(String(repeating: "a", count: 8200)) HTTP/1.1\r\nHost: onespin.test\r\n\r\n"))
        let manyHeaders = (0..<101).map { "X-Filler-\($0): v\r\n" }.joined()
        try send(.raw("GET /healthz HTTP/1.1\r\nHost: onespin.test\r\n\(manyHeaders)\r\n"))
        try send(.raw("GET /healthz HTTP/1.1\r\nHost: onespin.test\r\nX-Big: \(String(repeating: "b", count: 17 * 1024))\r\n\r\n"))

        let spin = "POST /v1/spins HTTP/1.1\r\nHost: onespin.test\r\nAuthorization: \(player("gina"))\r\nContent-Type: application/json\r\n"
        let body = #"{"game":"classic3","bet":10,"kind":"normal"}"#
        try send(.raw(spin + "Idempotency-Key: t-1\r\nContent-Length: 65537\r\n\r\n"))
        try send(.raw(spin + "Idempotency-Key: t-2\r\nTransfer-Encoding: gzip\r\n\r\n"))
        try send(.raw(spin + "Idempotency-Key: t-3\r\nContent-Length: 10\r\nContent-Length: 12\r\n\r\n0123456789"))
        try send(.raw(spin + "Idempotency-Key: t-4\r\nContent-Length: abc\r\n\r\n"))
        let chunked = "Transfer-Encoding: chunked\r\n\r\n\(String(body.utf8.count, radix: 16))\r\n\(body)\r\n0\r\n\r\n"
        try send(.raw(spin + "Idempotency-Key: t-5\r\n" + chunked))
        let extensions = ";" + String(repeating: "e", count: 300)
        let extended = "Transfer-Encoding: chunked\r\n\r\n\(String(body.utf8.count, radix: 16))\(extensions)\r\n\(body)\r\n0\r\n\r\n"
        try send(.raw(spin + "Idempotency-Key: t-6\r\n" + extended))
        try send(.raw(spin + "Idempotency-Key: t-7\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
        let http10 = spin.replacingOccurrences(of: "HTTP/1.1", with: "HTTP/1.0")
        try send(.raw(http10 + "Idempotency-Key: t-8\r\n" + chunked))
        try send(.raw(spin + "Idempotency-Key: t-9\r\nIdempotency-Key: t-10\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"))
        try send(.raw(
            "POST /v1/spins HTTP/1.1\r\nHost: onespin.test\r\nAuthorization: \(player("gina"))\r\nContent-Type: application/json\r\n"
                + "Content-Type: text/plain\r\nIdempotency-Key: t-11\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"))
    }

    /// `/status` and `/metrics`: operator only; figures that depend on timing are blanked.
    func observability() throws {
        transcript.section("status and metrics")
        try send("GET", "/status")
        try send("GET", "/status", auth: player("alice"))
        try send("GET", "/status", auth: admin, timed: true)
        try send("GET", "/metrics")
        try send("GET", "/metrics", auth: admin, timed: true)
    }

    /// A client that never finishes its request head: `408` and close after the head deadline.
    func slowClient() throws {
        transcript.section("a client that stops mid-head")
        let request = Transcript.Request.raw("GET /healthz HTTP/1.1\r\nHost: onespin.test\r\n")
        let socket = try LoopbackSocket(port: server.port, timeout: .seconds(30))
        transcript.exchange(request, on: socket)
    }
}
