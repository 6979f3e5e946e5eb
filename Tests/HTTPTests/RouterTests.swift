import HTTP
import Testing

@Suite struct RouterTests {
    enum Route: Equatable, Sendable { case spin, getSpin, credit, player, me, games }

    static func make() -> Router<Route> {
        var router = Router<Route>()
        router.add("POST", "/v1/spins", .spin)
        router.add("GET", "/v1/spins/:spinId", .getSpin)
        router.add("POST", "/admin/players/:id/credit", .credit)
        router.add("GET", "/admin/players/:id", .player)
        router.add("GET", "/admin/players/me", .me)
        router.add("GET", "/v1/games", .games)
        return router
    }

    @Test func matchesWithParameters() {
        let router = Self.make()
        guard case .matched(let route, let parameters) = router.match(method: "GET", path: "/v1/spins/abc-1") else {
            Issue.record("no match"); return
        }
        #expect(route == .getSpin)
        #expect(parameters == ["spinId": "abc-1"])
        guard case .matched(.credit, let credit) = router.match(method: "POST", path: "/admin/players/p7/credit") else {
            Issue.record("no credit match"); return
        }
        #expect(credit == ["id": "p7"])
    }

    @Test func literalBeatsParameter() {
        let router = Self.make()
        guard case .matched(let route, let parameters) = router.match(method: "GET", path: "/admin/players/me") else {
            Issue.record("no match"); return
        }
        #expect(route == .me)
        #expect(parameters.isEmpty)
    }

    @Test func methodNotAllowedListsMethods() {
        let router = Self.make()
        guard case .methodNotAllowed(let allow) = router.match(method: "DELETE", path: "/v1/spins") else {
            Issue.record("expected 405"); return
        }
        #expect(allow == ["POST"])
    }

    @Test func notFound() {
        let router = Self.make()
        for path in ["/", "/v1", "/v1/spins/a/b", "/v1/spins/", "/v1/gamesx"] {
            guard case .notFound = router.match(method: "GET", path: path) else {
                Issue.record("expected 404 for \(path)"); continue
            }
        }
    }

    @Test func pathsDeeperThanEveryPatternAreNotFound() {
        let router = Self.make()
        for path in ["/admin/players/p7/credit/x", "/a/b/c/d/e/f/g/h/i/j", "////////", String(repeating: "/x", count: 300)] {
            guard case .notFound = router.match(method: "GET", path: path) else {
                Issue.record("expected 404 for \(path.prefix(40))"); continue
            }
        }
        guard case .matched(.credit, let parameters) = router.match(method: "POST", path: "/admin/players/p%2F7/credit") else {
            Issue.record("the deepest pattern must still match"); return
        }
        #expect(parameters == ["id": "p/7"])
    }

    @Test func routeTableNamesRoutesByPosition() {
        var table = RouteTable()
        table.add("GET", "/admin/players/:id")
        table.add("GET", "/admin/players/me")
        table.add("POST", "/v1/spins")
        guard case .matched(1, let parameters) = table.match(method: "GET", path: "/admin/players/me") else {
            Issue.record("the literal route (index 1) must win"); return
        }
        #expect(parameters.isEmpty)
        guard case .matched(0, let player) = table.match(method: "GET", path: "/admin/players/p1") else {
            Issue.record("expected index 0"); return
        }
        #expect(player == ["id": "p1"])
        guard case .methodNotAllowed(let allow) = table.match(method: "GET", path: "/v1/spins") else {
            Issue.record("expected 405"); return
        }
        #expect(allow == ["POST"])
        guard case .notFound = table.match(method: "GET", path: "/v1/spins/x") else {
            Issue.record("expected 404"); return
        }
    }
}
