extension TranscriptRun {
    /// Routes anyone may call, and what routing answers for paths and methods it does not know.
    func openRoutes() throws {
        transcript.section("open routes and routing")
        try send("GET", "/healthz")
        try send("GET", "/readyz")
        try send("GET", "/v1/games")
        try send("GET", "/healthz", headers: [("X-Request-Id", "transcript-trace-1")])
        try send("GET", "/healthz", headers: [("X-Request-Id", "has space")])
        try send("GET", "/healthz?probe=1")
        try send("GET", "/healthz/")
        try send("GET", "/")
        try send("GET", "/v2/spins")
        try send("GET", "/V1/GAMES")
        try send("POST", "/healthz", body: "{}")
        try send("HEAD", "/healthz")
        try send("OPTIONS", "/v1/spins")
        try send("DELETE", "/v1/spins")
        try send("GET", "/v1/spins")
        try send("POST", "/v1/spins/abc", body: "{}")
        try send("PUT", "/admin/players/alice")
        try send("GET", "/admin/players/alice/boost")
        try send("POST", "/status")
    }

    /// `/admin/*`: operator authentication, path parameters, credits (idempotent), tickets, boost.
    func operatorRoutes() throws {
        transcript.section("operator routes")
        try send("GET", "/admin/players/alice")
        try send("GET", "/admin/players/alice", auth: "Bearer not-the-admin-token-0123456789")
        try send("GET", "/admin/players/alice", auth: "Basic YWRtaW46YWRtaW4=")
        try send("GET", "/admin/players/alice", auth: player("alice"))
        try send("POST", "/admin/players/alice/credit", headers: [("Idempotency-Key", "c-anon")], body: #"{"amount":5}"#)
        try send("PUT", "/admin/players/alice/boost", body: #"{"until":null}"#)
        try send("GET", "/admin/players/alice", auth: admin)
        try send("GET", "/admin/players/bad*id", auth: admin)
        try send("GET", "/admin/players/\(String(repeating: "p", count: 65))", auth: admin)
        try send("POST", "/admin/players/bad*id/credit", auth: admin, headers: [("Idempotency-Key", "c-0")], body: #"{"amount":5}"#)

        let credit = "/admin/players/alice/credit"
        try send("POST", credit, auth: admin, body: #"{"amount":100000,"reason":"welcome"}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "\"two words\"")], body: #"{"amount":1}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-bad-1")], body: #"{"amount":"100"}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-bad-2")], body: #"{"amount":1.5}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-bad-3")], body: #"{"amount":10"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-bad-4")], body: #"{"reason":"none"}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-bad-5")], body: #"{"amount":1,"bonus":2}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-1")], body: #"{"amount":100000,"reason":"welcome"}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-1")], body: #"{"amount":100000,"reason":"welcome"}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-1")], body: #"{"amount":5,"reason":"welcome"}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-2")], body: #"{"amount":-1000000,"reason":"too much"}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-2")], body: #"{"amount":-1000000,"reason":"too much"}"#)
        try send("POST", credit, auth: admin, headers: [("Idempotency-Key", "c-3")], body: #"{"amount":-500,"reason":"fee"}"#)

        let tickets = "/admin/players/alice/tickets"
        try send("POST", tickets, auth: admin, body: #"{"game":"fruit5","count":2}"#)
        try send("POST", tickets, auth: admin, body: #"{"game":"pinball","count":2}"#)
        try send("POST", tickets, auth: admin, body: #"{"game":"fruit5","count":0}"#)
        try send("POST", tickets, auth: admin, body: #"{"game":"fruit5","count":-1}"#)
        try send("POST", tickets, auth: admin, body: #"{"game":"fruit5"}"#)
        try send("POST", tickets, auth: admin, body: "not json")
        try send("POST", "/admin/players/nobody/tickets", auth: admin, body: #"{"game":"fruit5","count":1}"#)

        let boost = "/admin/players/alice/boost"
        try send("PUT", boost, auth: admin, body: #"{"until":"2099-01-01T00:00:00Z"}"#)
        try send("GET", "/admin/players/alice", auth: admin)
        try send("PUT", boost, auth: admin, body: #"{"until":"tomorrow"}"#)
        try send("PUT", boost, auth: admin, body: #"{}"#)
        try send("PUT", boost, auth: admin, body: #"{"until":null}"#)
        try send("PUT", "/admin/players/nobody/boost", auth: admin, body: #"{"until":null}"#)
        try send("GET", "/admin/players/alice", auth: admin)

        transcript.note("other players: bob (no tickets), carol (5), frank (the balance limit), gina (held keys)")
        try send("POST", "/admin/players/bob/credit", auth: admin, headers: [("Idempotency-Key", "c-bob")], body: #"{"amount":100000}"#)
        try send("POST", "/admin/players/carol/credit", auth: admin, headers: [("Idempotency-Key", "c-carol")], body: #"{"amount":5}"#)
        try send("POST", "/admin/players/gina/credit", auth: admin, headers: [("Idempotency-Key", "c-gina")], body: #"{"amount":1000}"#)
        let frank = "/admin/players/frank/credit"
        try send("POST", frank, auth: admin, headers: [("Idempotency-Key", "f-1")], body: #"{"amount":1000000000000001}"#)
        try send("POST", frank, auth: admin, headers: [("Idempotency-Key", "f-2")], body: #"{"amount":999999999999000}"#)
        try send("POST", frank, auth: admin, headers: [("Idempotency-Key", "f-3")], body: #"{"amount":5000}"#)
        try send("POST", frank, auth: admin, headers: [("Idempotency-Key", "f-4")], body: #"{"amount":9007199254740993}"#)
    }

    /// Player authentication and the read routes.
    func playerRoutes() throws {
        transcript.section("player authentication and reads")
        let now = JWTForge.now
        let secret = TestServer.jwtSecret
        let forged: [(label: String, token: String)] = [
            ("expired", JWTForge.token(header: #"{"alg":"HS256","typ":"JWT"}"#, claims: #"{"sub":"alice","exp":\#(now - 60)}"#, secret: secret)),
            ("alg none", JWTForge.base64URL(Array(#"{"alg":"none"}"#.utf8)) + "." + JWTForge.base64URL(Array(#"{"sub":"alice","exp":\#(now + 600)}"#.utf8)) + "."),
            ("other secret", JWTForge.token(header: #"{"alg":"HS256"}"#, claims: #"{"sub":"alice","exp":\#(now + 600)}"#, secret: Array("another-secret-0123456789abcdef".utf8))),
            ("no sub", JWTForge.token(header: #"{"alg":"HS256"}"#, claims: #"{"exp":\#(now + 600)}"#, secret: secret)),
            ("not yet valid", JWTForge.token(header: #"{"alg":"HS256"}"#, claims: #"{"sub":"alice","exp":\#(now + 600),"nbf":\#(now + 300)}"#, secret: secret)),
            ("crit", JWTForge.token(header: #"{"alg":"HS256","crit":["exp2"],"exp2":1}"#, claims: #"{"sub":"alice","exp":\#(now + 600)}"#, secret: secret)),
        ]
        try send("GET", "/v1/wallet")
        try send("GET", "/v1/wallet", auth: "Bearer not.a.jwt")
        try send("GET", "/v1/wallet", auth: "Bearer")
        try send("GET", "/v1/wallet", auth: admin)
        for (label, token) in forged {
            transcript.label(token, as: label + " token")
            try send("GET", "/v1/wallet", auth: "Bearer \(token)")
        }
        try send("GET", "/v1/wallet", auth: "bearer   " + player("alice").dropFirst("Bearer ".count))
        try send("GET", "/v1/wallet", auth: player("alice"))
        try send(.raw("GET /v1/wallet HTTP/1.1\r\nHost: onespin.test\r\nAuthorization: \(player("alice"))\r\nAuthorization: \(player("bob"))\r\n\r\n"))
        try send("GET", "/v1/wallet", auth: player("dave"))
        try send("GET", "/v1/history", auth: player("alice"))
        try send("GET", "/v1/history?limit=0", auth: player("alice"))
        try send("GET", "/v1/history?limit=101", auth: player("alice"))
        try send("GET", "/v1/history?limit=ten", auth: player("alice"))
        try send("GET", "/v1/history?limit=", auth: player("alice"))
        try send("GET", "/v1/history", auth: player("dave"))
        try send("GET", "/v1/spins/never-used", auth: player("alice"))
        try send("GET", "/v1/spins/never-used")
    }
}
