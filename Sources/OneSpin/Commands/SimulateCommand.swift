import Foundation
import SlotMath
import Synchronization

/// `onespin simulate`: plays many seeded trials and reports measured RTP with its confidence interval.
enum SimulateCommand {
    static let usage = """
        usage: onespin simulate (--game ID | --definition FILE) --spins N [--seed S] [--threads T]
                                [--reels base|boosted] [--mode normal|buy] [--json]

        Plays N seeded trials (whole free-spins rounds included); same seed, same figures for any T.
          --game ID            a bundled game (classic3, fruit5, ways243)
          --definition FILE    a game definition JSON file
          --spins N            number of trials (base spins, or bought rounds with --mode buy)
          --seed S             64-bit seed (default 1)
          --threads T          worker threads (default: active processors)
          --reels SET          reel set of base-game spins: base (default) or boosted
          --mode MODE          normal (default) or buy: each trial buys a round at bet × buyMultiplier
          --json               print one JSON object instead of a table
        """

    /// Runs the command.
    /// - Parameter arguments: the arguments after `simulate`.
    /// - Returns: the exit status (0 ok, 2 usage error, 1 invalid definition).
    static func run(arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(usage)
            return 0
        }
        do throws(UsageError) {
            let flags = try CommandLineOptions(arguments, switches: GameArguments.switches)
            try flags.rejectUnknown(GameArguments.flags.union(["spins", "seed", "threads", "mode"]))
            let options = try GameArguments(flags)
            let spins: Int? = try flags.string("spins") == nil ? nil : flags.integer("spins", default: 0, in: 1...Int.max)
            let threads = try flags.integer("threads", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...256)
            var seed: UInt64 = 1
            if let text = flags.string("seed") {
                guard let value = UInt64(text) else { throw UsageError("--seed must be an unsigned 64-bit integer") }
                seed = value
            }
            var mode = SimulationMode.normal
            if let text = flags.string("mode") {
                guard let value = SimulationMode(rawValue: text) else { throw UsageError("--mode must be normal or buy") }
                mode = value
            }
            guard let spins else { throw UsageError("--spins is required") }
            let definition = try options.definition()
            if mode == .buy, definition.buyMultiplier == nil {
                throw UsageError("game '\(definition.id)' has no buy feature")
            }
            let report = Simulator(definition: definition).run(
                spins: spins, seed: seed, threads: threads, reels: options.reels, mode: mode,
                progress: spins >= 10_000_000 ? progressPrinter() : nil
            )
            print(options.json ? json(report) : table(report))
            return 0
        } catch {
            FileHandleOutput.standardError.write("onespin simulate: \(error.message)\n\n\(usage)\n")
            return error.status
        }
    }

    /// Prints a progress line on stderr about every 10% of the run.
    static func progressPrinter() -> @Sendable (Int, Int) -> Void {
        let lastTenth = Mutex(0)
        return { done, total in
            let tenth = done * 10 / max(total, 1)
            let due = lastTenth.withLock { last in
                guard tenth > last else { return false }
                last = tenth
                return true
            }
            if due { FileHandleOutput.standardError.write("simulate: \(done)/\(total) trials (\(tenth * 10)%)\n") }
        }
    }

    static func json(_ report: SimulationReport) -> String {
        let object: [String: Any] = [
            "game": report.game, "reels": report.reels.rawValue, "mode": report.mode.rawValue, "spins": report.spins,
            "seed": report.seed, "threads": report.threads, "rtp": report.rtp,
            "rtpConfidence95": [report.rtpLow, report.rtpHigh], "standardDeviation": report.standardDeviation,
            "hitFrequency": report.hitFrequency, "largestWin": report.largestWin,
            "featureFrequency": report.featureFrequency, "spinsPerSecond": report.spinsPerSecond, "seconds": report.seconds,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func table(_ report: SimulationReport) -> String {
        let rows: [(String, String)] = [
            ("game", report.game),
            ("reels", report.reels.rawValue),
            ("mode", report.mode.rawValue),
            ("trials", "\(report.spins) (seed \(report.seed), \(report.threads) threads)"),
            ("rtp", "\(RTPCommand.percent(report.rtp)) (95% CI \(RTPCommand.percent(report.rtpLow)) – \(RTPCommand.percent(report.rtpHigh)))"),
            ("hit frequency", RTPCommand.percent(report.hitFrequency)),
            ("std deviation", String(format: "%.3f × stake", report.standardDeviation)),
            ("largest win", String(format: "%.1f × bet", report.largestWin)),
            ("feature frequency", RTPCommand.percent(report.featureFrequency)),
            ("spins/second", String(format: "%.0f", report.spinsPerSecond)),
            ("seconds", String(format: "%.2f", report.seconds)),
        ]
        return rows.map { "\($0.0.padding(toLength: 18, withPad: " ", startingAt: 0)) \($0.1)" }.joined(separator: "\n")
    }
}
