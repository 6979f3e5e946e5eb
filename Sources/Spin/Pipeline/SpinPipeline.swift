internal import Digest
import SlotMath
package import Time

/// The template method every spin goes through, in this fixed order:
/// validate → claim → decide → play → settle → commit → respond.
///
/// Nothing in it is specific to a game or a spin kind: strategies decide, handlers play.
package struct SpinPipeline: Sendable {
    /// How long and how a spin waits for a busy player's lock.
    package struct Options: Sendable {
        /// Give up with `player_busy` after this long.
        package var busyWaitBound: Duration
        /// First backoff; doubles up to `maxBackoff`, each sleep jittered in [½, 1] of it.
        package var initialBackoff: Duration
        package var maxBackoff: Duration

        package init(
            busyWaitBound: Duration = .seconds(2), initialBackoff: Duration = .milliseconds(5),
            maxBackoff: Duration = .milliseconds(100)
        ) {
            self.busyWaitBound = busyWaitBound
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
        }
    }

    private let store: any SpinStore
    private let games: SpinGames
    private let strategies: [any SpinStrategy]
    private let clock: any WallClock
    private let random: any SpinRandomSource
    private let options: Options

    package init(
        store: any SpinStore, games: SpinGames, strategies: [any SpinStrategy] = SpinStrategies.standard,
        clock: any WallClock = SystemWallClock(), random: any SpinRandomSource = SystemRandomSource(),
        options: Options = Options()
    ) {
        self.store = store
        self.games = games
        self.strategies = strategies
        self.clock = clock
        self.random = random
        self.options = options
    }

    /// Runs one spin request to its reply; never throws: every failure is a reply.
    package func run(_ input: SpinInput) async -> SpinReply {
        let request: SpinRequest
        let game: any SpinGame
        do {
            (request, game) = try validate(input)
        } catch {
            return SpinReply(error)
        }
        let claim: Claim
        switch await claimKey(request) {
        case .success(let claimed): claim = claimed
        case .failure(let reply): return reply
        }
        return await settle(request, game: game, claim: claim)
    }

    // MARK: 1 validate

    private func validate(_ input: SpinInput) throws(SpinError) -> (SpinRequest, any SpinGame) {
        let spinId = try SpinID.parse(header: input.idempotencyKey)
        let body = try SpinRequestBody.parse(input.body)
        guard let game = games.game(body.game) else { throw .unknownGame(body.game) }
        let rules = game.rules
        if body.kind == .buyFeature || body.kind == .ticket, !rules.hasFeature {
            throw .invalidRequest("kind: game \"\(rules.id)\" has no free-spins feature")
        }
        if body.kind == .buyFeature, rules.buyMultiplier == nil {
            throw .invalidRequest("kind: game \"\(rules.id)\" has no buy feature")
        }
        if let bet = body.bet, !rules.bets.contains(bet) {
            throw .invalidRequest("bet: \(bet) is not one of the game's bets")
        }
        return (SpinRequest(player: input.player, spinId: spinId, body: body), game)
    }

    // MARK: 2 claim

    private enum Claimed {
        case success(Claim)
        case failure(SpinReply)
    }

    private func claimKey(_ request: SpinRequest) async -> Claimed {
        let claimRequest = ClaimRequest(player: request.player, spinId: request.spinId, fingerprint: request.fingerprint)
        let start = ContinuousClock.now
        var backoff = options.initialBackoff
        var jitter = SystemRandomNumberGenerator()
        while true {
            let outcome: ClaimOutcome
            do {
                outcome = try await store.claim(claimRequest)
            } catch {
                return .failure(SpinReply(.store(error)))
            }
            switch outcome {
            case .claimed(let claim):
                return .success(claim)
            case .replay(let stored, let fingerprint):
                guard sameBody(fingerprint, request) else { return .failure(SpinReply(.idempotencyKeyReused)) }
                return .failure(SpinReply(stored, replayed: true))
            case .inProgress(let fingerprint):
                guard sameBody(fingerprint, request) else { return .failure(SpinReply(.idempotencyKeyReused)) }
                return .failure(SpinReply(.requestInProgress))
            case .unknownPlayer:
                return .failure(SpinReply(.unknownPlayer))
            case .playerBusy:
                // Wait out the whole bound: the last sleep is cut to what remains, then one more try.
                let remaining = options.busyWaitBound - (ContinuousClock.now - start)
                guard remaining > .zero else { return .failure(SpinReply(.playerBusy)) }
                let sleep = min(backoff / 2 + backoff / 2 * Double.random(in: 0...1, using: &jitter), remaining)
                do {
                    try await Task.sleep(for: sleep)
                } catch {
                    return .failure(SpinReply(.playerBusy))
                }
                backoff = min(backoff * 2, options.maxBackoff)
            }
        }
    }

    private func sameBody(_ fingerprint: String, _ request: SpinRequest) -> Bool {
        ConstantTime.equal(fingerprint.utf8, request.fingerprint.utf8)
    }

    // MARK: 3 decide · 4 play · 5 settle · 6 commit · 7 respond

    private func settle(_ request: SpinRequest, game: any SpinGame, claim: Claim) async -> SpinReply {
        let now = clock.nowMillis()
        let context = SpinContext(request: request, game: game, wallet: claim.wallet, round: claim.round, nowMillis: now)
        var decision = SpinDecision()
        for strategy in strategies { strategy.decide(context, &decision) }

        var commit = SpinCommit(
            player: request.player, spinId: request.spinId, fingerprint: request.fingerprint, lockToken: claim.lockToken,
            expectedVersion: claim.wallet.version, balance: claim.wallet.balance, tickets: claim.wallet.tickets, claimedTickets: claim.wallet.tickets,
            claimedRound: claim.round != nil, round: claim.round, response: StoredResponse(status: 200, body: []), event: nil)
        var storedError: SpinError?
        do {
            guard let handler = decision.handler else {
                throw SpinError.invalidRequest("kind: no handler for \"\(request.body.kind.rawValue)\"")
            }
            let charge = try handler.charge(context)
            let play = Self.play(handler, context, charge, decision.reels, random)
            let (afterDebit, debitOverflow) = claim.wallet.balance.subtractingReportingOverflow(charge.debit)
            let (balance, winOverflow) = afterDebit.addingReportingOverflow(play.win)
            guard !debitOverflow, !winOverflow, charge.debit >= 0, balance >= 0 else { throw SpinError.insufficientFunds(balance: claim.wallet.balance, debit: charge.debit) }
            if charge.ticketsUsed > 0 {
                let left = (commit.tickets[game.rules.id] ?? 0) - charge.ticketsUsed
                commit.tickets[game.rules.id] = left > 0 ? left : nil
            }
            commit.balance = balance
            commit.round = play.round
            commit.response.body = SpinResponseBody.encode(
                request: request, charge: charge, play: play, balance: balance, boosted: decision.reels == .boosted,
                settledAt: now)
            commit.event = SpinEvent(
                spinId: request.spinId.value, player: request.player.value, game: game.rules.id,
                kind: request.body.kind.rawValue, bet: charge.bet, debit: charge.debit, win: play.win, balance: balance)
        } catch let error as SpinError where error.isStored {
            commit.response = StoredResponse(error)
            storedError = error
        } catch let error as SpinError {
            try? await store.abandon(player: request.player, spinId: request.spinId, lockToken: claim.lockToken)
            return SpinReply(error)
        } catch {
            try? await store.abandon(player: request.player, spinId: request.spinId, lockToken: claim.lockToken)
            return SpinReply(.invalidRequest("body: \(error)"))
        }

        do {
            switch try await store.commit(commit) {
            case .committed:
                return storedError.map { SpinReply($0) } ?? SpinReply(commit.response, replayed: false)
            case .fenced:
                try? await store.abandon(player: request.player, spinId: request.spinId, lockToken: claim.lockToken)
                return SpinReply(.playerBusy)
            }
        } catch {
            try? await store.abandon(player: request.player, spinId: request.spinId, lockToken: claim.lockToken)
            return SpinReply(.store(error))
        }
    }

    private static func play<Source: SpinRandomSource>(
        _ handler: any SpinHandler, _ context: SpinContext, _ charge: SpinCharge, _ reels: ReelSetName, _ source: Source
    ) -> SpinPlay {
        var generator = source.makeGenerator()
        return handler.play(context, charge: charge, reels: reels, using: &generator)
    }
}
