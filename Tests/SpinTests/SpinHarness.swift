import Spin

/// A spin service over a memory store, the test games, a manual clock and seeded randomness.
struct SpinHarness {
    let clock: ManualClock
    let memory: MemorySpinStore
    let store: FlakyStore
    let service: SpinService
    let player: PlayerID

    /// A harness whose player `p1` starts with `balance` (none when `nil`).
    static func make(
        balance: Int? = 10_000, strategies: [any SpinStrategy] = SpinStrategies.standard,
        busyWait: Duration = .milliseconds(200), limits: MemorySpinStore.Limits = .init()
    ) async -> SpinHarness {
        let clock = ManualClock()
        let memory = MemorySpinStore(clock: clock, limits: limits)
        let store = FlakyStore(inner: memory)
        let games = SpinGames([TestGame.makeFeature(), TestGame.makeTrigger(), TestGame.makePlain(), TestGame.makeMixed()])
        let service = SpinService(
            store: store, games: games, strategies: strategies, clock: clock, random: SeededRandomSource(),
            options: .init(busyWaitBound: busyWait))
        let harness = SpinHarness(clock: clock, memory: memory, store: store, service: service, player: PlayerID("p1")!)
        if let balance { await harness.credit(balance, key: "seed") }
        return harness
    }

    @discardableResult
    func credit(_ amount: Int, key: String) async -> SpinReply {
        await service.credit(player: player, idempotencyKey: key, body: bytes("{\"amount\":\(amount),\"reason\":\"test\"}"))
    }

    func spin(_ body: String, key: String?) async -> SpinReply {
        await service.spin(player: player, idempotencyKey: key, body: bytes(body))
    }

    func balance() async -> Int? { try? await memory.wallet(player: player)?.wallet.balance }
    func state() async -> WalletState? { try? await memory.wallet(player: player) }
}

extension SpinReply {
    /// The body as text, for assertions.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// `"code":"…"` of a problem body.
    var code: String? {
        guard isProblem, let range = text.range(of: "\"code\":\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}
