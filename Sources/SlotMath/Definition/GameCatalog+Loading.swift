package import Foundation

extension GameCatalog {
    /// Loads and validates every `*.json` definition in a directory.
    /// - Parameter directory: the folder holding one JSON file per game.
    /// - Returns: a catalog of every game found.
    /// - Throws: `GameDefinitionError` for the first invalid file, or a duplicate game id.
    package static func load(directory: URL) throws(GameDefinitionError) -> GameCatalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            throw .unreadable(file: directory.lastPathComponent, errno: underlying.map { Int32($0.code) } ?? 0)
        }
        var games: [any Game] = []
        var seen: Set<String> = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let definition = try GameDefinition.load(contentsOf: directory.appendingPathComponent(name))
            guard seen.insert(definition.id).inserted else {
                throw .duplicate(file: name, field: "id", value: definition.id)
            }
            games.append(makeGame(definition))
        }
        return GameCatalog(games: games)
    }

    /// Loads the games shipped in the module's resources (`classic3`, `fruit5`, `ways243`).
    /// - Returns: the bundled catalog.
    /// - Throws: `GameDefinitionError` if a bundled file is invalid or missing.
    package static func loadBundled() throws(GameDefinitionError) -> GameCatalog {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Games") else {
            throw .unreadable(file: "Games", errno: 0)
        }
        return try load(directory: directory)
    }
}
