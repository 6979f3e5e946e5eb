import Foundation
import SlotMath
import Testing

@Suite struct GameDefinitionTests {
    /// Loads a mutated tiny definition and returns the error it raises.
    static func error(_ mutate: (inout [String: Any]) -> Void) -> GameDefinitionError? {
        var json = GameDefinition.makeJSON()
        mutate(&json)
        do {
            _ = try GameDefinition.make(json, file: "tiny.json")
            return nil
        } catch {
            return error as? GameDefinitionError
        }
    }

    static func setBase(_ json: inout [String: Any], _ base: [[String]]) {
        var sets = json["reelSets"] as? [String: Any] ?? [:]
        sets["base"] = base
        json["reelSets"] = sets
    }

    @Test func validTinyDefinitionLoads() throws {
        let definition = try GameDefinition.make()
        #expect(definition.reelCount == 3)
        #expect(definition.smallestAward == 3)
    }

    @Test func unknownSymbolInAReelNamesFileAndStop() {
        let error = Self.error { Self.setBase(&$0, [["A", "B", "W", "C"], ["B", "PLUMB", "S", "C"], ["C", "W", "A", "B"]]) }
        #expect(error?.description == "tiny.json: reelSets.base[1][1]: unknown symbol \"PLUMB\"")
        #expect(error?.codeName == "unknown_symbol")
    }

    @Test func paysOfTheWrongLength() {
        let error = Self.error { $0["pays"] = ["A": [0, 2, 10, 20]] }
        #expect(error?.description == "tiny.json: pays.A: has 4 entries, expected 3")
    }

    @Test func lineWithRowOutOfRangeOrWrongLength() {
        #expect(Self.error { $0["lines"] = [[1, 1, 3]] }?.description == "tiny.json: lines[0][2]: row 3 is outside 0..<3")
        #expect(Self.error { $0["lines"] = [[1, 1]] }?.codeName == "wrong_length")
    }

    @Test func betNotDivisibleByCoins() {
        #expect(Self.error { $0["bets"] = [5, 12] }?.description == "tiny.json: bets[1]: bet 12 is not a positive multiple of coins (5)")
    }

    @Test func featureGameWithoutFreeReels() {
        let error = Self.error { json in
            var sets = json["reelSets"] as? [String: Any] ?? [:]
            sets["free"] = nil
            json["reelSets"] = sets
        }
        #expect(error?.description == "tiny.json: reelSets.free: required reel set is missing")
    }

    @Test func scatterThatCanShowTwiceInOneWindowIsRejected() {
        let error = Self.error { Self.setBase(&$0, [["A", "S", "B", "S", "C", "X"], ["B", "A", "S", "C"], ["C", "W", "A", "B"]]) }
        #expect(error?.field == "reelSets.base[0][1]")
        #expect(error?.codeName == "invalid_value")
    }

    @Test func unknownFieldsAreErrors() {
        #expect(Self.error { $0["colour"] = "red" }?.description == "tiny.json: colour: unknown field")
        #expect(Self.error { $0["freeSpins"] = ["awards": [0, 0, 3], "multiplier": 2, "retrigger": true, "x": 1] }?.field == "freeSpins.x")
        #expect(Self.error { json in
            var sets = json["reelSets"] as? [String: Any] ?? [:]
            sets["bonus"] = [["A"]]
            json["reelSets"] = sets
        }?.field == "reelSets.bonus")
    }

    @Test func missingRequiredFields() {
        for field in ["id", "name", "kind", "rows", "symbols", "lines", "coins", "pays", "bets", "reelSets"] {
            #expect(Self.error { $0[field] = nil }?.description == "tiny.json: \(field): required field is missing")
        }
    }

    @Test func reelSetWithTheWrongReelCount() {
        let error = Self.error { json in
            var sets = json["reelSets"] as? [String: Any] ?? [:]
            sets["boosted"] = [["A", "B", "C"], ["A", "B", "C"]]
            json["reelSets"] = sets
        }
        #expect(error?.description == "tiny.json: reelSets.boosted: has 2 reels, expected 3")
    }

    @Test func unknownKind() {
        #expect(Self.error { $0["kind"] = "cluster" }?.description == "tiny.json: kind: unknown kind \"cluster\" (lines or ways)")
    }

    @Test func wildAndScatterMustBeSymbols() {
        #expect(Self.error { $0["wild"] = "JOKER" }?.description == "tiny.json: wild: unknown symbol \"JOKER\"")
        #expect(Self.error { $0["scatter"] = "COIN" }?.description == "tiny.json: scatter: unknown symbol \"COIN\"")
    }

    @Test func otherRules() {
        #expect(Self.error { $0["pays"] = ["A": [0, 10, 2]] }?.field == "pays.A[2]")
        #expect(Self.error { $0["pays"] = ["S": [0, 0, 1]] }?.field == "pays.S")
        #expect(Self.error { $0["rows"] = "3" }?.codeName == "wrong_type")
        #expect(Self.error { $0["freeSpins"] = ["awards": [0, 0, 3], "multiplier": 2, "retrigger": 1] }?.field == "freeSpins.retrigger")
        #expect(Self.error { $0["bets"] = [5, 5] }?.codeName == "duplicate")
        #expect(Self.error { json in
            let reel = ["S", "A", "B"]
            json["reelSets"] = ["base": [reel, reel, reel], "boosted": [reel, reel, reel], "free": [reel, reel, reel]]
        }?.codeName == "endless_feature")
        #expect(throws: GameDefinitionError.self) { try GameDefinition.load(json: Data("[1]".utf8), file: "x.json") }
    }

    @Test func shippedGamesLoad() throws {
        let catalog = try GameCatalog.loadBundled()
        #expect(catalog.sorted.map(\.definition.id) == ["classic3", "fruit5", "ways243"])
        #expect(catalog.game("fruit5") is LinesGame)
        #expect(catalog.game("ways243") is WaysGame)
        for game in catalog.sorted {
            #expect(game.definition.reelSets[.boosted] != nil)
            #expect(game.definition.bets.allSatisfy { $0 % game.definition.coins == 0 })
        }
    }
}
