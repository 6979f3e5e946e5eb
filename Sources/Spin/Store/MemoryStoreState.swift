/// The plain state behind `MemorySpinStore`'s mutex, with one method per store operation.
struct MemoryStoreState: Sendable {
    enum KeyRecord: Sendable {
        case pending(fingerprint: String, leaseUntil: Int64)
        case done(fingerprint: String, response: StoredResponse, expiresAt: Int64)
    }

    struct CreditRecord: Sendable {
        var fingerprint: String
        var outcome: CreditOutcome
        var expiresAt: Int64
    }

    struct PlayerState: Sendable {
        var wallet: Wallet
        var round: FreeSpinsRound?
        var lock: (token: String, leaseUntil: Int64)?
        var history: [[UInt8]] = []
        var keys: [SpinID: KeyRecord] = [:]
        var credits: [SpinID: CreditRecord] = [:]
        var sweepAt = 64
    }

    var players: [PlayerID: PlayerState] = [:]
    /// Refused credits of players without a wallet (a refusal creates none), for their replays.
    var walletlessCredits: [PlayerID: [SpinID: CreditRecord]] = [:]
    var events: [SpinEvent] = []

    mutating func claim(_ request: ClaimRequest, token: String, now: Int64, limits: MemorySpinStore.Limits) -> ClaimOutcome {
        modify(request.player) { player in Self.claim(&player, request, token: token, now: now, limits: limits) } ?? .unknownPlayer
    }

    private static func claim(
        _ player: inout PlayerState, _ request: ClaimRequest, token: String, now: Int64, limits: MemorySpinStore.Limits
    ) -> ClaimOutcome {
        switch player.keys[request.spinId] {
        case .done(let fingerprint, let response, let expiresAt) where expiresAt > now:
            return .replay(response, fingerprint: fingerprint)
        case .pending(let fingerprint, let leaseUntil) where leaseUntil > now:
            return .inProgress(fingerprint: fingerprint)
        default:
            break
        }
        if let lock = player.lock, lock.leaseUntil > now { return .playerBusy }
        player.keys[request.spinId] = .pending(fingerprint: request.fingerprint, leaseUntil: now + limits.pendingLease)
        player.lock = (token, now + limits.lockLease)
        if player.keys.count >= player.sweepAt {
            player.keys = player.keys.filter { _, record in
                switch record {
                case .pending(_, let until), .done(_, _, let until): until > now
                }
            }
            player.sweepAt = max(64, player.keys.count * 2)
        }
        return .claimed(Claim(lockToken: token, wallet: player.wallet, round: player.round))
    }

    mutating func commit(_ commit: SpinCommit, now: Int64, limits: MemorySpinStore.Limits) -> CommitOutcome {
        let outcome = modify(commit.player) { player -> CommitOutcome in
            guard let lock = player.lock, lock.token == commit.lockToken, lock.leaseUntil > now,
                player.wallet.version == commit.expectedVersion
            else { return .fenced }
            Self.apply(commit, to: &player, now: now, limits: limits)
            return .committed
        }
        guard outcome == .committed else { return .fenced }
        if let event = commit.event {
            events.append(event)
            // Trim in chunks so appends stay amortised O(1).
            if events.count > limits.eventsLength + limits.eventsLength / 4 + 1 {
                events.removeFirst(events.count - limits.eventsLength)
            }
        }
        return .committed
    }

    private static func apply(_ commit: SpinCommit, to player: inout PlayerState, now: Int64, limits: MemorySpinStore.Limits) {
        player.wallet.balance = commit.balance
        player.wallet.tickets = commit.tickets
        player.wallet.version += 1
        player.round = commit.round
        player.keys[commit.spinId] = .done(
            fingerprint: commit.fingerprint, response: commit.response, expiresAt: now + limits.keyTTL)
        if commit.response.status == 200 {
            player.history.insert(commit.response.body, at: 0)
            if player.history.count > limits.historyLength { player.history.removeLast(player.history.count - limits.historyLength) }
        }
        player.lock = nil
    }

