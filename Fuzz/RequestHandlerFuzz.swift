import Dispatch
import Foundation
import HTTP
import OneSpin
import Spin

// libFuzzer target for the whole request path: a real `OneSpinServer` on 127.0.0.1 (port 0, one
// loop, the memory store) is started once; every input becomes one exchange over a real socket —
// the HTTP parser, the router, authentication (real tokens signed with the server's secret for a
// share of the inputs), the bodies, `SpinService` and the store.
//
// The first byte picks the mode. Structured (most inputs): method, path template, headers and body
// are drawn from the input (`FuzzRequest`). Raw: the rest of the input is the byte stream sent.
//
// Properties checked on every input:
// - the server neither crashes nor hangs (an answer within 8 s, or a clean close);
// - every answer is well-formed HTTP/1.1: status line, headers, exactly one `Content-Length` that
//   matches the body; every 4xx/5xx is `application/problem+json` with a string `code` and the
//   status in its body;
// - a structured request gets exactly one answer;
// - no wallet changed when every answer was a 4xx or 5xx (wallets of the fuzzed players and of the
//   path's player, read from the store before and after).

enum Harness {
    static let secret = Array("fuzz-handler-jwt-secret-0123456789abcdef".utf8)
    static let adminToken = "fuzz-handler-admin-token-0123456789"
    static let players = ["fz0", "fz1", "fz2"].compactMap(PlayerID.init)
    static let tokens = PlayerToken(secret: secret)

    /// The server and the store it uses, started on first use.
    static let running: (port: Int, store: MemorySpinStore) = start()

    private static func start() -> (port: Int, store: MemorySpinStore) {
        var configuration = ServerConfiguration(jwtSecret: secret, adminToken: Array(adminToken.utf8))
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.threads = 1
        configuration.lockWaitMilliseconds = 50
        // The shipped games, found from this file (the fuzz build has no resource bundle).
        configuration.gamesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Sources/SlotMath/Resources/Games").standardizedFileURL.path
        let store = MemorySpinStore(limits: SpinStoreLimits(keyTTL: 60_000))  // keys expire: memory stays bounded
        let devNull = open("/dev/null", O_WRONLY)
        let logger = Logger(level: .error, fileDescriptor: devNull)
        let server: OneSpinServer
        let port: Int
        do {
            server = try OneSpinServer(configuration: configuration, logger: logger, overrides: .init(store: { _ in store }))
            port = try server.start()
        } catch {
            fatalError("fuzz harness: the server did not start: \(error)")
        }
        Keeper.server = server
        for player in players {
            let credit = FuzzRequest.admin("POST", "/admin/players/\(player.value)/credit", key: "seed-\(player.value)",
                                           body: #"{"amount":1000000,"reason":"fuzz"}"#)
            let reply = Exchange.run(credit, port: port)
            guard reply.responses.first?.status == 200 else { fatalError("fuzz harness: funding \(player.value) failed") }
        }
        return (port, store)
    }
}

/// Keeps the server alive for the process's life (libFuzzer never returns from its loop).
private enum Keeper {
    nonisolated(unsafe) static var server: OneSpinServer?
}

/// A result handed from a task to the waiting fuzz thread (the semaphore orders the accesses).
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
    let done = DispatchSemaphore(value: 0)
}

/// Runs an async store read from libFuzzer's synchronous callback.
private func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    Task.detached {
        box.value = await work()
        box.done.signal()
    }
    box.done.wait()
    guard let value = box.value else { fatalError("unreachable: the task set no value") }
    return value
}

/// What a player sees of a wallet (the version is internal: a stored spin error bumps it).
private struct VisibleWallet: Equatable, Sendable {
    var balance: Int
    var tickets: [String: Int]
    var boostUntil: Int64?
    var round: FreeSpinsRound?
}

private func wallets(_ players: [PlayerID], _ store: MemorySpinStore) -> [PlayerID: VisibleWallet?] {
    blocking {
        var result: [PlayerID: VisibleWallet?] = [:]
        for player in players {
            let state = try? await store.wallet(player: player)
            result[player] = state.map {
                VisibleWallet(balance: $0.wallet.balance, tickets: $0.wallet.tickets, boostUntil: $0.wallet.boostUntil, round: $0.round)
            }
        }
        return result
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (port, store) = Harness.running
    var input = FuzzInput(Array(UnsafeBufferPointer(start: data, count: size)))
    let request = FuzzRequest.make(&input, players: Harness.players, tokens: Harness.tokens, adminToken: Harness.adminToken)
    var watched = Harness.players
    if let player = request.pathPlayer, !watched.contains(player) { watched.append(player) }
    let before = wallets(watched, store)
    let exchange = Exchange.run(request, port: port)
    exchange.check(request)
    let allErrors = !exchange.responses.isEmpty && exchange.responses.allSatisfy { $0.status >= 400 }
    if allErrors {
        let after = wallets(watched, store)
        for player in watched where before[player] != after[player] {
            fatalError("""
                a \(exchange.responses.map(\.status)) answer changed \(player.value)'s wallet: \
                \(String(describing: before[player])) → \(String(describing: after[player])); \
                request: \(String(decoding: request.bytes.prefix(600), as: UTF8.self))
                """)
        }
    }
    return 0
}
