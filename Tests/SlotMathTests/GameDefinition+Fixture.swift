import Foundation
import SlotMath

extension GameDefinition {
    /// A tiny lines game as a JSON object: 3 reels × 3 rows, 5 lines, wild, scatter, free spins.
    static func makeJSON(
        kind: String = "lines",
        base: [[String]] = [["A", "B", "W", "C"], ["B", "A", "S", "C"], ["C", "W", "A", "B"]],
        free: [[String]]? = [["A", "W", "B", "C", "S"], ["W", "A", "C", "S", "B"], ["A", "S", "B", "W", "C"]]
    ) -> [String: Any] {
        var json: [String: Any] = [
            "id": "tiny", "name": "Tiny", "kind": kind, "rows": 3,
            "symbols": ["A", "B", "C", "W", "S", "X", "Y"], "wild": "W", "scatter": "S",
            "coins": 5,
            "pays": ["A": [0, 2, 10], "B": [0, 0, 5], "C": [0, 0, 2]],
            "scatterPays": [0, 1, 5],
            "bets": [5, 10, 50],
            "reelSets": ["base": base, "boosted": base] as [String: Any],
        ]
        if kind == "lines" { json["lines"] = [[1, 1, 1], [0, 0, 0], [2, 2, 2], [0, 1, 2], [2, 1, 0]] }
        if let free {
            json["freeSpins"] = ["awards": [0, 0, 3], "multiplier": 2, "retrigger": true] as [String: Any]
            json["buyMultiplier"] = 50
            json["reelSets"] = ["base": base, "boosted": base, "free": free]
        }
        return json
    }

    /// A validated definition from a JSON object.
    static func make(_ json: [String: Any] = makeJSON(), file: String = "tiny.json") throws -> GameDefinition {
        try load(json: try JSONSerialization.data(withJSONObject: json), file: file)
    }

    /// A one-row, one-line game of `reels` reels whose base reels show exactly `grid` at stops 0.
    static func makeRow(_ row: [String], wildPays: [Int]? = nil) throws -> GameDefinition {
        let reels = row.map { [$0] }
        var pays: [String: [Int]] = ["SEVEN": [0, 0, 20, 40, 100], "BAR": [0, 0, 10, 20, 50], "CHERRY": [0, 1, 2, 3, 4]]
        if let wildPays { pays["WILD"] = wildPays }
        let json: [String: Any] = [
            "id": "row", "name": "Row", "kind": "lines", "rows": 1,
            "symbols": ["SEVEN", "BAR", "CHERRY", "WILD", "STAR", "BLANK"], "wild": "WILD", "scatter": "STAR",
            "lines": [Array(repeating: 0, count: row.count)], "coins": 1, "pays": pays,
            "scatterPays": Array(repeating: 0, count: row.count), "bets": [1, 10],
            "reelSets": ["base": reels, "boosted": reels],
        ]
        return try make(json, file: "row.json")
    }
}