    mutating func abandon(player id: PlayerID, spinId: SpinID, lockToken: String, now: Int64) {
        modify(id) { player in
            if case .pending = player.keys[spinId] { player.keys[spinId] = nil }
            if player.lock?.token == lockToken { player.lock = nil }
        }
    }

    func lookup(player id: PlayerID, spinId: SpinID, now: Int64) -> LookupOutcome {
        switch players[id]?.keys[spinId] {
        case .done(_, let response, let expiresAt) where expiresAt > now: .done(response)
        case .pending(_, let leaseUntil) where leaseUntil > now: .inProgress
        default: .unknown
        }
    }

    mutating func credit(
        player id: PlayerID, amount: Int, key: SpinID, fingerprint: String, now: Int64, limits: MemorySpinStore.Limits
    ) -> CreditOutcome {
        if let record = walletlessCredits[id]?[key], record.expiresAt > now {
            guard record.fingerprint == fingerprint else { return .keyReused }
            return Self.replay(record.outcome)
        }
        guard players[id] != nil else {
            // Only a credit that is applied creates the wallet; a refusal keeps just its record.
            var fresh = PlayerState(wallet: Wallet(balance: 0, version: 0))
            let outcome = Self.credit(&fresh, amount: amount, key: key, fingerprint: fingerprint, now: now, limits: limits)
            if case .credited = outcome {
                players[id] = fresh
            } else {
                walletlessCredits[id, default: [:]][key] = fresh.credits[key]
            }
            return outcome
        }
        return modify(id) { player in Self.credit(&player, amount: amount, key: key, fingerprint: fingerprint, now: now, limits: limits) }
            ?? .keyReused
    }

    private static func replay(_ outcome: CreditOutcome) -> CreditOutcome {
        switch outcome {
        case .credited(let state, _): .credited(state, replayed: true)
        case .insufficientFunds(let balance, _): .insufficientFunds(balance: balance, replayed: true)
        case .balanceLimitExceeded(let balance, _): .balanceLimitExceeded(balance: balance, replayed: true)
        case .keyReused: .keyReused
        }
    }

    private static func credit(
        _ player: inout PlayerState, amount: Int, key: SpinID, fingerprint: String, now: Int64, limits: MemorySpinStore.Limits
    ) -> CreditOutcome {
        if let record = player.credits[key], record.expiresAt > now {
            guard record.fingerprint == fingerprint else { return .keyReused }
            return replay(record.outcome)
        }
        let outcome: CreditOutcome
        let (sum, overflow) = player.wallet.balance.addingReportingOverflow(amount)
        if (overflow && amount < 0) || (!overflow && sum < 0) {
            outcome = .insufficientFunds(balance: player.wallet.balance, replayed: false)
        } else if overflow || sum > Wallet.balanceLimit {
            outcome = .balanceLimitExceeded(balance: player.wallet.balance, replayed: false)
        } else {
            player.wallet.balance = sum
            player.wallet.version += 1
            outcome = .credited(WalletState(wallet: player.wallet, round: player.round), replayed: false)
        }
        player.credits[key] = CreditRecord(fingerprint: fingerprint, outcome: outcome, expiresAt: now + limits.keyTTL)
        return outcome
    }

    mutating func updateWallet(_ id: PlayerID, _ change: (inout Wallet) -> Void) -> WalletState? {
        modify(id) { player in
            change(&player.wallet)
            player.wallet.version += 1
            return WalletState(wallet: player.wallet, round: player.round)
        }
    }

    /// Runs `body` on the player's state in place (moved out and back, so nothing is copied).
    private mutating func modify<Result>(_ id: PlayerID, _ body: (inout PlayerState) -> Result) -> Result? {
        guard var player = players.removeValue(forKey: id) else { return nil }
        defer { players[id] = player }
        return body(&player)
    }
}
