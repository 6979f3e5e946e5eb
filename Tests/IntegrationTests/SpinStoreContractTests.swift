import Spin
import Testing

extension EndToEnd {
    /// The rules of `SpinStore`, run against every store kind in `StoreFactory.all`.
    @Suite struct SpinStoreContractTests {
        private func funded(_ sut: StoreUnderTest, balance: Int = 1000) async throws -> PlayerID {
            let player = uniquePlayer("contract")
            let outcome = try await sut.store.credit(player: player, amount: balance, key: SpinID("seed")!, fingerprint: "f-seed", reason: "seed")
            guard case .credited(let state, false) = outcome else {
                Issue.record("seed credit: \(outcome)")
                return player
            }
            #expect(state.wallet.balance == balance)
            return player
        }

        private func claimed(_ sut: StoreUnderTest, _ player: PlayerID, _ key: String, fingerprint: String = "fp") async throws -> Claim? {
            let outcome = try await sut.store.claim(ClaimRequest(player: player, spinId: SpinID(key)!, fingerprint: fingerprint))
            guard case .claimed(let claim) = outcome else { return nil }
            return claim
        }

        private func commit(_ player: PlayerID, _ key: String, _ claim: Claim, balance: Int, status: Int = 200, body: String = "{\"ok\":1}") -> SpinCommit {
            SpinCommit(
                player: player, spinId: SpinID(key)!, fingerprint: "fp", lockToken: claim.lockToken,
                expectedVersion: claim.wallet.version, balance: balance, tickets: claim.wallet.tickets, claimedTickets: claim.wallet.tickets,
                round: FreeSpinsRound(game: "g", bet: 10, left: 3, total: 3, multiplier: 2, roundWin: 0),
                response: StoredResponse(status: status, body: Array(body.utf8)),
                event: status == 200 ? SpinEvent(spinId: key, player: player.value, game: "g", kind: "normal", bet: 10, debit: 10, win: 0, balance: balance) : nil)
        }

        @Test(arguments: StoreFactory.all)
        func claimCommitReplayHistoryAndEvents(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut)
            let unknown = try await sut.store.claim(ClaimRequest(player: uniquePlayer("nobody"), spinId: SpinID("k")!, fingerprint: "fp"))
            #expect(unknown == .unknownPlayer)
            let claim = try #require(try await claimed(sut, player, "k1"))
            #expect(claim.wallet.balance == 1000)
            #expect(claim.round == nil)
            #expect(try await sut.store.claim(ClaimRequest(player: player, spinId: SpinID("k1")!, fingerprint: "fp")) == .inProgress(fingerprint: "fp"))
            #expect(try await sut.store.claim(ClaimRequest(player: player, spinId: SpinID("k2")!, fingerprint: "fp")) == .playerBusy)
            #expect(try await sut.store.lookup(player: player, spinId: SpinID("k1")!) == .inProgress)
            #expect(try await sut.store.commit(commit(player, "k1", claim, balance: 990)) == .committed)
            let stored = StoredResponse(status: 200, body: Array("{\"ok\":1}".utf8))
            #expect(try await sut.store.claim(ClaimRequest(player: player, spinId: SpinID("k1")!, fingerprint: "other")) == .replay(stored, fingerprint: "fp"))
            #expect(try await sut.store.lookup(player: player, spinId: SpinID("k1")!) == .done(stored))
            #expect(try await sut.store.lookup(player: uniquePlayer("other"), spinId: SpinID("k1")!) == .unknown)
            let state = try #require(try await sut.store.wallet(player: player))
            #expect(state.wallet.balance == 990)
            #expect(state.wallet.version > claim.wallet.version)
            #expect(state.round?.left == 3)
            #expect(try await sut.store.history(player: player, limit: 10) == [stored.body])
            let events = try await sut.store.recentEvents(limit: 1000)
            #expect(events.contains { $0.spinId == "k1" && $0.player == player.value && $0.balance == 990 })
            let next = try #require(try await claimed(sut, player, "k2"))
            #expect(next.round?.left == 3)
        }

