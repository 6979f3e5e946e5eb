import JSON
import SlotMath
import Spin

/// The games a server offers and the `GET /v1/games` body, rendered once at start-up with the
/// exact RTP figures of each game's own definition.
struct GameDirectory: Sendable {
    let catalog: GameCatalog
    let body: [UInt8]

    init(catalog: GameCatalog) {
        self.catalog = catalog
        var json = JSONWriter(capacity: 1024)
        json.raw("{\"games\":[")
        for (index, game) in catalog.sorted.enumerated() {
            let definition = game.definition
            let calculator = RTPCalculator(definition: definition)
            if index > 0 { json.raw(",") }
            json.raw("{\"id\":")
            json.string(definition.id)
            json.raw(",\"name\":")
            json.string(definition.name)
            json.raw(",\"kind\":")
            json.string(definition.kind.rawValue)
            json.raw(",\"reels\":")
            json.int(definition.reelCount)
            json.raw(",\"rows\":")
            json.int(definition.rows)
            json.raw(",\"bets\":[")
            json.raw(definition.bets.map(String.init).joined(separator: ","))
            json.raw("],\"buyMultiplier\":")
            if let multiplier = definition.buyMultiplier, definition.freeSpins != nil { json.int(multiplier) } else { json.null() }
            json.raw(",\"rtp\":")
            json.raw(Self.ratio(calculator.report(reels: .base).rtp))
            json.raw(",\"boostedRtp\":")
            json.raw(Self.ratio(calculator.report(reels: .boosted).rtp))
            json.raw(",\"freeSpins\":")
            if let award = definition.smallestAward, let rule = definition.freeSpins {
                json.raw("{\"awards\":[\(rule.awards.map(String.init).joined(separator: ","))],\"multiplier\":\(rule.multiplier),")
                json.raw("\"retrigger\":\(rule.retrigger),\"boughtSpins\":\(award)}")
            } else {
                json.null()
            }
            json.raw("}")
        }
        json.raw("]}")
        body = json.bytes
    }

    /// An RTP as a JSON number with 6 decimals (e.g. `0.961234`).
    static func ratio(_ value: Double) -> String {
        let scaled = Int((value * 1_000_000).rounded())
        let whole = scaled / 1_000_000
        let fraction = String(scaled % 1_000_000)
        return "\(whole)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
