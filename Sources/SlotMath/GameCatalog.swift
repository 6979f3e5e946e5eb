/// The games a server offers, loaded and validated at start-up (`load(directory:)`, `loadBundled()`).
package struct GameCatalog: Sendable {
    /// Games by id.
    package private(set) var games: [String: any Game]

    package init(games: [any Game]) {
        var byID: [String: any Game] = [:]
        for game in games { byID[game.definition.id] = game }
        self.games = byID
    }

    /// The game with this id, if offered.
    package func game(_ id: String) -> (any Game)? { games[id] }

    /// Every game, sorted by id.
    package var sorted: [any Game] { games.values.sorted { $0.definition.id < $1.definition.id } }
}
