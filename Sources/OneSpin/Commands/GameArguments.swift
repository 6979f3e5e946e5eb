import Foundation
import SlotMath

/// Flags shared by `rtp` and `simulate`: which game and which reel set.
struct GameArguments {
    var gameID: String?
    var definitionPath: String?
    var reels: ReelSetName = .base
    var json = false

    /// Consumes a shared flag at `arguments[index]`.
    /// - Returns: the index after it, `nil` if the flag is not a shared one.
    /// - Throws: `UsageError` for a missing or bad value.
    mutating func parse(_ arguments: [String], at index: Int) throws(UsageError) -> Int? {
        switch arguments[index] {
        case "--game":
            gameID = try Self.value(arguments, index)
        case "--definition":
            definitionPath = try Self.value(arguments, index)
        case "--reels":
            let text = try Self.value(arguments, index)
            guard let set = ReelSetName(rawValue: text), set != .free else {
                throw UsageError("--reels must be base or boosted, not '\(text)'")
            }
            reels = set
        case "--json":
            json = true
            return index + 1
        default:
            return nil
        }
        return index + 2
    }

    /// The value after the flag at `index`.
    static func value(_ arguments: [String], _ index: Int) throws(UsageError) -> String {
        guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") else {
            throw UsageError("\(arguments[index]) needs a value")
        }
        return arguments[index + 1]
    }

    /// The chosen game's definition, from the bundled games or a file.
    func definition() throws(UsageError) -> GameDefinition {
        switch (gameID, definitionPath) {
        case (let id?, nil):
            let catalog: GameCatalog
            do { catalog = try GameCatalog.loadBundled() } catch { throw UsageError("bundled games: \(error)") }
            guard let game = catalog.game(id) else {
                let known = catalog.sorted.map(\.definition.id).joined(separator: ", ")
                throw UsageError("unknown game '\(id)' (bundled: \(known))")
            }
            return game.definition
        case (nil, let path?):
            do { return try GameDefinition.load(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw UsageError("\(error)", status: 1)
            }
        default:
            throw UsageError("give exactly one of --game ID or --definition FILE")
        }
    }
}

/// A command-line mistake: printed on stderr, exit status 2 (1 for an invalid definition file).
struct UsageError: Error {
    var message: String
    var status: Int32

    init(_ message: String, status: Int32 = 2) {
        self.message = message
        self.status = status
    }
}
