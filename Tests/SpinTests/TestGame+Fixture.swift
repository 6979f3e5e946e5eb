import SlotMath
import Spin

extension TestGame {
    static func reels(_ symbol: String) -> [[String]] { Array(repeating: [symbol, symbol, symbol, symbol], count: 3) }

    /// `feat`: bets 10/20, buy ×50, 5 free spins ×2. Base pays nothing, boosted pays A (5× bet),
    /// free pays B (1× bet × multiplier).
    static func makeFeature(id: String = "feat", base: [[String]] = reels("X")) -> TestGame {
        TestGame(
            rules: GameRules(id: id, bets: [10, 20], buyMultiplier: 50, featureAward: 5, freeSpinsMultiplier: 2, retrigger: true),
            strips: [.base: base, .boosted: reels("A"), .free: reels("B")],
            pays: ["A": 5, "B": 1], award: 5)
    }

    /// `trig`: like `feat` but every base spin shows three scatters: a natural trigger.
    static func makeTrigger() -> TestGame { makeFeature(id: "trig", base: reels("S")) }

    /// `plain`: no feature, bet 10, base reels pay A (2× bet) on every spin.
    static func makePlain() -> TestGame {
        TestGame(
            rules: GameRules(id: "plain", bets: [10], buyMultiplier: nil, featureAward: nil, freeSpinsMultiplier: 1, retrigger: false),
            strips: [.base: reels("A"), .boosted: reels("A")], pays: ["A": 2], award: 0)
    }

    /// `mixed`: varied reels so the seeded generator decides wins (A pays 3× bet).
    static func makeMixed() -> TestGame {
        TestGame(
            rules: GameRules(id: "mixed", bets: [10], buyMultiplier: nil, featureAward: nil, freeSpinsMultiplier: 1, retrigger: false),
            strips: [.base: Array(repeating: ["A", "K", "Q", "A", "J"], count: 3)], pays: ["A": 3], award: 0)
    }
}
