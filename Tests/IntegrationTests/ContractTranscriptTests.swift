import Foundation
import HTTP
import OneSpin
import Spin
import Testing

extension EndToEnd {
    /// The whole contract as it is served: a fixed sequence of requests over every route — each
    /// success and each error — sent to a real server on the embedded store with seeded reels, its
    /// answers compared byte for byte with `Transcripts/contract.txt` (see `Transcript` for the few
    /// run-dependent values blanked out). A refactoring that changes any status, header, body or
    /// connection behaviour fails here; an intended change re-records the file
    /// (`ONESPIN_RECORD_TRANSCRIPT=1`) in a commit that says what changed and why.
    @Suite struct ContractTranscriptTests {
        static let golden = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().appendingPathComponent("Transcripts/contract.txt")

        @Test func answersMatchTheRecordedTranscript() async throws {
            let transcript = Transcript()
            let power = StoreSwitch()
            try await TestServer.withServer(
                .memory, random: SeededRandomSource(seed: 20_261_202), power: power,
                configure: { $0.lockWaitMilliseconds = 150 }
            ) { server in
                let run = TranscriptRun(server: server, transcript: transcript, power: power)
                try run.openRoutes()
                try run.operatorRoutes()
                try run.playerRoutes()
                try await run.spinErrors()
                try run.httpFraming()
                try run.observability()
                try run.mediaTypes()
                try run.slowClient()
            }
            try await TestServer.withServer(
                .memory, random: SeededRandomSource(seed: 7), configure: { $0.rateLimit = 1; $0.rateBurst = 1 }
            ) { server in
                try TranscriptRun(server: server, transcript: transcript, power: StoreSwitch()).rateLimit()
            }
            try Self.compare(transcript.text)
        }

        /// Records the golden file when `ONESPIN_RECORD_TRANSCRIPT=1`, otherwise compares with it and
        /// writes what was served beside it (`contract.actual.txt`, ignored by git) on a mismatch.
        static func compare(_ actual: String) throws {
            if ProcessInfo.processInfo.environment["ONESPIN_RECORD_TRANSCRIPT"] == "1" {
                try Data(actual.utf8).write(to: golden)
                return
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            guard actual != expected else { return }
            let actualFile = golden.deletingPathExtension().appendingPathExtension("actual.txt")
            try Data(actual.utf8).write(to: actualFile)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            let served = line < a.count ? String(a[line]) : "(end)"
            let recorded = line < e.count ? String(e[line]) : "(end)"
            Issue.record("""
                transcript differs from \(golden.lastPathComponent) at line \(line + 1):
                  recorded: \(recorded)
                  served:   \(served)
                diff \(golden.path) \(actualFile.path)
                """)
        }
    }
}

/// One run of the transcript: the server, the tokens, and a fresh connection per request unless
/// a step says otherwise.
struct TranscriptRun {
    let server: TestServer
    let transcript: Transcript
    let power: StoreSwitch
    /// Each player's token, signed once: a token signed again in the next second has other bytes.
    private let tokens: [String: String]

    init(server: TestServer, transcript: Transcript, power: StoreSwitch) {
        self.server = server
        self.transcript = transcript
        self.power = power
        var tokens: [String: String] = [:]
        for name in ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank"] {
            let token = server.token(PlayerID(name)!)
            tokens[name] = token
            transcript.label(token, as: name)
        }
        self.tokens = tokens
        transcript.label(TestServer.adminToken, as: "admin token")
    }

    /// `Bearer <token>` of a player.
    func player(_ name: String) -> String {
        "Bearer \(tokens[name] ?? "unknown player \(name)")"
    }

    var admin: String { "Bearer \(TestServer.adminToken)" }

    /// Sends one request on its own connection and records it.
    @discardableResult
    func send(_ request: Transcript.Request, timed: Bool = false) throws -> String {
        let socket = try LoopbackSocket(port: server.port, timeout: .seconds(15))
        return transcript.exchange(request, on: socket, timed: timed)
    }

    /// A request of method, target, authorization, headers and body in one call.
    @discardableResult
    func send(
        _ method: String, _ target: String, auth: String? = nil, headers: [(String, String)] = [], body: String? = nil,
        contentType: String? = "application/json", timed: Bool = false
    ) throws -> String {
        try send(
            .http(method, target, authorization: auth, headers: headers, body: body, contentType: contentType),
            timed: timed)
    }
}
