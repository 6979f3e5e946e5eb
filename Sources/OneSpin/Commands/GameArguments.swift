import Foundation
import SlotMath

/// Flags shared by `rtp` and `simulate`: which game and which reel set.
struct GameArguments {
    var gameID: String?
    var definitionPath: String?
    var reels: ReelSetName = .base
    var json = false

    /// The flags read here; a command adds its own.
    static let flags: Set<String> = ["game", "definition", "reels", "json"]
    static let switches: Set<String> = ["json"]

    /// Reads the shared flags.
    /// - Throws: `UsageError` for a bad `--reels`.
    init(_ options: CommandLineOptions) throws(UsageError) {
        gameID = options.string("game")
        definitionPath = options.string("definition")
        json = options.flag("json")
        if let text = options.string("reels") {
            guard let set = ReelSetName(rawValue: text), set != .free else {
                throw UsageError("--reels must be base or boosted, not '\(text)'")
            }
            reels = set
        }
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