        @Test(arguments: StoreFactory.all)
        func storedErrorAddsNoHistory(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut)
            let claim = try #require(try await claimed(sut, player, "e1"))
            var error = commit(player, "e1", claim, balance: 1000, status: 402, body: "{\"code\":\"insufficient_funds\"}")
            error.round = nil
            #expect(try await sut.store.commit(error) == .committed)
            #expect(try await sut.store.history(player: player, limit: 10).isEmpty)
            #expect(try await sut.store.lookup(player: player, spinId: SpinID("e1")!) == .done(error.response))
        }

        @Test(arguments: StoreFactory.all)
        func abandonFreesKeyAndLock(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut)
            let claim = try #require(try await claimed(sut, player, "a1"))
            try await sut.store.abandon(player: player, spinId: SpinID("a1")!, lockToken: "not-mine")
            #expect(try await sut.store.claim(ClaimRequest(player: player, spinId: SpinID("a2")!, fingerprint: "fp")) == .playerBusy)
            try await sut.store.abandon(player: player, spinId: SpinID("a1")!, lockToken: claim.lockToken)
            #expect(try await sut.store.lookup(player: player, spinId: SpinID("a1")!) == .unknown)
            #expect(try await claimed(sut, player, "a1") != nil)
        }

        @Test(arguments: StoreFactory.all)
        func expiredLockIsFenced(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut)
            let first = try #require(try await claimed(sut, player, "f1"))
            await sut.advance(StoreFactory.lockLease + 50)
            let second = try #require(try await claimed(sut, player, "f2"))
            #expect(second.lockToken != first.lockToken)
            #expect(try await sut.store.commit(commit(player, "f1", first, balance: 1)) == .fenced)
            #expect(try await sut.store.wallet(player: player)?.wallet.balance == 1000)
            #expect(try await sut.store.commit(commit(player, "f2", second, balance: 990)) == .committed)
            #expect(try await sut.store.wallet(player: player)?.wallet.balance == 990)
        }

        @Test(arguments: StoreFactory.all)
        func walletChangeFencesAClaim(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut)
            let claim = try #require(try await claimed(sut, player, "v1"))
            _ = try await sut.store.credit(player: player, amount: 5, key: SpinID("c2")!, fingerprint: "c2", reason: "")
            #expect(try await sut.store.commit(commit(player, "v1", claim, balance: 990)) == .fenced)
            #expect(try await sut.store.wallet(player: player)?.wallet.balance == 1005)
        }

        @Test(arguments: StoreFactory.all)
        func commitWritesChangedTicketsOnly(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut)
            _ = try await sut.store.addTickets(player: player, game: "used", count: 3)
            _ = try await sut.store.addTickets(player: player, game: "last", count: 1)
            _ = try await sut.store.addTickets(player: player, game: "kept", count: 2)
            let claim = try #require(try await claimed(sut, player, "t1"))
            #expect(claim.wallet.tickets == ["used": 3, "last": 1, "kept": 2])
            var spent = commit(player, "t1", claim, balance: 1000)
            spent.tickets = ["used": 2, "kept": 2]
            #expect(try await sut.store.commit(spent) == .committed)
            let state = try #require(try await sut.store.wallet(player: player))
            #expect(state.wallet.tickets == ["used": 2, "kept": 2])
            #expect(state.wallet.version == claim.wallet.version + 1)
            let next = try #require(try await claimed(sut, player, "t2"))
            var unchanged = commit(player, "t2", next, balance: 995)
            unchanged.round = nil
            #expect(try await sut.store.commit(unchanged) == .committed)
            let after = try #require(try await sut.store.wallet(player: player))
            #expect(after.wallet.tickets == ["used": 2, "kept": 2] && after.wallet.balance == 995 && after.round == nil)
        }

        @Test(arguments: StoreFactory.all)
        func pendingLeaseAndKeyTTLExpire(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut)
            let first = try #require(try await claimed(sut, player, "p1"))
            await sut.advance(StoreFactory.pendingLease + 50)
            let again = try #require(try await claimed(sut, player, "p1"))
            #expect(try await sut.store.commit(commit(player, "p1", first, balance: 1)) == .fenced)
            #expect(try await sut.store.commit(commit(player, "p1", again, balance: 990)) == .committed)
            await sut.advance(StoreFactory.keyTTL + 50)
            #expect(try await sut.store.lookup(player: player, spinId: SpinID("p1")!) == .unknown)
        }

        @Test(arguments: StoreFactory.all)
        func creditIsIdempotentAndNeverNegative(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut, balance: 100)
            let first = try await sut.store.credit(player: player, amount: 50, key: SpinID("c")!, fingerprint: "c50", reason: "r")
            guard case .credited(let state, false) = first else { Issue.record("\(first)"); return }
            #expect(state.wallet.balance == 150)
            #expect(try await sut.store.credit(player: player, amount: 50, key: SpinID("c")!, fingerprint: "c50", reason: "r") == .credited(state, replayed: true))
            #expect(try await sut.store.credit(player: player, amount: 60, key: SpinID("c")!, fingerprint: "c60", reason: "r") == .keyReused)
            #expect(try await sut.store.credit(player: player, amount: -151, key: SpinID("d")!, fingerprint: "d", reason: "r") == .insufficientFunds(balance: 150, replayed: false))
            #expect(try await sut.store.credit(player: player, amount: -151, key: SpinID("d")!, fingerprint: "d", reason: "r") == .insufficientFunds(balance: 150, replayed: true))
            #expect(try await sut.store.wallet(player: player)?.wallet.balance == 150)
        }

        /// Found by the handler fuzz target: a refused debit of a player without a wallet created an
        /// empty wallet (a 4xx that changed state). It creates none; its outcome is still replayed.
        @Test(arguments: StoreFactory.all)
        func refusedCreditCreatesNoWallet(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = uniquePlayer("walletless")
            let refused = try await sut.store.credit(player: player, amount: -5, key: SpinID("d")!, fingerprint: "d", reason: "r")
            #expect(refused == .insufficientFunds(balance: 0, replayed: false))
            #expect(try await sut.store.wallet(player: player) == nil)
            #expect(try await sut.store.claim(ClaimRequest(player: player, spinId: SpinID("s")!, fingerprint: "fp")) == .unknownPlayer)
            #expect(try await sut.store.credit(player: player, amount: -5, key: SpinID("d")!, fingerprint: "d", reason: "r")
                == .insufficientFunds(balance: 0, replayed: true))
            #expect(try await sut.store.credit(player: player, amount: 7, key: SpinID("d")!, fingerprint: "x", reason: "r") == .keyReused)
            let funded = try await sut.store.credit(player: player, amount: 7, key: SpinID("c")!, fingerprint: "c", reason: "r")
            guard case .credited(let state, false) = funded else { Issue.record("\(funded)"); return }
            #expect(state.wallet.balance == 7)
            // The refusal still replays as it was, once the wallet exists.
            #expect(try await sut.store.credit(player: player, amount: -5, key: SpinID("d")!, fingerprint: "d", reason: "r")
                == .insufficientFunds(balance: 0, replayed: true))
            #expect(try await sut.store.wallet(player: player)?.wallet.balance == 7)
        }

        /// One explicit limit (`Wallet.balanceLimit`), refused with its own outcome, stored and replayed.
        @Test(arguments: StoreFactory.all)
        func creditStopsAtTheBalanceLimit(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let limit = Wallet.balanceLimit
            let player = try await funded(sut, balance: limit - 1000)
            let over = try await sut.store.credit(player: player, amount: 1001, key: SpinID("over")!, fingerprint: "o", reason: "r")
            #expect(over == .balanceLimitExceeded(balance: limit - 1000, replayed: false))
            let again = try await sut.store.credit(player: player, amount: 1001, key: SpinID("over")!, fingerprint: "o", reason: "r")
            #expect(again == .balanceLimitExceeded(balance: limit - 1000, replayed: true))
            let exact = try await sut.store.credit(player: player, amount: 1000, key: SpinID("exact")!, fingerprint: "e", reason: "r")
            guard case .credited(let state, false) = exact else { Issue.record("\(exact)"); return }
            #expect(state.wallet.balance == limit)
            // Far past the limit (and past Int64 in a naive sum) is the same refusal, not a trap.
            let huge = try await sut.store.credit(player: player, amount: Int.max, key: SpinID("huge")!, fingerprint: "h", reason: "r")
            #expect(huge == .balanceLimitExceeded(balance: limit, replayed: false))
            #expect(try await sut.store.wallet(player: player)?.wallet.balance == limit)
        }

        @Test(arguments: StoreFactory.all)
        func ticketsBoostAndPing(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            try await sut.store.ping()
            #expect(try await sut.store.addTickets(player: uniquePlayer("nobody"), game: "g", count: 1) == .unknownPlayer)
            let player = try await funded(sut)
            guard case .added(let added) = try await sut.store.addTickets(player: player, game: "g", count: 2) else {
                Issue.record("tickets not added")
                return
            }
            #expect(added.wallet.tickets == ["g": 2])
            // Never past the limit, and then nothing changes (a count that would overflow Int included).
            #expect(try await sut.store.addTickets(player: player, game: "g", count: Wallet.ticketLimit - 1) == .limitExceeded(held: 2))
            #expect(try await sut.store.addTickets(player: player, game: "g", count: Int.max) == .limitExceeded(held: 2))
            guard case .added(let full) = try await sut.store.addTickets(player: player, game: "g", count: Wallet.ticketLimit - 2) else {
                Issue.record("tickets up to the limit not added")
                return
            }
            #expect(full.wallet.tickets == ["g": Wallet.ticketLimit])
            #expect(try await sut.store.addTickets(player: player, game: "g", count: 1) == .limitExceeded(held: Wallet.ticketLimit))
            #expect(try await sut.store.setBoost(player: player, until: 1_900_000_000_000)?.wallet.boostUntil == 1_900_000_000_000)
            #expect(try await sut.store.setBoost(player: player, until: nil)?.wallet.boostUntil == nil)
        }

        @Test(arguments: StoreFactory.all)
        func historyIsNewestFirstAndHoldsTheNewest100(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut, balance: 10_000)
            // Past 116 too: a Redis list is trimmed back to 100 once it passes 100 + 16 entries.
            for index in 0..<140 {
                let claim = try #require(try await claimed(sut, player, "h\(index)"))
                #expect(try await sut.store.commit(commit(player, "h\(index)", claim, balance: 10_000 - index, body: "{\"n\":\(index)}")) == .committed)
                if index == 104 || index == 116 || index == 139 {
                    let history = try await sut.store.history(player: player, limit: 1000)
                    #expect(history.count == 100, "after \(index + 1) spins")
                    #expect(history.first == Array("{\"n\":\(index)}".utf8))
                    #expect(history.last == Array("{\"n\":\(index - 99)}".utf8))
                    #expect(try await sut.store.history(player: player, limit: 3).count == 3)
                }
            }
        }

        /// A round that ends is gone for the next claim and for the wallet, and a spin without a round
        /// that says so (`claimedRound: false`) leaves none behind.
        @Test(arguments: StoreFactory.all)
        func aRoundThatEndsIsGone(factory: StoreFactory) async throws {
            let sut = try await factory.make()
            let player = try await funded(sut)
            let first = try #require(try await claimed(sut, player, "r1"))
            #expect(first.round == nil)
            var started = commit(player, "r1", first, balance: 990)
            started.claimedRound = false
            #expect(try await sut.store.commit(started) == .committed)
            let inRound = try #require(try await claimed(sut, player, "r2"))
            #expect(inRound.round?.left == 3)
            var ended = commit(player, "r2", inRound, balance: 995)
            ended.round = nil
            ended.claimedRound = true
            #expect(try await sut.store.commit(ended) == .committed)
            #expect(try await sut.store.wallet(player: player)?.round == nil)
            let after = try #require(try await claimed(sut, player, "r3"))
            #expect(after.round == nil)
            #expect(after.wallet.balance == 995)
            var plain = commit(player, "r3", after, balance: 985)
            plain.round = nil
            plain.claimedRound = false
            #expect(try await sut.store.commit(plain) == .committed)
            let state = try #require(try await sut.store.wallet(player: player))
            #expect(state.round == nil)
            #expect(state.wallet.balance == 985)
        }
    }
}
