import HTTP
import Testing

/// Percent-decoded parameters and HEAD on GET routes, at the router.
@Suite struct RouterDecodingTests {
    @Test(arguments: [("x%3Fy", "x?y"), ("a%2Fb", "a/b"), ("%2541", "%41"), ("plain+sign", "plain+sign"), ("caf%c3%A9", "café")])
    func parametersAreDecodedOnce(_ raw: String, _ decoded: String) {
        guard case .matched(.getSpin, let parameters) = RouterTests.make().match(method: "GET", path: "/v1/spins/\(raw)") else {
            Issue.record("no match for \(raw)"); return
        }
        #expect(parameters == ["spinId": decoded])
    }

    @Test(arguments: ["%zz", "ab%4", "%", "%FF", "%C3"])
    func badEscapesNameTheParameter(_ raw: String) {
        guard case .invalidParameter(let name, let detail) = RouterTests.make().match(method: "GET", path: "/v1/spins/\(raw)") else {
            Issue.record("\(raw) must be refused"); return
        }
        #expect(name == "spinId")
        #expect(detail.hasPrefix("spinId: "))
    }

    @Test func headMatchesGetRoutesAndAllowListsIt() {
        let router = RouterTests.make()
        guard case .matched(.games, _) = router.match(method: "HEAD", path: "/v1/games") else {
            Issue.record("HEAD must match the GET route"); return
        }
        guard case .methodNotAllowed(let allow) = router.match(method: "DELETE", path: "/v1/spins/k") else {
            Issue.record("expected 405"); return
        }
        #expect(allow == ["GET", "HEAD"])
        guard case .methodNotAllowed(let post) = router.match(method: "HEAD", path: "/v1/spins") else {
            Issue.record("HEAD on a POST-only route is 405"); return
        }
        #expect(post == ["POST"])
    }
}
