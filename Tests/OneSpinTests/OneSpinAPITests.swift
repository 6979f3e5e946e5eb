import HTTP
import OneSpin
import Spin
import Testing

/// The API without a server: routing, access, error mapping and the facts replies carry, request
/// in and reply out (`Tests/IntegrationTests` serves the same API over real sockets).
@Suite struct OneSpinAPITests {
    /// A target that matches `pattern`: each `:name` segment filled with a valid value.
    static func target(_ pattern: String) -> String {
        pattern.split(separator: "/").map { $0.hasPrefix(":") ? "alice" : String($0) }.reduce("") { $0 + "/" + $1 }
    }

    @Test func everyRouteIsDeclaredOnceAndRoutesToItself() {
        var seen = Set<String>()
        for (index, route) in OneSpinRoute.table.enumerated() {
            #expect(seen.insert("\(route.method) \(route.pattern)").inserted, "\(route.method) \(route.pattern) declared twice")
            guard case .matched(let matched, _) = OneSpinRoute.router.match(method: route.method, path: Self.target(route.pattern)) else {
                Issue.record("\(route.method) \(route.pattern) does not route")
                continue
            }
            #expect(matched == index, "\(route.method) \(route.pattern) routes to \(OneSpinRoute.table[matched].pattern)")
        }
    }

    @Test func everyPlayerAndOperatorRouteRefusesAnonymousAndWrongCredentials() async throws {
        let fixture = try APIFixture.make()
        let guarded = OneSpinRoute.table.filter { $0.access != .open }
        #expect(guarded.count >= 10)
        for route in guarded {
            let wrong: HTTPHeaders = route.access == .player ? APIFixture.admin() : fixture.player("alice")
            for headers in [HTTPHeaders(), ["Authorization": "Bearer nope"], ["Authorization": "Basic YTpi"], wrong] {
                var headers = headers
                headers.add(name: "Content-Type", value: "application/json")
                let request = APIFixture.request(route.method, Self.target(route.pattern), headers: headers, body: "{}")
                let routed = fixture.api.route(request)
                #expect(routed.route == route.pattern)
                #expect(routed.player == nil && !routed.countsSpins, "\(route.pattern): no player before authentication")
                let reply = await routed.answer.reply()
                #expect(reply.response.status == 401, "\(route.method) \(route.pattern) with \(headers): \(reply.text)")
                #expect(reply.response.headers["WWW-Authenticate"] == "Bearer")
                #expect(reply.code == "unauthorized" && reply.bodyCode == "unauthorized")
                #expect(reply.disposition == nil)
            }
        }
    }

    @Test func openRoutesAnswerWithoutCredentials() async throws {
        let fixture = try APIFixture.make()
        for route in OneSpinRoute.table where route.access == .open {
            let reply = await fixture.send(APIFixture.request(route.method, Self.target(route.pattern)))
            #expect(reply.response.status == 200, "\(route.pattern): \(reply.text)")
            #expect(reply.code == nil)
        }
    }

    @Test func unknownPathsAre404() async throws {
        let fixture = try APIFixture.make()
        for path in ["/", "/nowhere", "/v1", "/v1/spins/a/b", "/healthz/", "/V1/WALLET", "/admin/players"] {
            let routed = fixture.api.route(APIFixture.request("GET", path, headers: APIFixture.admin()))
            #expect(routed.route == "unmatched")
            let reply = await routed.answer.reply()
            #expect(reply.response.status == 404, "\(path)")
            #expect(reply.code == "not_found" && reply.bodyCode == "not_found")
            #expect(reply.response.headers["Content-Type"] == "application/problem+json")
        }
    }

    @Test func wrongMethodsAre405WithEveryAllowedMethod() async throws {
        let fixture = try APIFixture.make()
        let patterns = Set(OneSpinRoute.table.map(\.pattern))
        for pattern in patterns {
            let declared = OneSpinRoute.table.filter { $0.pattern == pattern }.map(\.method)
            // HEAD is answered for every GET route (the HTTP layer sends no body).
            let allowed = (declared + (declared.contains("GET") ? ["HEAD"] : [])).sorted()
            if declared.contains("GET") {
                #expect(fixture.api.route(APIFixture.request("HEAD", Self.target(pattern))).route == pattern)
            }
            for method in ["GET", "POST", "PUT", "DELETE", "PATCH"] where !allowed.contains(method) {
                let reply = await fixture.send(APIFixture.request(method, Self.target(pattern), headers: APIFixture.admin()))
                #expect(reply.response.status == 405, "\(method) \(pattern)")
                #expect(reply.response.headers["Allow"] == allowed.joined(separator: ", "))
                #expect(reply.code == "method_not_allowed" && reply.bodyCode == "method_not_allowed")
                #expect(reply.text.contains(method))
            }
        }
    }

