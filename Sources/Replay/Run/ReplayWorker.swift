import Glibc
import HTTP
import Synchronization

/// One connection's share of a replay: a set of players, their actions in file order, their ledgers.
/// Used by one thread at a time (its extra connections by the helper threads of concurrent copies).
/// `@unchecked`, not `LoopBound`: a worker runs on a plain replay thread, not an event loop, and is
/// handed whole to it; its helpers reach only their own connection and a `Mutex`-guarded list.
final class ReplayWorker: @unchecked Sendable {
    private let settings: ReplayRunner.Settings
    private let slot: ReplayMeter.Slot
    private let client: FailoverConnection
    private var extras: [FailoverConnection] = []
    private var tokens: [String: String] = [:]
    var ledgers: [String: PlayerLedger] = [:]
    let players: [String]
    let actions: [ScenarioAction]

    /// - Parameter start: index of the first server (of `settings.targets`) this worker talks to.
    init(settings: ReplayRunner.Settings, slot: ReplayMeter.Slot, players: [String], actions: [ScenarioAction], start: Int = 0) throws {
        self.settings = settings
        self.slot = slot
        self.players = players
        self.actions = actions
        client = try FailoverConnection(targets: settings.targets, start: start)
    }

    // MARK: provisioning

    /// Credits every player once (a deterministic key) and reads the starting balance.
    func provision() throws(ReplayError) {
        for player in players {
            let body = Array("{\"amount\":\(settings.initialCredit),\"reason\":\"replay provisioning\"}".utf8)
            let credit = try admin("POST", "/admin/players/\(player)/credit", body: body, key: "replay-credit-\(settings.initialCredit)")
            guard credit.status == 200 else {
                throw .server("credit of player \(player) answered \(credit.status): \(credit.text.prefix(200))")
            }
            ledgers[player] = PlayerLedger(player: player, baseline: try balance(of: player) ?? 0)
        }
    }

    // MARK: playing

    /// Plays the actions in order, paced by `interval` (seconds per action; 0 for no limit), until `deadline`.
    func play(interval: Double, start: ContinuousClock.Instant, deadline: ContinuousClock.Instant?) {
        var sent = 0.0
        for action in actions {
            if let deadline, ContinuousClock.now >= deadline { return }
            if interval > 0 {
                pace(until: start + .seconds(sent * interval))
                sent += 1
            }
            let first = perform(action)
            guard var answer = first, answer.status == 200, answer.featureActive else { continue }
            var number = 1
            while answer.status == 200, answer.featureActive, number <= 1000 {
                if let deadline, ContinuousClock.now >= deadline { return }
                let free = ScenarioAction(player: action.player, spin: "\(action.spin)-f\(number)", game: action.game, bet: action.bet, kind: "free")
                guard let next = perform(free) else { break }
                answer = next
                number += 1
            }
        }
    }

    /// Sends one action the way its network does; returns the key's stored answer.
    private func perform(_ action: ScenarioAction) -> SpinAnswer? {
        let request = spinRequest(action)
        ledgers[action.player, default: PlayerLedger(player: action.player, baseline: 0)].touch(action.spin)
        switch action.send {
        case .once:
            record(action, untilStored(request, on: client))
        case .resend:
            for _ in 0...action.copies { record(action, untilStored(request, on: client)) }
        case .timeout:
            AbandonedRequest.send(
                host: client.target.host, port: client.target.port, bytes: Self.encode(request), waitMilliseconds: action.timeoutMs)
            record(action, untilStored(request, on: client))
        case .concurrent:
            while extras.count < action.copies - 1 {
                guard let extra = try? FailoverConnection(targets: settings.targets, start: client.index + 1 + extras.count) else { break }
                extras.append(extra)
            }
            let answers = SharedAnswers()
            let helpers = extras.prefix(action.copies - 1).map { extra in
                let connection = UncheckedClient(connection: extra)
                return ReplayThread.start { [self] in answers.append(untilStored(request, on: connection.connection)) }
            }
            let own = untilStored(request, on: client)
            helpers.forEach { $0.join() }
            record(action, own)
            for answer in answers.all { record(action, answer) }
        }
        return ledgers[action.player]?.keys[action.spin]?.first
    }

    private func record(_ action: ScenarioAction, _ answer: SpinAnswer?) {
        guard let answer else { return }
        if ledgers[action.player, default: PlayerLedger(player: action.player, baseline: 0)].observe(action.spin, answer) {
            slot.update { $0.settled += 1 }
        }
    }

