import SlotMath
import Testing

@Suite struct SimulatorTests {
    /// Replays a fixed list of outputs: `0` draws stop 0 of a two-stop reel, `.max` stop 1.
    struct ScriptedGenerator: RandomNumberGenerator {
        var values: [UInt64]
        var index = 0
        mutating func next() -> UInt64 {
            defer { index += 1 }
            return index < values.count ? values[index] : .max
        }
    }

    @Test func retriggerAddsSpinsInsideTheRound() throws {
        let free = [["S", "A"], ["S", "A"], ["S", "A"]]
        var json = GameDefinition.makeJSON(free: free)
        json["rows"] = 1
        json["lines"] = [[0, 0, 0]]
        json["reelSets"] = ["base": free, "boosted": free, "free": free]
        let simulator = Simulator(definition: try GameDefinition.make(json))
        // Spin 1: S S S (scatter pays 5 × 5 units, 3 more spins); spins 2–4: A A A (10 units each); all × 2.
        var generator = ScriptedGenerator(values: [0, 0, 0] + Array(repeating: .max, count: 9))
        let round = simulator.playRound(awarded: 2, using: &generator)
        #expect(round.spinsPlayed == 5)
        #expect(round.retriggeredSpins == 3)
        #expect(round.units == (25 + 4 * 10) * 2)
    }

    @Test func resultsDoNotDependOnThreadCount() throws {
        let catalog = try GameCatalog.loadBundled()
        let game = try #require(catalog.game("fruit5"))
        let simulator = Simulator(definition: game.definition)
        let spins = Simulator.chunkSize * 5 + 123
        var reports = [1, 2, 3].map { simulator.run(spins: spins, seed: 42, threads: $0) }
        for index in reports.indices {
            reports[index].spinsPerSecond = 0
            reports[index].seconds = 0
            reports[index].threads = 0
        }
        #expect(reports[0] == reports[1])
        #expect(reports[0] == reports[2])
        #expect(reports[0].spins == spins)
        #expect(simulator.run(spins: 10_000, seed: 43).rtp != simulator.run(spins: 10_000, seed: 44).rtp)
    }

    @Test(arguments: ["classic3", "fruit5", "ways243"])
    func simulatedRTPAgreesWithExact(id: String) throws {
        let catalog = try GameCatalog.loadBundled()
        let definition = try #require(catalog.game(id)).definition
        let calculator = RTPCalculator(definition: definition)
        let simulator = Simulator(definition: definition)
        for reels in [ReelSetName.base, .boosted] {
            let exact = calculator.report(reels: reels)
            let measured = simulator.run(spins: 2_000_000, seed: 7, threads: 2, reels: reels)
            #expect(abs(measured.rtp - exact.rtp) <= measured.halfWidth(z: 2.576), "\(id) \(reels): \(measured.rtp) vs \(exact.rtp)")
            #expect(abs(measured.hitFrequency - exact.hitFrequency) < 0.003)
            #expect(abs(measured.featureFrequency - exact.featureFrequency) < 0.0006)
        }
        if let buy = calculator.report().buyRtp {
            let measured = simulator.run(spins: 300_000, seed: 9, threads: 2, mode: .buy)
            #expect(abs(measured.rtp - buy) <= measured.halfWidth(z: 2.576), "\(id) buy: \(measured.rtp) vs \(buy)")
        }
    }

    @Test func xoshiroIsSeededAndStreamsDiffer() {
        var a = Xoshiro256StarStar(seed: 1)
        var b = Xoshiro256StarStar(seed: 1)
        var c = Xoshiro256StarStar(seed: 1, stream: 1)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
        var mean = 0.0
        for _ in 0..<100_000 { mean += Double(a.next() >> 11) / Double(1 << 53) }
        #expect(abs(mean / 100_000 - 0.5) < 0.01)
    }
}
