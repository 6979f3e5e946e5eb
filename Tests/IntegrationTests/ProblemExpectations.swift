import HTTP
import Spin
import Testing

/// Checks of an RFC 9457 problem response, as API.md states them for every error.
enum ProblemExpectations {
    /// Status, `Content-Type`, `code`, `type`, `status`, that `detail` names `mentions`, and
    /// `Retry-After` present exactly when `retryAfter`. Returns the parsed problem.
    @discardableResult
    static func expect(
        _ response: HTTPClientResponse, status: Int, code: String, mentions: String, retryAfter: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> JSONObject {
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.headers["Content-Type"] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = try JSONObject(response)
        #expect(try problem.string("code") == code, sourceLocation: sourceLocation)
        #expect(try problem.string("type") == "https://onespin.dev/problems/\(code)", sourceLocation: sourceLocation)
        #expect(try problem.int("status") == status, sourceLocation: sourceLocation)
        #expect(!(try problem.string("title")).isEmpty, sourceLocation: sourceLocation)
        let detail = try problem.string("detail")
        #expect(detail.contains(mentions), "detail \"\(detail)\" does not name \(mentions)", sourceLocation: sourceLocation)
        if retryAfter {
            let seconds = response.headers["Retry-After"].flatMap { Int($0) }
            #expect((seconds ?? 0) >= 1, "Retry-After missing or not whole seconds", sourceLocation: sourceLocation)
        } else {
            #expect(response.headers["Retry-After"] == nil, sourceLocation: sourceLocation)
        }
        if status == 401 {
            #expect(response.headers["WWW-Authenticate"] == "Bearer", sourceLocation: sourceLocation)
        }
        return problem
    }

    /// A stored response: the same request replays the same status and bytes with
    /// `Idempotent-Replayed: true`, and `GET /v1/spins/{key}` answers the same.
    static func expectStored(
        _ server: TestServer, _ player: PlayerID, key: String, body: [UInt8], original: HTTPClientResponse,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(original.headers["Idempotent-Replayed"] == nil, sourceLocation: sourceLocation)
        let replay = try await server.spin(player: player, key: key, body: body)
        #expect(replay.status == original.status, sourceLocation: sourceLocation)
        #expect(replay.body == original.body, "replay not byte-identical", sourceLocation: sourceLocation)
        #expect(replay.headers["Idempotent-Replayed"] == "true", sourceLocation: sourceLocation)
        #expect(replay.headers["Content-Type"] == original.headers["Content-Type"], sourceLocation: sourceLocation)
        let lookup = try await server.lookup(player: player, key: key)
        #expect(lookup.status == original.status, sourceLocation: sourceLocation)
        #expect(lookup.body == original.body, "lookup not byte-identical", sourceLocation: sourceLocation)
        #expect(lookup.headers["Idempotent-Replayed"] == "true", sourceLocation: sourceLocation)
    }

    /// A response that was not stored: the key is unknown to `GET /v1/spins/{key}`.
    static func expectKeyUnused(
        _ server: TestServer, _ player: PlayerID, key: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let lookup = try await server.lookup(player: player, key: key)
        try expect(lookup, status: 404, code: "unknown_spin", mentions: "spinId", sourceLocation: sourceLocation)
    }
}
