import SlotMath
import Testing

/// The shipped games' exact figures stay inside the house targets (Resources/Games/README.md).
@Suite struct ShippedGamesTests {
    @Test(arguments: ["classic3", "fruit5", "ways243"])
    func exactFiguresMeetTargets(id: String) throws {
        let definition = try #require(try GameCatalog.loadBundled().game(id)).definition
        let calculator = RTPCalculator(definition: definition)
        let base = calculator.report(reels: .base)
        let boosted = calculator.report(reels: .boosted)
        #expect((0.955...0.965).contains(base.rtp), "\(id) base rtp \(base.rtp)")
        #expect((0.03...0.08).contains(boosted.rtp - base.rtp), "\(id) boost \(boosted.rtp - base.rtp)")
        for report in [base, boosted] {
            #expect((0.25...0.42).contains(report.hitFrequency), "\(id) \(report.reels) hit \(report.hitFrequency)")
        }
        if definition.freeSpins == nil {
            #expect(base.featureRtp == 0)
            #expect(base.buyRtp == nil)
        } else {
            let buy = try #require(base.buyRtp)
            #expect(abs(buy - base.rtp) < 0.01, "\(id) buy \(buy) vs \(base.rtp)")
            for report in [base, boosted] {
                #expect((140.0...200.0).contains(1 / report.featureFrequency), "\(id) \(report.reels) 1 in \(1 / report.featureFrequency)")
            }
        }
    }

    @Test func waysWildsStayOnTheMiddleReels() throws {
        let definition = try #require(try GameCatalog.loadBundled().game("ways243")).definition
        for (name, reels) in definition.reelSets {
            #expect(!reels[0].contains("WILD") && !reels[4].contains("WILD"), "\(name)")
        }
    }
}
