package import Redis
import SlotMath
package import Spin
import Synchronization

/// The `SpinStore` on Redis: the claim is plain commands in two round trips, the commit one Lua
/// script (see `RedisSpinScripts`), on the event loop's own pipelined connection.
///
/// One instance per event loop (it shares the loop's connections, whatever the topology); calls from
/// elsewhere hop onto the loop. Any connection failure or timeout is `SpinStoreError.unavailable`:
/// nothing was applied, or — if the script ran and only the reply was lost — the outcome is found by
/// the retry's claim. With `wait`, a commit (and a credit) is answered only once that many replicas
/// acknowledged it (`WAIT`); fewer is `unavailable` too, and the retry replays the stored answer.
package final class RedisSpinStore: SpinStore {
    private let client: any RedisKeyedClient
    private let limits: SpinStoreLimits
    private let wait: RedisReplicaWait?
    private let tokens: Mutex<Xoshiro256StarStar>

    package init(client: any RedisKeyedClient, limits: SpinStoreLimits, wait: RedisReplicaWait? = nil) {
        self.client = client
        self.limits = limits
        self.wait = wait
        var system = SystemRandomNumberGenerator()
        self.tokens = Mutex(Xoshiro256StarStar(seed: system.next()))
    }

    /// Two steps. First one plain `SET <record> <pending> NX GET PX <lease>`: a key already taken answers
    /// with its record (a replay or a spin in progress — no script, nothing written), a free key is ours
    /// and pending. Only then a second round trip takes the player's lock (`SET NX PX`) and reads the
    /// wallet (`HGETALL`), two plain commands sent back to back; the round hash is read after them
    /// only when the wallet's marker does not say there is none.
    package func claim(_ request: ClaimRequest) async throws(SpinStoreError) -> ClaimOutcome {
        let keys = RedisSpinKeys(request.player)
        let record = keys.record(request.spinId)
        let token = newToken()
        let pending = RedisArgument(RedisKeyRecord.pendingBytes(fingerprint: request.fingerprint, token: token))
        let taken = try await sendAllowingWrongType(
            ["SET", record, pending, "NX", "GET", "PX", RedisArgument(Int(limits.pendingLease))], key: record)
        if !taken.isNull {
            switch try await existingRecord(taken, record: record) {
            case .done(let stored, let fingerprint)?:
                try await replicated(keys)
                return .replay(stored, fingerprint: fingerprint)
            case .pending(let fingerprint)?:
                return .inProgress(fingerprint: fingerprint)
            case nil:
                throw .unavailable("the key's record expired while it was read; retry")
            }
        }
        // The second step: plain commands back to back on one connection, one round trip — the lock
        // first, so the read behind it sees the wallet as it stands while we hold it (only credits
        // and admin updates change it then, and they bump its version, which the commit fences on).
        // The round is read only when the wallet's marker does not say there is none: a third round
        // trip during a free-spins round, one command less for every other spin.
        let lockKey = keys.lock  // each key property builds its bytes: built once, used twice
        let replies: [RedisValue]
        do {
            replies = try await client.send(
                pipeline: [["SET", lockKey, RedisArgument(token), "NX", "PX", RedisArgument(Int(limits.lockLease))],
                           ["HGETALL", keys.wallet]],
                key: lockKey)
        } catch {
            // Our pending record (and the lock, if it was taken and only a reply was lost) would
            // otherwise hold the key until its lease: drop them if Redis is still there.
            await abandonQuietly(record: record, keys: keys, token: token)
            throw .unavailable(error.description)
        }
        do throws(SpinStoreError) {
            guard replies.count == 2 else { throw Self.unexpected("claim", .array(replies)) }
            let (lock, wallet) = (try Self.checked(replies[0]), try Self.checked(replies[1]))
            guard let fields = wallet.array else { throw Self.unexpected("claim", wallet) }
            // Refused: drop our pending record (and our lock, if we took it) so a retry can claim the key.
            // Should that fail, the refusal stands; a retry of this key meets it pending until its lease.
            if fields.isEmpty {
                await abandonQuietly(record: record, keys: keys, token: token)
                return .unknownPlayer
            }
            if lock.isNull {
                await abandonQuietly(record: record, keys: keys, token: token)
                return .playerBusy
            }
            guard lock.string == "OK", let decoded = RedisWalletDecoder.wallet(wallet) else {
                throw Self.unexpected("claim", .array(replies))
            }
            if RedisWalletDecoder.saysNoRound(wallet) {
                return .claimed(Claim(lockToken: token, wallet: decoded, round: nil))
            }
            let roundKey = keys.round
            let round = try await send(["HGETALL", roundKey], key: roundKey)
            guard let claimed = RedisWalletDecoder.optionalRound(round) else { throw Self.unexpected("claim", round) }
            return .claimed(Claim(lockToken: token, wallet: decoded, round: claimed))
        } catch {
            // The lock may be ours: free it now rather than at its lease, with our pending record.
            await abandonQuietly(record: record, keys: keys, token: token)
            throw error
        }
    }

    /// The `abandon` script for a claim that goes no further; its failure is not the caller's to report.
    private func abandonQuietly(record: RedisArgument, keys: RedisSpinKeys, token: String) async {
        _ = try? await evaluate(RedisSpinScripts.abandon, keys: [record, keys.lock], arguments: [RedisArgument(token)])
    }

    /// The record a `SET … GET` or `GET` found (not nil): a string record, or a hash of the earlier layout
    /// (`WRONGTYPE`), read with `HMGET`. `nil` when the hash expired in between; a record that cannot be
    /// replayed is a protocol violation (`500`, nothing changed).
    private func existingRecord(_ reply: RedisValue, record: RedisArgument) async throws(SpinStoreError) -> RedisKeyRecord? {
        if let message = reply.errorMessage, message.hasPrefix("WRONGTYPE") {
            let fields = RedisSpinFields.Record.self
            let legacy = try await send(
                ["HMGET", record, RedisArgument(fields.state), RedisArgument(fields.fingerprint), RedisArgument(fields.status),
                 RedisArgument(fields.body)], key: record)
            switch RedisKeyRecord.legacy(legacy) {
            case .absent: return nil
            case .record(let found): return found
            case .corrupt: throw Self.unexpected("key record", legacy)
            }
        }
        guard let bytes = try Self.checked(reply).bytes, let found = RedisKeyRecord(bytes: bytes) else {
            throw Self.unexpected("key record", reply)
        }
        return found
    }

    package func commit(_ commit: SpinCommit) async throws(SpinStoreError) -> CommitOutcome {
        guard let call = RedisCommitArguments(commit, limits: limits) else { throw .protocolViolation("wallet version cannot grow") }
        let reply = try await evaluate(RedisSpinScripts.commit, keys: call.keys, arguments: call.arguments, wait: wait)
        switch reply.int {
        case 1?: return .committed
        case 0?: return .fenced
        default: throw Self.unexpected("commit", reply)
        }
    }

    package func abandon(player: PlayerID, spinId: SpinID, lockToken: String) async throws(SpinStoreError) {
        let keys = RedisSpinKeys(player)
        _ = try await evaluate(RedisSpinScripts.abandon, keys: [keys.record(spinId), keys.lock], arguments: [RedisArgument(lockToken)], wait: nil)
    }

    package func lookup(player: PlayerID, spinId: SpinID) async throws(SpinStoreError) -> LookupOutcome {
        let keys = RedisSpinKeys(player)
        let record = keys.record(spinId)
        let reply = try await sendAllowingWrongType(["GET", record], key: record)
        if reply.isNull { return .unknown }
        switch try await existingRecord(reply, record: record) {
        case .done(let stored, _)?:
            try await replicated(keys)
            return .done(stored)
        case .pending?: return .inProgress
        case nil: return .unknown
        }
    }

    package func history(player: PlayerID, limit: Int) async throws(SpinStoreError) -> [[UInt8]] {
        // The list may run `historyTrimSlack` entries past the length between trims.
        let limit = min(limit, limits.historyLength)
        guard limit > 0 else { return [] }
        let history = RedisSpinKeys(player).history
        let reply = try await send(["LRANGE", history, 0, RedisArgument(limit - 1)], key: history)
        guard let items = reply.array else { throw Self.unexpected("history", reply) }
        var bodies: [[UInt8]] = []
        bodies.reserveCapacity(items.count)
        for item in items {
            // Each entry is spliced into the history document: it must be one JSON object.
            guard let body = item.bytes, StoredResponse.isJSONObject(body) else { throw Self.unexpected("history", reply) }
            bodies.append(body)
        }
        return bodies
    }

    /// Wallet and round as one snapshot: `MULTI`, `HGETALL` of each, `EXEC` — plain commands in one
    /// round trip, for about a third of the Redis CPU a script doing the same costs (a script's call
    /// and the conversion of its replies to Lua and back; BENCHMARKS.md).
    package func wallet(player: PlayerID) async throws(SpinStoreError) -> WalletState? {
        let keys = RedisSpinKeys(player)
        let reply: RedisValue
        do {
            let wallet = keys.wallet
            reply = try await client.send(transaction: [["HGETALL", wallet], ["HGETALL", keys.round]], key: wallet)
        } catch {
            throw .unavailable(error.description)
        }
        // A read's own error (a key of the wrong type) comes inside EXEC's array.
        for read in try Self.checked(reply).array ?? [] { _ = try Self.checked(read) }
        return try Self.walletState(reply, operation: "wallet")
    }

    package func credit(
        player: PlayerID, amount: Int, key: SpinID, fingerprint: String, reason: String
    ) async throws(SpinStoreError) -> CreditOutcome {
        let keys = RedisSpinKeys(player)
        // A corrupt wallet is never credited, but a credit whose record exists still replays from it.
        let reply = try await onValidatedWallet(player, replayMayPass: true) { expected async throws(SpinStoreError) in
            try await evaluate(
                RedisSpinScripts.credit, keys: [keys.credit(key), keys.wallet, keys.round],
                arguments: [RedisArgument(fingerprint), RedisArgument(amount), RedisArgument(Int(limits.keyTTL)),
                            RedisArgument(Wallet.balanceLimit), RedisArgument(expected)], wait: wait)
        }
        guard let parts = reply.array, let tag = parts.first?.string else { throw Self.unexpected("credit", reply) }
        if tag == "reused" { return .keyReused }
        // A replay hands back whatever the record holds: every part is checked before it is answered.
        guard parts.count == 5, let balance = parts[2].string.flatMap(RedisWalletDecoder.balance) else {
            throw Self.unexpected("credit", reply)
        }
        let replayed = parts[1].string == "1"
        if replayed { try await replicated(keys) }
        switch tag {
        case "nsf": return .insufficientFunds(balance: balance, replayed: replayed)
        case "limit": return .balanceLimitExceeded(balance: balance, replayed: replayed)
        case "ok":
            // The wallet right after the credit (a refusal may have none: it creates no wallet).
            guard let wallet = RedisWalletDecoder.wallet(parts[3]), let round = RedisWalletDecoder.optionalRound(parts[4]) else {
                throw Self.unexpected("credit", reply)
            }
            return .credited(WalletState(wallet: wallet, round: round), replayed: replayed)
        default: throw Self.unexpected("credit", reply)
        }
    }

    package func addTickets(player: PlayerID, game: String, count: Int) async throws(SpinStoreError) -> TicketsOutcome {
        let reply = try await updateWallet(
            player, field: RedisArgument(RedisSpinFields.Wallet.ticketPrefix + game), operation: "incr", value: RedisArgument(count),
            limit: Wallet.ticketLimit)
        if let parts = reply.array, parts.count == 2, parts[0].string == "limit" {
            guard let held = parts[1].string.flatMap(RedisWalletDecoder.tickets) else { throw Self.unexpected("tickets", reply) }
            return .limitExceeded(held: held)
        }
        guard let state = try Self.walletState(reply, operation: "tickets") else { return .unknownPlayer }
        return .added(state)
    }

    package func setBoost(player: PlayerID, until: Int64?) async throws(SpinStoreError) -> WalletState? {
        let field = RedisArgument(RedisSpinFields.Wallet.boost)
        let reply: RedisValue
        if let until {
            reply = try await updateWallet(player, field: field, operation: "set", value: RedisArgument(String(until)), limit: 0)
        } else {
            reply = try await updateWallet(player, field: field, operation: "del", value: "", limit: 0)
        }
        return try Self.walletState(reply, operation: "wallet update")
    }

    /// Every master answers `PING` (one node, the Sentinel-named master, or each cluster master).
    package func ping() async throws(SpinStoreError) {
        let replies: [RedisValue]
        do {
            replies = try await client.sendToEveryMaster(["PING"])
        } catch {
            throw .unavailable(error.description)
        }
        for reply in replies {
            guard try Self.checked(reply).string == "PONG" else { throw Self.unexpected("ping", reply) }
        }
    }

    /// The last `limit` events over every partition's stream, oldest first (merged by stream id,
    /// which orders by time within a millisecond's clock skew between masters).
    package func recentEvents(limit: Int) async throws(SpinStoreError) -> [SpinEvent] {
        guard limit > 0 else { return [] }
        var entries: [(id: RedisStreamID, event: SpinEvent)] = []
        for stream in RedisPartitions.allEvents {
            let reply = try await send(["XREVRANGE", stream, "+", "-", "COUNT", RedisArgument(limit)], key: stream)
            guard let items = reply.array else { throw Self.unexpected("events", reply) }
            for item in items {
                guard let id = item.array?.first?.string.flatMap(RedisStreamID.init), let event = RedisWalletDecoder.event(item) else { continue }
                entries.append((id, event))
            }
        }
        entries.sort { $0.id < $1.id }
        return entries.suffix(limit).map(\.event)
    }

    /// Changes one wallet field of a wallet read and validated first (`onValidatedWallet`). Returns the
    /// script's reply, `{}` for an unknown player.
    private func updateWallet(
        _ player: PlayerID, field: RedisArgument, operation: RedisArgument, value: RedisArgument, limit: Int
    ) async throws(SpinStoreError) -> RedisValue {
        let keys = RedisSpinKeys(player)
        return try await onValidatedWallet(player, replayMayPass: false) { expected async throws(SpinStoreError) in
            try await evaluate(
                RedisSpinScripts.updateWallet, keys: [keys.wallet, keys.round],
                arguments: [field, operation, value, RedisArgument(limit), RedisArgument(expected)], wait: nil)
        }
    }

    /// Runs a wallet-changing script only on a wallet read and validated first, so a corrupt wallet is
    /// never changed before its `500`: `run` gets the version read (`""`: no wallet) and its script applies
    /// nothing unless Redis still holds that version, answering `{'changed'}` — read again, at most 8 times.
    /// A corrupt wallet throws before anything runs, unless `replayMayPass` (a credit whose record exists
    /// answers from the record): then `run` gets a version no wallet has, and `changed` throws the violation.
    private func onValidatedWallet(
        _ player: PlayerID, replayMayPass: Bool, _ run: (String) async throws(SpinStoreError) -> RedisValue
    ) async throws(SpinStoreError) -> RedisValue {
        for _ in 0..<8 {
            var expected = ""
            var corruption: SpinStoreError?
            do {
                if let current = try await wallet(player: player) { expected = String(current.wallet.version) }
            } catch {
                guard replayMayPass, error.isProtocolViolation else { throw error }
                expected = "corrupt"
                corruption = error
            }
            let reply = try await run(expected)
            guard reply.array?.first?.string == "changed" else { return reply }
            if let corruption { throw corruption }
        }
        throw .unavailable("the wallet kept changing while it was updated; retry")
    }

    /// With `wait`: before a stored answer is given again (replay, lookup), makes sure the replicas
    /// hold it. The answer was written by some earlier connection; a write of ours in the same slot
    /// (`INCRBY <partition sync key> 0`, replicated after it) followed by `WAIT` covers it.
    private func replicated(_ keys: RedisSpinKeys) async throws(SpinStoreError) {
        guard let wait else { return }
        do {
            _ = try await client.send(["INCRBY", keys.sync, 0], key: keys.sync, wait: wait)
        } catch {
            throw .unavailable(error.description)
        }
    }

    private static func walletState(_ reply: RedisValue, operation: String) throws(SpinStoreError) -> WalletState? {
        guard let parts = reply.array else { throw unexpected(operation, reply) }
        if parts.isEmpty { return nil }
        guard parts.count == 2 else { throw unexpected(operation, reply) }
        if parts[0].array?.isEmpty ?? true { return nil }
        // The wallet's round marker decides, as in the claim: `0` means no round, whatever the round key holds.
        guard let wallet = RedisWalletDecoder.wallet(parts[0]),
              let round = RedisWalletDecoder.saysNoRound(parts[0]) ? .some(nil) : RedisWalletDecoder.optionalRound(parts[1]) else {
            throw unexpected(operation, reply)
        }
        return WalletState(wallet: wallet, round: round)
    }

    private func send(_ arguments: [RedisArgument], key: RedisArgument) async throws(SpinStoreError) -> RedisValue {
        try Self.checked(try await sendAllowingWrongType(arguments, key: key))
    }

    /// `send` that hands a `WRONGTYPE` error reply back unchecked (a key record of the earlier layout);
    /// every other error reply is still thrown.
    private func sendAllowingWrongType(_ arguments: [RedisArgument], key: RedisArgument) async throws(SpinStoreError) -> RedisValue {
        let reply: RedisValue
        do {
            reply = try await client.send(arguments, key: key)
        } catch {
            throw .unavailable(error.description)
        }
        if let message = reply.errorMessage, message.hasPrefix("WRONGTYPE") { return reply }
        return try Self.checked(reply)
    }

    private func evaluate(
        _ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument], wait: RedisReplicaWait? = nil
    ) async throws(SpinStoreError) -> RedisValue {
        let reply: RedisValue
        do {
            reply = try await client.evaluate(script, keys: keys, arguments: arguments, wait: wait)
        } catch {
            throw .unavailable(error.description)
        }
        return try Self.checked(reply)
    }

    /// A Redis error reply: `LOADING`, `BUSY`, `READONLY` and the like mean "not now", so they are
    /// unavailability — as are `MOVED` and `ASK` that outlived the cluster client's redirects (a slot
    /// still moving): Redis did not run the command; anything else is a protocol violation.
    private static func checked(_ reply: RedisValue) throws(SpinStoreError) -> RedisValue {
        guard let message = reply.errorMessage else { return reply }
        for transient in ["LOADING", "BUSY", "READONLY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "MOVED ", "ASK "] where message.hasPrefix(transient) {
            throw .unavailable(message)
        }
        throw .protocolViolation(message)
    }

    private static func unexpected(_ operation: String, _ reply: RedisValue) -> SpinStoreError {
        .protocolViolation("unexpected \(operation) reply")
    }

    /// A lock token: 128 random bits as 32 lowercase hex digits, `-` between the halves. Only
    /// uniqueness matters (fencing), not secrecy, so the bits come from a xoshiro256** stream seeded
    /// once from the system's source — no syscall per spin; written in place, one allocation.
    private func newToken() -> String {
        let (high, low) = tokens.withLock { generator in (generator.next(), generator.next()) }
        return String(unsafeUninitializedCapacity: 33) { buffer in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { hex in
                for index in 0..<16 {
                    let shift = UInt64(60 - 4 * index)
                    buffer[index] = hex[Int((high >> shift) & 0xF)]
                    buffer[17 + index] = hex[Int((low >> shift) & 0xF)]
                }
            }
            buffer[16] = UInt8(ascii: "-")
            return 33
        }
    }
}
