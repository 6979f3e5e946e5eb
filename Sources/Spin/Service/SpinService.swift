import JSON
package import Time

/// What the HTTP routes call: spins, their recovery, history, wallet and the operator actions.
/// Every method answers a `SpinReply` (status, body, replay flag, `Retry-After`); none throws.
package struct SpinService: Sendable {
    private let store: any SpinStore
    private let games: SpinGames
    private let pipeline: SpinPipeline

    package init(
        store: any SpinStore, games: SpinGames, strategies: [any SpinStrategy] = SpinStrategies.standard,
        clock: any WallClock = SystemWallClock(), random: any SpinRandomSource = SystemRandomSource(),
        options: SpinPipeline.Options = SpinPipeline.Options()
    ) {
        self.store = store
        self.games = games
        self.pipeline = SpinPipeline(
            store: store, games: games, strategies: strategies, clock: clock, random: random, options: options)
    }

    /// `POST /v1/spins`.
    package func spin(player: PlayerID, idempotencyKey: String?, body: [UInt8]) async -> SpinReply {
        await pipeline.run(SpinInput(player: player, idempotencyKey: idempotencyKey, body: body))
    }

    /// `GET /v1/spins/{spinId}`: the stored response (replayed), `202` while in progress, else `404 unknown_spin`.
    package func lookup(player: PlayerID, spinId: String) async -> SpinReply {
        guard let id = SpinID(spinId) else { return SpinReply(.unknownSpin) }
        do {
            switch try await store.lookup(player: player, spinId: id) {
            case .done(let stored):
                return SpinReply(stored, replayed: true)
            case .inProgress:
                var w = JSONWriter(capacity: 64 + spinId.utf8.count)
                w.raw(literal: "{\"spinId\":")
                w.string(id.value)
                w.raw(literal: ",\"state\":\"in_progress\"}")
                return SpinReply(status: 202, body: w.bytes, retryAfter: 1)
            case .unknown:
                return SpinReply(.unknownSpin)
            }
        } catch {
            return SpinReply(.store(error))
        }
    }

    /// `GET /v1/history?limit=N` (default 10, clamped to 1…100), built from the stored bytes.
    package func history(player: PlayerID, limit: Int?) async -> SpinReply {
        let count = min(max(limit ?? 10, 1), 100)
        do {
            let bodies = try await store.history(player: player, limit: count)
            var w = JSONWriter(capacity: 16 + bodies.reduce(0) { $0 + $1.count + 1 })
            w.raw(literal: "{\"spins\":[")
            for (index, body) in bodies.enumerated() {
                if index > 0 { w.raw(literal: ",") }
                w.raw(bytes: body)
            }
            w.raw(literal: "]}")
            return SpinReply(status: 200, body: w.bytes)
        } catch {
            return SpinReply(.store(error))
        }
    }

    /// `GET /v1/wallet` and `GET /admin/players/{id}`.
    package func wallet(player: PlayerID) async -> SpinReply {
        do {
            guard let state = try await store.wallet(player: player) else { return SpinReply(.unknownPlayer) }
            return SpinReply(status: 200, body: WalletBody.encode(player: player, state: state))
        } catch {
            return SpinReply(.store(error))
        }
    }

    /// `POST /admin/players/{id}/credit`, idempotent by `Idempotency-Key`.
    package func credit(player: PlayerID, idempotencyKey: String?, body: [UInt8]) async -> SpinReply {
        do throws(SpinError) {
            let key = try SpinID.parse(header: idempotencyKey)
            let credit = try AdminBodies.credit(body)
            let outcome: CreditOutcome
            do {
                outcome = try await store.credit(
                    player: player, amount: credit.amount, key: key, fingerprint: credit.fingerprint, reason: credit.reason)
            } catch {
                throw .store(error)
            }
            switch outcome {
            case .credited(let state, let replayed):
                return SpinReply(status: 200, body: WalletBody.encode(player: player, state: state), replayed: replayed)
            case .insufficientFunds(let balance, let replayed):
                // `amount` is within ±Wallet.balanceLimit (AdminBodies), so its magnitude is the debit.
                let error = SpinError.insufficientFunds(balance: balance, debit: Int(credit.amount.magnitude))
                return replayed ? SpinReply(error).asReplay() : SpinReply(error)
            case .balanceLimitExceeded(let balance, let replayed):
                let error = SpinError.balanceLimitExceeded(balance: balance, amount: credit.amount)
                return replayed ? SpinReply(error).asReplay() : SpinReply(error)
            case .keyReused:
                throw .idempotencyKeyReused
            }
        } catch {
            return SpinReply(error)
        }
    }

    /// `POST /admin/players/{id}/tickets` → the wallet.
    package func addTickets(player: PlayerID, body: [UInt8]) async -> SpinReply {
        do throws(SpinError) {
            let request = try AdminBodies.tickets(body)
            guard let game = games.game(request.game) else { throw .unknownGame(request.game) }
            guard game.rules.hasFeature else { throw .invalidRequest("game: \"\(request.game)\" has no free-spins feature") }
            let outcome: TicketsOutcome
            do {
                outcome = try await store.addTickets(player: player, game: request.game, count: request.count)
            } catch {
                throw .store(error)
            }
            switch outcome {
            case .added(let state):
                return SpinReply(status: 200, body: WalletBody.encode(player: player, state: state))
            case .unknownPlayer:
                throw .unknownPlayer
            case .limitExceeded(let held):
                throw .invalidRequest(
                    "count: \(held) + \(request.count) tickets for game \"\(request.game)\" would exceed the limit of \(Wallet.ticketLimit)")
            }
        } catch {
            return SpinReply(error)
        }
    }

    /// `PUT /admin/players/{id}/boost` → the wallet.
    package func setBoost(player: PlayerID, body: [UInt8]) async -> SpinReply {
        do throws(SpinError) {
            let until = try AdminBodies.boost(body)
            let state: WalletState?
            do {
                state = try await store.setBoost(player: player, until: until)
            } catch {
                throw .store(error)
            }
            guard let state else { throw .unknownPlayer }
            return SpinReply(status: 200, body: WalletBody.encode(player: player, state: state))
        } catch {
            return SpinReply(error)
        }
    }

    /// Whether the store answers a ping (`/readyz`).
    package func isReady() async -> Bool {
        do {
            try await store.ping()
            return true
        } catch {
            return false
        }
    }
}
