import Spin

extension TranscriptRun {
    /// `POST /v1/spins` and `GET /v1/spins/{id}`: every row of the spin error table, replays,
    /// the free-spins kinds, keys held by another process, and a store that cannot be reached.
    func spinErrors() async throws {
        transcript.section("spins")
        let alice = player("alice")
        let classic = #"{"game":"classic3","bet":10,"kind":"normal"}"#
        try send("POST", "/v1/spins", auth: alice, body: classic)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "\"\"")], body: classic)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", String(repeating: "k", count: 256))], body: classic)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "caf\u{e9}")], body: classic)
        try send("POST", "/v1/spins", headers: [("Idempotency-Key", "s-anon")], body: classic)
        let invalid = [
            #"{"game":"fruit5","#, "[1,2]", #"{"game":"fruit5","bet":"20"}"#, #"{"game":"fruit5","bet":20.5}"#,
            #"{"game":"fruit5","bet":20,"kind":"turbo"}"#, #"{"game":"fruit5","bet":7}"#, #"{"game":"fruit5"}"#,
            #"{"bet":20}"#, #"{"game":"fruit5","bet":20,"extra":1}"#, #"{"game":"pinball","bet":20}"#,
            #"{"game":"classic3","bet":10,"kind":"buy_feature"}"#, #"{"game":"fruit5","bet":20} x"#, "",
        ]
        for (index, body) in invalid.enumerated() {
            try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-bad-\(index)")], body: body)
        }
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-1")], body: classic)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-1")], body: classic)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-1")], body: #"{"game":"classic3","bet":5,"kind":"normal"}"#)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "\"s-1\"")], body: classic)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "x?y")], body: classic)
        try send("GET", "/v1/spins/x%3Fy", auth: alice)
        try send("GET", "/v1/spins/x?y", auth: alice)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-4")], body: #"{"game":"classic3","bet":10,"kind":"free"}"#)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-4")], body: #"{"game":"classic3","bet":10,"kind":"free"}"#)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-6")], body: #"{"game":"ways243","bet":50}"#)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-7")], body: #"{"game":"fruit5","bet":20}"#)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-8")], body: #"{"game":"fruit5","bet":20,"kind":"ticket"}"#)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-9")], body: #"{"game":"fruit5","bet":20}"#)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-10")], body: #"{"game":"fruit5","bet":40,"kind":"free"}"#)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-11")], body: #"{"game":"fruit5","kind":"free"}"#)
        try send("POST", "/v1/spins", auth: alice, headers: [("Idempotency-Key", "s-12")], body: #"{"game":"fruit5","bet":20,"kind":"free"}"#)
        try send("GET", "/v1/wallet", auth: alice)
        for key in ["s-1", "s-4", "s-9", "s-12", "s-bad-0"] {
            try send("GET", "/v1/spins/\(key)", auth: alice)
        }
        try send("GET", "/v1/history?limit=3", auth: alice)

        let bob = player("bob")
        try send("GET", "/v1/spins/s-1", auth: bob)
        try send("POST", "/v1/spins", auth: bob, headers: [("Idempotency-Key", "s-1")], body: classic)
        try send("POST", "/v1/spins", auth: bob, headers: [("Idempotency-Key", "b-1")], body: #"{"game":"fruit5","bet":20,"kind":"ticket"}"#)
        try send("POST", "/v1/spins", auth: bob, headers: [("Idempotency-Key", "b-1")], body: #"{"game":"fruit5","bet":20,"kind":"ticket"}"#)
        try send("POST", "/v1/spins", auth: bob, headers: [("Idempotency-Key", "b-2")], body: #"{"game":"fruit5","bet":20,"kind":"buy_feature"}"#)
        try send("POST", "/v1/spins", auth: player("carol"), headers: [("Idempotency-Key", "c-1")], body: classic)
        try send("POST", "/v1/spins", auth: player("carol"), headers: [("Idempotency-Key", "c-1")], body: classic)
        try send("POST", "/v1/spins", auth: player("dave"), headers: [("Idempotency-Key", "d-1")], body: classic)
        try await heldKeys(classic)
        try storeDown(classic)
    }

    /// Keys and players held by "another server": `request_in_progress`, `202`, `player_busy`.
    private func heldKeys(_ classic: String) async throws {
        let gina = PlayerID("gina")!
        let auth = player("gina")
        let fingerprint = SpinRequestBody(game: "classic3", bet: 10, kind: .normal).fingerprint
        transcript.note("another process claims gina's key p-1 (same body) and is still working on it")
        guard case .claimed(let pending) = try await server.store.claim(ClaimRequest(player: gina, spinId: SpinID("p-1")!, fingerprint: fingerprint))
        else { throw TranscriptSetupFailed("claim p-1") }
        try send("POST", "/v1/spins", auth: auth, headers: [("Idempotency-Key", "p-1")], body: classic)
        try send("GET", "/v1/spins/p-1", auth: auth)
        try send("POST", "/v1/spins", auth: auth, headers: [("Idempotency-Key", "p-1")], body: #"{"game":"classic3","bet":25,"kind":"normal"}"#)
        try await server.store.abandon(player: gina, spinId: SpinID("p-1")!, lockToken: pending.lockToken)
        transcript.note("the claim of p-1 is abandoned")
        try send("POST", "/v1/spins", auth: auth, headers: [("Idempotency-Key", "p-1")], body: classic)

        transcript.note("another process holds gina's lock with key h-1 (the lock wait is 150 ms)")
        guard case .claimed(let holder) = try await server.store.claim(ClaimRequest(player: gina, spinId: SpinID("h-1")!, fingerprint: "held"))
        else { throw TranscriptSetupFailed("claim h-1") }
        try send("POST", "/v1/spins", auth: auth, headers: [("Idempotency-Key", "g-1")], body: classic)
        try await server.store.abandon(player: gina, spinId: SpinID("h-1")!, lockToken: holder.lockToken)
        transcript.note("the lock is released")
        try send("POST", "/v1/spins", auth: auth, headers: [("Idempotency-Key", "g-1")], body: classic)
    }

    /// Every route that touches the store while it cannot be reached, then again once it is back.
    private func storeDown(_ classic: String) throws {
        transcript.note("the store is switched off")
        power.set(down: true)
        defer { power.set(down: false) }
        let gina = player("gina")
        try send("GET", "/readyz")
        try send("GET", "/healthz")
        try send("GET", "/v1/games")
        try send("POST", "/v1/spins", auth: gina, headers: [("Idempotency-Key", "g-2")], body: classic)
        try send("GET", "/v1/spins/g-1", auth: gina)
        try send("GET", "/v1/wallet", auth: gina)
        try send("GET", "/v1/history", auth: gina)
        try send("POST", "/admin/players/gina/credit", auth: admin, headers: [("Idempotency-Key", "c-down")], body: #"{"amount":5}"#)
        try send("POST", "/admin/players/gina/tickets", auth: admin, body: #"{"game":"fruit5","count":1}"#)
        try send("PUT", "/admin/players/gina/boost", auth: admin, body: #"{"until":null}"#)
        try send("GET", "/admin/players/gina", auth: admin)
        try send("GET", "/status", auth: admin, timed: true)
        power.set(down: false)
        transcript.note("the store is back")
        try send("GET", "/readyz")
        try send("POST", "/v1/spins", auth: gina, headers: [("Idempotency-Key", "g-2")], body: classic)
    }

    /// The `Content-Type` of the JSON-body routes (last, so that what it changes stays here).
    func mediaTypes() throws {
        transcript.section("media types of the JSON-body routes")
        let hank = player("hank")
        let classic = #"{"game":"classic3","bet":10,"kind":"normal"}"#
        try send("POST", "/admin/players/hank/credit", auth: admin, headers: [("Idempotency-Key", "c-hank")], body: #"{"amount":1000}"#)
        try send("POST", "/v1/spins", auth: hank, headers: [("Idempotency-Key", "m-1")], body: classic, contentType: nil)
        try send("POST", "/v1/spins", auth: hank, headers: [("Idempotency-Key", "m-2")], body: classic, contentType: "text/plain")
        try send("POST", "/v1/spins", auth: hank, headers: [("Idempotency-Key", "m-3")], body: classic, contentType: "Application/JSON; charset=utf-8")
        try send("POST", "/v1/spins", headers: [("Idempotency-Key", "m-4")], body: classic, contentType: "text/plain")
        try send("POST", "/admin/players/hank/credit", auth: admin, headers: [("Idempotency-Key", "c-hank-2")], body: #"{"amount":5}"#, contentType: nil)
        try send("POST", "/admin/players/hank/tickets", auth: admin, body: #"{"game":"fruit5","count":1}"#, contentType: "text/plain")
        try send("PUT", "/admin/players/hank/boost", auth: admin, body: #"{"until":null}"#, contentType: "application/xml")
        try send("GET", "/v1/wallet", auth: hank, headers: [("Content-Type", "text/plain")])
    }

    /// The second server: one spin a second per player, burst 1.
    func rateLimit() throws {
        transcript.section("a second server with --rate-limit 1 --rate-burst 1")
        try send("POST", "/admin/players/erin/credit", auth: admin, headers: [("Idempotency-Key", "c-erin")], body: #"{"amount":1000}"#)
        let classic = #"{"game":"classic3","bet":10,"kind":"normal"}"#
        try send("POST", "/v1/spins", auth: player("erin"), headers: [("Idempotency-Key", "r-1")], body: classic)
        try send("POST", "/v1/spins", auth: player("erin"), headers: [("Idempotency-Key", "r-2")], body: classic)
        try send("GET", "/v1/wallet", auth: player("erin"))
    }
}

/// The transcript could not set up a step (a store call answered otherwise than expected).
struct TranscriptSetupFailed: Error, CustomStringConvertible {
    let description: String
    init(_ step: String) { description = "transcript setup failed: \(step)" }
}