    /// Sends until the answer is stored (retrying 409/429/503 and transport errors with backoff).
    private func untilStored(_ request: HTTPClientRequest, on connection: FailoverConnection) -> SpinAnswer? {
        var backoff = 1
        for attempt in 0..<settings.maxAttempts {
            if attempt > 0 {
                usleep(useconds_t(backoff * 1000))
                backoff = min(backoff * 2, 100)
            }
            let started = ContinuousClock.now
            let failovers = connection.failovers
            guard let response = try? connection.send(request) else {
                let moved = connection.failovers - failovers
                slot.update {
                    $0.errors += 1
                    $0.failovers += moved
                }
                continue
            }
            let elapsed = (ContinuousClock.now - started).components
            let micros = UInt64(max(0, elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000))
            let answer = SpinAnswer(status: response.status, body: response.body)
            let replayed = response.headers["Idempotent-Replayed"] == "true"
            let retry = answer.isRetryable
            slot.update { figures in
                figures.requests += 1
                figures.latency.record(micros)
                figures.statuses[response.status, default: 0] += 1
                if replayed { figures.replays += 1 }
                if retry { figures.retries += 1 }
            }
            if !retry { return answer }
        }
        return nil
    }

    // MARK: verification

    /// The server's wallet, history and key lookups of this worker's players.
    func serverViews() throws(ReplayError) -> [String: ServerView] {
        var views: [String: ServerView] = [:]
        for player in players {
            guard var ledger = ledgers[player] else { continue }
            let history = try get("/v1/history?limit=100", player: player)
            var lookups: [String: SpinAnswer] = [:]
            for key in ledger.order {
                let response = try get("/v1/spins/\(Self.percentEncoded(key))", player: player)
                guard response.status != 404 || ledger.keys[key]?.first != nil else { continue }
                let answer = SpinAnswer(status: response.status, body: response.body)
                lookups[key] = answer
                if ledger.keys[key]?.first == nil, response.status != 202 { ledger.adopt(key, answer) }
            }
            ledgers[player] = ledger
            let balance = try balance(of: player)
            views[player] = ServerView(balance: balance, historyIds: SpinAnswer.spinIds(in: history.body), lookups: lookups)
        }
        return views
    }

    // MARK: requests

    private func spinRequest(_ action: ScenarioAction) -> HTTPClientRequest {
        HTTPClientRequest(
            method: "POST", target: "/v1/spins",
            headers: ["Authorization": bearer(action.player), "Idempotency-Key": action.spin, "Content-Type": "application/json"],
            body: action.requestBody)
    }

    private func bearer(_ player: String) -> String {
        if let token = tokens[player] { return token }
        let token = "Bearer " + settings.mintToken(player)
        tokens[player] = token
        return token
    }

    private func balance(of player: String) throws(ReplayError) -> Int? {
        let wallet = try admin("GET", "/admin/players/\(player)", body: [], key: nil)
        guard wallet.status == 200 else { return nil }
        return SpinAnswer.integer(after: Array("\"balance\":".utf8), in: wallet.body)
    }

    private func admin(_ method: String, _ path: String, body: [UInt8], key: String?) throws(ReplayError) -> HTTPClientResponse {
        var headers: HTTPHeaders = ["Authorization": "Bearer " + settings.adminToken]
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        if !body.isEmpty { headers.add(name: "Content-Type", value: "application/json") }
        return try exchange(HTTPClientRequest(method: method, target: path, headers: headers, body: body))
    }

    private func get(_ path: String, player: String) throws(ReplayError) -> HTTPClientResponse {
        try exchange(HTTPClientRequest(method: "GET", target: path, headers: ["Authorization": bearer(player)]))
    }

    /// A bookkeeping request, retried while the answer is retryable.
    private func exchange(_ request: HTTPClientRequest) throws(ReplayError) -> HTTPClientResponse {
        var last = "no answer"
        for attempt in 0..<settings.maxAttempts {
            if attempt > 0 { usleep(useconds_t(min(100, 1 << min(attempt, 7)) * 1000)) }
            do {
                let response = try client.send(request)
                if response.status != 503 && response.status != 202 && response.status != 409 { return response }
                last = "status \(response.status)"
            } catch {
                last = "\(error)"
            }
        }
        throw .server("\(request.method) \(request.target): \(last)")
    }

    static func percentEncoded(_ key: String) -> String {
        var out = ""
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// The request's bytes as HTTPClient would write them, for the abandoned connection.
    static func encode(_ request: HTTPClientRequest) -> [UInt8] {
        var text = "\(request.method) \(request.target) HTTP/1.1\r\nHost: replay\r\n"
        for field in request.headers { text += "\(field.name): \(field.value)\r\n" }
        text += "Content-Length: \(request.body.count)\r\n\r\n"
        return Array(text.utf8) + request.body
    }

    private func pace(until instant: ContinuousClock.Instant) {
        let wait = instant - ContinuousClock.now
        guard wait > .zero else { return }
        let micros = wait.components.seconds * 1_000_000 + wait.components.attoseconds / 1_000_000_000_000
        usleep(useconds_t(min(micros, 1_000_000)))
    }
}
