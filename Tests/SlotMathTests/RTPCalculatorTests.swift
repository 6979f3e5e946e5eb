import SlotMath
import Testing

@Suite struct RTPCalculatorTests {
    /// Plain nested loops over every stop, with its own reading of lines and ways.
    struct BruteForce {
        var win = 0, hits = 0, awarded = 0, triggers = 0, cycle = 0

        init(_ json: [String: Any], reels: [[String]]) {
            let kind = json["kind"] as? String ?? "lines"
            let pays = json["pays"] as? [String: [Int]] ?? [:]
            let lines = json["lines"] as? [[Int]] ?? []
            let scatterPays = json["scatterPays"] as? [Int] ?? []
            let awards = (json["freeSpins"] as? [String: Any])?["awards"] as? [Int] ?? [0, 0, 0]
            let coins = json["coins"] as? Int ?? 1
            for a in 0..<reels[0].count {
                for b in 0..<reels[1].count {
                    for c in 0..<reels[2].count {
                        let stops = [a, b, c]
                        let grid = (0..<3).map { reel in (0..<3).map { reels[reel][(stops[reel] + $0) % reels[reel].count] } }
                        var spin = 0
                        if kind == "lines" {
                            for line in lines {
                                spin += pays.keys.map { Self.run(of: $0, line: line, grid: grid, pays: pays) }.max() ?? 0
                            }
                        } else {
                            for (symbol, table) in pays {
                                var ways = 1, n = 0
                                while n < 3 {
                                    let matches = grid[n].filter { $0 == symbol || $0 == "W" }.count
                                    if matches == 0 { break }
                                    ways *= matches
                                    n += 1
                                }
                                if n > 0 { spin += table[n - 1] * ways }
                            }
                        }
                        let scatters = grid.joined().filter { $0 == "S" }.count
                        if scatters > 0 { spin += scatterPays[scatters - 1] * coins }
                        win += spin
                        if spin > 0 { hits += 1 }
                        if scatters > 0, awards[scatters - 1] > 0 {
                            awarded += awards[scatters - 1]
                            triggers += 1
                        }
                        cycle += 1
                    }
                }
            }
        }

        /// The value of reading `line` as a run of `symbol` (wilds count as it) from the left.
        static func run(of symbol: String, line: [Int], grid: [[String]], pays: [String: [Int]]) -> Int {
            var n = 0
            while n < 3, grid[n][line[n]] == symbol || grid[n][line[n]] == "W" { n += 1 }
            return n > 0 ? pays[symbol, default: [0, 0, 0]][n - 1] : 0
        }
    }

    @Test(arguments: ["lines", "ways"])
    func exactFiguresMatchBruteForce(kind: String) throws {
        let json = GameDefinition.makeJSON(kind: kind)
        let definition = try GameDefinition.make(json)
        let report = RTPCalculator(definition: definition).report(reels: .base)
        let sets = try #require(json["reelSets"] as? [String: [[String]]])
        let base = BruteForce(json, reels: try #require(sets["base"]))
        let free = BruteForce(json, reels: try #require(sets["free"]))
        let coins = 5.0
        let cycle = Double(base.cycle)
        #expect(report.cycle == base.cycle)
        #expect(abs(report.baseRtp - Double(base.win) / cycle / coins) < 1e-12)
        #expect(abs(report.hitFrequency - Double(base.hits) / cycle) < 1e-12)
        #expect(abs(report.featureFrequency - Double(base.triggers) / cycle) < 1e-12)
        // Round per awarded spin: E[free win × 2] / (1 − E[retrigger spins]).
        let perSpin = Double(free.win * 2) / Double(free.cycle) / (1 - Double(free.awarded) / Double(free.cycle))
        let feature = Double(base.awarded) / cycle * perSpin / coins
        #expect(abs(report.featureRtp - feature) < 1e-12)
        #expect(abs(report.rtp - (Double(base.win) / cycle / coins + feature)) < 1e-12)
        #expect(abs((report.buyRtp ?? 0) - 3 * perSpin / coins / 50) < 1e-12)
    }

    @Test func gameWithoutFeatureHasNoBuyRtp() throws {
        let report = RTPCalculator(definition: try GameDefinition.make(GameDefinition.makeJSON(free: nil))).report()
        #expect(report.buyRtp == nil)
        #expect(report.featureRtp == 0)
        #expect(report.rtp == report.baseRtp)
    }
}
