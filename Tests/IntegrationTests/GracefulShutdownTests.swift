import Foundation
import HTTP
import OneSpin
import Replay
import Spin
import Synchronization
import Testing

extension EndToEnd {
    /// SIGTERM's path under load: `shutdown(deadline:)` while clients spin flat out. Every request the
    /// server took is answered in full, the server stops within the deadline, and the wallets agree with
    /// the answers the clients got (checked through a second server on the same store).
    @Suite(.serialized)
    struct GracefulShutdownTests {
        /// What one load thread saw.
        final class Outcome: Sendable {
            let answers = Mutex<[String: SpinAnswer]>([:])
            let unanswered = Mutex<[String]>([])
            let count = Atomic<Int>(0)
        }

        @Test func everyTakenRequestIsAnsweredAndTheBooksBalance() throws {
            let store = MemorySpinStore()
            let (server, port) = try ReplayServerTests.startServer(overrides: .init(store: { _ in store }))
            let (checker, checkerPort) = try ReplayServerTests.startServer(overrides: .init(store: { _ in store }))
            defer { ReplayServerTests.stop(checker) }
            let credit = 10_000_000
            let players = (0..<6).map { "gs-\($0)-\(UInt32.random(in: 0...UInt32.max))" }
            let admin = try HTTPClient(host: "127.0.0.1", port: checkerPort)
            for player in players {
                let funded = try admin.send(Self.adminRequest("POST", "/admin/players/\(player)/credit", body: "{\"amount\":\(credit),\"reason\":\"t\"}", key: "f"))
                #expect(funded.status == 200)
            }
            let mint = ReplayCommand.tokenMinter(secret: ReplayServerTests.secret)
            let outcomes = players.map { _ in Outcome() }
            let threads = zip(players, outcomes).map { player, outcome in
                let thread = Thread {
                    guard let client = try? HTTPClient(host: "127.0.0.1", port: port) else { return }
                    let token = "Bearer " + mint(player)
                    for number in 0..<100_000 {
                        let key = "s\(number)"
                        let request = HTTPClientRequest(
                            method: "POST", target: "/v1/spins",
                            headers: ["Authorization": token, "Idempotency-Key": key, "Content-Type": "application/json"],
                            body: Array(#"{"game":"classic3","bet":10}"#.utf8))
                        guard let response = try? client.send(request) else {
                            outcome.unanswered.withLock { $0.append(key) }
                            return
                        }
                        outcome.answers.withLock { $0[key] = SpinAnswer(status: response.status, body: response.body) }
                        outcome.count.add(1, ordering: .relaxed)
                    }
                }
                thread.start()
                return thread
            }
            _ = threads
            for _ in 0..<1000 where outcomes.reduce(0, { $0 + $1.count.load(ordering: .relaxed) }) < 600 { usleep(5000) }

            let started = ContinuousClock.now
            server.shutdown(deadline: .seconds(3))
            server.waitUntilStopped()
            let took = ContinuousClock.now - started
            #expect(took < .seconds(3.5), "shutdown took \(took)")
            for _ in 0..<400 where outcomes.contains(where: { $0.unanswered.withLock { $0.isEmpty } }) { usleep(10_000) }

            var total = 0
            for (player, outcome) in zip(players, outcomes) {
                let answers = outcome.answers.withLock { $0 }
                total += answers.count
                #expect(answers.values.allSatisfy { $0.status == 200 }, "\(player): \(answers.values.map(\.status).filter { $0 != 200 })")
                let debit = answers.values.reduce(0) { $0 + $1.debit }
                let win = answers.values.reduce(0) { $0 + $1.win }
                let wallet = try admin.send(Self.adminRequest("GET", "/admin/players/\(player)"))
                let balance = (try? JSONSerialization.jsonObject(with: Data(wallet.body)) as? [String: Any])?["balance"] as? Int
                #expect(balance == credit - debit + win, "\(player): \(answers.count) answers")
                // The request cut off by the shutdown was never taken: nothing is stored under its key.
                let token = "Bearer " + mint(player)
                for key in outcome.unanswered.withLock({ $0 }) {
                    let lookup = try admin.send(HTTPClientRequest(method: "GET", target: "/v1/spins/\(key)", headers: ["Authorization": token]))
                    #expect(lookup.status == 404, "\(player) \(key): \(lookup.status)")
                }
                #expect(outcome.unanswered.withLock { $0.count } == 1)
            }
            #expect(total >= 600)
        }

        static func adminRequest(_ method: String, _ target: String, body: String = "", key: String? = nil) -> HTTPClientRequest {
            var headers: HTTPHeaders = ["Authorization": "Bearer " + ReplayServerTests.admin, "Content-Type": "application/json"]
            if let key { headers.add(name: "Idempotency-Key", value: key) }
            return HTTPClientRequest(method: method, target: target, headers: headers, body: Array(body.utf8))
        }
    }
}