    @Test func operatorRoutesCheckThePathsPlayerAfterTheToken() async throws {
        let fixture = try APIFixture.make()
        for route in OneSpinRoute.table where route.pattern.hasPrefix("/admin/players/:id") {
            let target = route.pattern.replacingOccurrences(of: ":id", with: "bad*id")
            let anonymous = await fixture.send(APIFixture.request(route.method, target, body: "{}"))
            #expect(anonymous.response.status == 401)
            let reply = await fixture.send(APIFixture.request(route.method, target, headers: APIFixture.admin(key: "k"), body: "{}"))
            #expect(reply.response.status == 400, "\(route.pattern): \(reply.text)")
            #expect(reply.code == "invalid_request" && reply.text.contains("path parameter id"))
        }
    }

    @Test func jsonRoutesRefuseOtherMediaTypesOnceAuthenticated() async throws {
        let fixture = try APIFixture.make()
        let jsonRoutes = OneSpinRoute.table.filter { $0.body == .json }
        #expect(Set(jsonRoutes.map { "\($0.method) \($0.pattern)" }) == [
            "POST /v1/spins", "POST /admin/players/:id/credit", "POST /admin/players/:id/tickets", "PUT /admin/players/:id/boost",
        ])
        for route in jsonRoutes {
            var credentials: HTTPHeaders = route.access == .player ? fixture.player("alice") : APIFixture.admin()
            credentials.remove(name: "Content-Type")
            for contentType in [nil, "text/plain", "application/jsonx", "application/x-www-form-urlencoded"] as [String?] {
                var headers = credentials
                if let contentType { headers.add(name: "Content-Type", value: contentType) }
                let routed = fixture.api.route(APIFixture.request(route.method, Self.target(route.pattern), headers: headers, body: "{}"))
                let reply = await routed.answer.reply()
                #expect(reply.response.status == 415, "\(route.pattern) with \(contentType ?? "none")")
                #expect(reply.code == "unsupported_media_type" && reply.bodyCode == "unsupported_media_type")
                #expect(reply.text.contains("Content-Type"))
                #expect(reply.disposition == (route.countsSpins ? .rejected : nil))
            }
            var anonymous = HTTPHeaders()
            anonymous.add(name: "Content-Type", value: "text/plain")
            let refused = await fixture.send(APIFixture.request(route.method, Self.target(route.pattern), headers: anonymous, body: "{}"))
            #expect(refused.response.status == 401, "access is checked before the media type")
            var accepted = credentials
            accepted.add(name: "Content-Type", value: "Application/JSON ; charset=utf-8")
            let reply = await fixture.send(APIFixture.request(route.method, Self.target(route.pattern), headers: accepted, body: "{}"))
            #expect(reply.response.status != 415, "\(route.pattern): \(reply.text)")
        }
    }

    @Test(arguments: [
        ("application/json", true), ("APPLICATION/Json", true), (" application/json ; charset=utf-8", true),
        ("application/json;", true), ("\tapplication/json\t", true), ("application/json;charset=latin1", true),
        ("application/jsonx", false), ("application/json5", false), ("application/ json", false), ("", false),
        ("text/json", false), ("application/json\u{e9}", false), ("x application/json", false), (";application/json", false),
    ])
    func theMediaTypeRule(value: String, accepted: Bool) async throws {
        let fixture = try APIFixture.make()
        var headers = fixture.player("alice", key: "k")
        headers.remove(name: "Content-Type")
        headers.add(name: "Content-Type", value: value)
        let reply = await fixture.send(APIFixture.request("POST", "/v1/spins", headers: headers, body: "{}"))
        #expect((reply.response.status != 415) == accepted, "\(value): \(reply.text)")
    }
}
