import SlotMath

/// Builds a deterministic scenario: the same options and seed give the same bytes.
///
/// Each player plays `spinsPerPlayer` actions, interleaved round by round. Spins are `normal`,
/// with an occasional `buy_feature` on games that have a feature (the runner plays the free
/// spins a round awards). A fraction of the actions is resent, sent concurrently, or abandoned
/// after a short timeout and resent.
package struct ScenarioGenerator: Sendable {
    /// A game the generator may pick, its bet levels, and whether it sells a feature.
    package struct GameChoice: Sendable, Hashable {
        package var id: String
        package var bets: [Int]
        package var buysFeature: Bool

        package init(id: String, bets: [Int], buysFeature: Bool) {
            self.id = id
            self.bets = bets
            self.buysFeature = buysFeature
        }

        /// The games shipped with onespin, as of this tool's build.
        package static let shipped: [GameChoice] = [
            GameChoice(id: "fruit5", bets: [20, 40, 100, 200, 500], buysFeature: true),
            GameChoice(id: "classic3", bets: [5, 10, 25, 50, 100], buysFeature: false),
            GameChoice(id: "ways243", bets: [50, 100, 250, 500, 1000], buysFeature: true),
        ]
    }

    package struct Options: Sendable, Hashable {
        package var players = 10
        package var spinsPerPlayer = 100
        package var games = GameChoice.shipped
        /// Share of actions resent 1–3 times sequentially.
        package var duplicateRate = 0.0
        /// Share of actions sent as 2–4 simultaneous copies.
        package var concurrentDuplicateRate = 0.0
        /// Share of actions abandoned after 0–20 ms and resent.
        package var timeoutRate = 0.0
        /// Share of spins on a feature game that buy the feature.
        package var buyFeatureRate = 0.01
        package var seed: UInt64 = 1
        package var initialCredit = 1_000_000
        /// Prepended to player ids (`p0`, `p1`, …), so reruns can use fresh wallets.
        package var playerPrefix = ""

        package init() {}
    }

    package let options: Options

    package init(options: Options) {
        self.options = options
    }

    /// The scenario for these options.
    package func generate() -> Scenario {
        var random = SplitMix64(seed: options.seed)
        let players = (0..<options.players).map { "\(options.playerPrefix)p\($0)" }
        var actions: [ScenarioAction] = []
        actions.reserveCapacity(options.players * options.spinsPerPlayer)
        for round in 0..<options.spinsPerPlayer {
            for player in players {
                let game = options.games[random.below(options.games.count)]
                let bet = game.bets[random.below(game.bets.count)]
                let buys = game.buysFeature && random.unit() < options.buyFeatureRate
                var action = ScenarioAction(
                    player: player, spin: "\(player)-s\(round)", game: game.id, bet: bet, kind: buys ? "buy_feature" : "normal")
                let draw = random.unit()
                if draw < options.duplicateRate {
                    action.send = .resend
                    action.copies = 1 + random.below(3)
                } else if draw < options.duplicateRate + options.concurrentDuplicateRate {
                    action.send = .concurrent
                    action.copies = 2 + random.below(3)
                } else if draw < options.duplicateRate + options.concurrentDuplicateRate + options.timeoutRate {
                    action.send = .timeout
                    action.timeoutMs = random.below(21)
                }
                actions.append(action)
            }
        }
        let header = ScenarioHeader(players: options.players, initialCredit: options.initialCredit, seed: options.seed)
        return Scenario(header: header, actions: actions)
    }
}

/// The scenario generator's draws, on SlotMath's `SplitMix64` (deterministic across platforms).
extension SplitMix64 {
    /// Uniform in 0..<bound.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
