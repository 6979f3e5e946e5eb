import Foundation
import SlotMath

/// `onespin rtp`: the exact return to player of a game's reel set.
enum RTPCommand {
    static let usage = """
        usage: onespin rtp (--game ID | --definition FILE) [--reels base|boosted] [--json]

        Computes the exact RTP, hit frequency and feature frequency of a game.
          --game ID            a bundled game (classic3, fruit5, ways243)
          --definition FILE    a game definition JSON file
          --reels SET          reel set of base-game spins: base (default) or boosted
          --json               print one JSON object instead of a table
        """

    /// Runs the command.
    /// - Parameter arguments: the arguments after `rtp`.
    /// - Returns: the exit status (0 ok, 2 usage error, 1 invalid definition).
    static func run(arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(usage)
            return 0
        }
        do throws(UsageError) {
            let flags = try CommandLineOptions(arguments, switches: GameArguments.switches)
            try flags.rejectUnknown(GameArguments.flags)
            let options = try GameArguments(flags)
            let definition = try options.definition()
            let report = RTPCalculator(definition: definition).report(reels: options.reels)
            print(options.json ? json(report) : table(report))
            return 0
        } catch {
            FileHandleOutput.standardError.write("onespin rtp: \(error.message)\n\n\(usage)\n")
            return error.status
        }
    }

    static func json(_ report: RTPReport) -> String {
        let object: [String: Any] = [
            "game": report.game, "reels": report.reels.rawValue, "rtp": report.rtp, "baseRtp": report.baseRtp,
            "featureRtp": report.featureRtp, "buyRtp": report.buyRtp.map { $0 as Any } ?? NSNull(),
            "hitFrequency": report.hitFrequency, "featureFrequency": report.featureFrequency,
            "cycle": report.cycle, "method": report.method,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func table(_ report: RTPReport) -> String {
        let rows: [(String, String)] = [
            ("game", report.game),
            ("reels", report.reels.rawValue),
            ("rtp", percent(report.rtp)),
            ("base rtp", percent(report.baseRtp)),
            ("feature rtp", percent(report.featureRtp)),
            ("buy rtp", report.buyRtp.map(percent) ?? "-"),
            ("hit frequency", percent(report.hitFrequency)),
            ("feature frequency", report.featureFrequency > 0
                ? "\(percent(report.featureFrequency)) (1 in \(String(format: "%.1f", 1 / report.featureFrequency)))" : "-"),
            ("cycle", "\(report.cycle)"),
            ("method", report.method),
        ]
        return rows.map { "\($0.0.padding(toLength: 18, withPad: " ", startingAt: 0)) \($0.1)" }.joined(separator: "\n")
    }

    static func percent(_ value: Double) -> String { String(format: "%.4f%%", value * 100) }
}
