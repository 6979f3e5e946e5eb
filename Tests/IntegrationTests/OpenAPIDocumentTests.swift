import Foundation
import HTTP
import OneSpin
import Spin
import Testing

extension EndToEnd {
    /// docs/openapi.json against the router's own table, and the files the server ships.
    @Suite struct OpenAPIDocumentTests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        static func repositoryFile(_ path: String) throws -> [UInt8] {
            Array(try Data(contentsOf: repository.appendingPathComponent(path)))
        }

        static func document() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(try repositoryFile("docs/openapi.json")))
            return try #require(object as? [String: Any])
        }

        /// The document's operations as "METHOD /path/{param}" → the operation object.
        static func operations() throws -> [String: [String: Any]] {
            let paths = try #require(try document()["paths"] as? [String: [String: Any]])
            var operations: [String: [String: Any]] = [:]
            for (path, item) in paths {
                for (method, operation) in item {
                    operations["\(method.uppercased()) \(path)"] = try #require(operation as? [String: Any])
                }
            }
            return operations
        }

        /// The router's own table (`OneSpinRoute.table`) in OpenAPI form — HEAD with every GET — with
        /// each route's access and whether it takes a JSON body.
        static func routes() -> [String: (access: OneSpinRoute.Access, json: Bool)] {
            var routes: [String: (access: OneSpinRoute.Access, json: Bool)] = [:]
            for route in OneSpinRoute.table {
                let path = route.pattern.split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                routes["\(route.method) \(path)"] = (route.access, route.body == .json)
                if route.method == "GET" { routes["HEAD \(path)"] = (route.access, false) }
            }
            return routes
        }

        @Test func everyRouteIsDocumentedAndNothingElse() throws {
            let documented = Set(try Self.operations().keys)
            let routed = Set(Self.routes().keys)
            #expect(routed.subtracting(documented).sorted() == [], "routes missing from docs/openapi.json")
            #expect(documented.subtracting(routed).sorted() == [], "operations in docs/openapi.json the router does not have")
            #expect(routed.isSuperset(of: ["POST /v1/spins", "GET /v1/spins/{spinId}", "HEAD /v1/wallet", "GET /openapi.json"]))
        }

        @Test func securityOfEachOperationIsTheRoutesAccess() throws {
            let operations = try Self.operations()
            for (key, route) in Self.routes() {
                let security = try #require(operations[key]?["security"] as? [[String: [String]]], "\(key): no security")
                let schemes = security.flatMap(\.keys)
                let expected = switch route.access {
                case .player: ["playerJWT"]
                case .admin: ["adminToken"]
                case .open: [String]()
                }
                #expect(schemes == expected, "\(key)")
                let responses = try #require(operations[key]?["responses"] as? [String: Any])
                if route.access != .open { #expect(responses["401"] != nil, "\(key): 401 undocumented") }
                // A JSON-body route documents its body and the 415 of any other media type.
                let body = (operations[key]?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                #expect((body?["application/json"] != nil) == route.json, "\(key): requestBody")
                #expect((responses["415"] != nil) == route.json, "\(key): 415")
            }
        }

        @Test func everyProblemCodeOfTheServerIsInTheDocument() throws {
            let text = String(decoding: try Self.repositoryFile("docs/openapi.json"), as: UTF8.self)
            let codes = [
                "missing_idempotency_key", "invalid_idempotency_key", "invalid_request", "unauthorized", "unknown_game",
                "unknown_player", "unknown_spin", "request_in_progress", "player_busy", "feature_active", "no_active_feature",
                "insufficient_funds", "no_ticket", "idempotency_key_reused", "rate_limited", "store_unavailable",
                "balance_limit_exceeded", "internal_error", "not_found", "method_not_allowed", "malformed_request",
                "duplicate_header", "unsupported_media_type", "uri_too_long", "headers_too_large", "body_too_large",
                "unsupported_transfer_encoding", "http_version_not_supported", "request_timeout",
            ]
            for code in codes { #expect(text.contains("\"\(code)\""), "\(code) not in docs/openapi.json") }
        }

        @Test func theServerShipsTheSameFiles() async throws {
            try await TestServer.withServer(.memory) { server in
                let document = try await server.request("GET", "/openapi.json")
                #expect(document.status == 200)
                #expect(document.headers["Content-Type"] == "application/json; charset=utf-8")
                let shipped = try Self.repositoryFile("docs/openapi.json")
                #expect(document.body == shipped)
                let client = try await server.request("GET", "/demo/onespin.js")
                #expect(client.status == 200)
                #expect(client.headers["Content-Type"] == "text/javascript; charset=utf-8")
                let source = try Self.repositoryFile("clients/js/onespin.js")
                #expect(client.body == source)
                let page = try await server.request("GET", "/demo")
                #expect(page.status == 200)
                #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
                let html = String(decoding: page.body, as: UTF8.self)
                #expect(html.contains("import { OneSpin, OneSpinError } from \"/demo/onespin.js\""))
                #expect(!html.contains("http://") && !html.contains("https://"), "no external assets")
            }
        }

        /// The spin request's schema spells out the shipped games' bets: they must be the games' own.
        @Test func spinRequestBetsAreTheShippedGames() async throws {
            let schemas = try #require((try Self.document()["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let request = try #require(schemas["SpinRequest"] as? [String: Any])
            let allOf = try #require(request["allOf"] as? [[String: Any]])
            var documented: [String: [Int]] = [:]
            for branch in allOf.flatMap({ ($0["anyOf"] as? [[String: Any]]) ?? [] }) {
                guard let properties = branch["properties"] as? [String: [String: Any]],
                    let game = properties["game"]?["const"] as? String, let bets = properties["bet"]?["enum"] as? [Int]
                else { continue }
                documented[game] = bets
            }
            try await TestServer.withServer(.memory) { server in
                let answer = try await server.request("GET", "/v1/games")
                let games = try #require((try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])?["games"] as? [[String: Any]])
                var served: [String: [Int]] = [:]
                for game in games {
                    served[try #require(game["id"] as? String)] = try #require(game["bets"] as? [Int])
                }
                #expect(documented == served)
            }
        }

        @Test func theDemoIsOffWithRedisUnlessAskedFor() async throws {
            try await TestServer.withServer(.redis) { server in
                for path in ["/demo", "/demo/onespin.js"] {
                    let answer = try await server.request("GET", path)
                    try ProblemExpectations.expect(answer, status: 404, code: "not_found", mentions: "demo")
                }
                let document = try await server.request("GET", "/openapi.json")
                #expect(document.status == 200)
            }
            try await TestServer.withServer(.redis, configure: { $0.demo = true }) { server in
                let page = try await server.request("GET", "/demo")
                #expect(page.status == 200)
            }
        }
    }
}
