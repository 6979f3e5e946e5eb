import Foundation
import Replay
import Spin
import Time

#if canImport(Glibc)
import Glibc
#endif

/// `onespin replay generate|run`: the scripted replay load tool.
package enum ReplayCommand {
    static let help = """
        usage: onespin replay <generate|run> [options]

          generate   write a deterministic scenario (JSON Lines) to standard output
          run        play a scenario against a server and verify the exactly-once invariants

        Run `onespin replay generate --help` or `onespin replay run --help` for options.
        """

    static let generateHelp = """
        usage: onespin replay generate --players N --spins M [options] > scenario.jsonl

          --players N               players p0…p(N-1) (default 10)
          --spins M                 actions per player (default 100)
          --games LIST              comma-separated game ids, each optionally with its bets:
                                    fruit5,classic3,mine:10/20/50 (default: the shipped games)
          --dup-rate R              share of actions resent 1-3 times (default 0)
          --concurrent-dup-rate R   share of actions sent as 2-4 simultaneous copies (default 0)
          --timeout-rate R          share of actions abandoned after 0-20 ms and resent (default 0)
          --buy-rate R              share of feature-game spins that buy the feature (default 0.01)
          --seed S                  generator seed (default 1)
          --credit C                initial credit per player, minor units (default 1000000)
          --prefix P                prepended to player ids, for fresh wallets on a reused server
        """

    static let runHelp = """
        usage: onespin replay run FILE --target URL --admin-token T --jwt-secret S [options]

          --target URL        http://HOST:PORT of the server
          --targets URL,URL   several servers of one fleet (instead of --target): connections start spread
                              over them and move to the next one when theirs drops or cannot be reached
          --max-attempts N    sends per request before giving up on retryable answers (default 60)
          --admin-token T     operator token [ONESPIN_ADMIN_TOKEN]
          --jwt-secret S      player token secret [ONESPIN_JWT_SECRET]
          --connections C     keep-alive connections, one worker thread each (default 8)
          --rate R            spins (scenario actions) per second over all connections (default: unlimited)
          --duration D        stop starting actions after D seconds (default: play the whole file)
          --credit C          initial credit per player (default: the scenario header's, else 1000000)
          --report FILE       write the summary as JSON
          --chart FILE        write an SVG of requests/s and p99 latency per second

        Exit status: 0 when every invariant holds, 1 when one fails or the run cannot finish, 2 for usage errors.
        """

    /// Runs `onespin replay …`.
    /// - Returns: 0, 1 for a failed invariant or run, 2 for a usage error.
    package static func run(arguments: [String], environment: [String: String]) -> Int32 {
        guard let sub = arguments.first, sub != "--help", sub != "-h" else {
            print(help)
            return arguments.isEmpty ? 2 : 0
        }
        let rest = Array(arguments.dropFirst())
        switch sub {
        case "generate":
            if rest.contains("--help") || rest.contains("-h") { print(generateHelp); return 0 }
            return generate(rest)
        case "run":
            if rest.contains("--help") || rest.contains("-h") { print(runHelp); return 0 }
            return play(rest, environment: environment)
        default:
            FileHandleOutput.standardError.write("onespin replay: unknown subcommand '\(sub)'\n\n\(help)\n")
            return 2
        }
    }

    private static func generate(_ arguments: [String]) -> Int32 {
        var options = ScenarioGenerator.Options()
        do {
            let flags = try CommandLineOptions(arguments)
            try flags.rejectUnknown([
                "players", "spins", "games", "dup-rate", "concurrent-dup-rate", "timeout-rate", "buy-rate", "seed", "credit", "prefix",
            ])
            guard flags.positional.isEmpty else { throw UsageError("unexpected argument '\(flags.positional[0])'") }
            options.players = try flags.integer("players", default: 10, in: 1...1_000_000)
            options.spinsPerPlayer = try flags.integer("spins", default: 100, in: 1...10_000_000)
            options.duplicateRate = try rate(flags, "dup-rate", default: 0)
            options.concurrentDuplicateRate = try rate(flags, "concurrent-dup-rate", default: 0)
            options.timeoutRate = try rate(flags, "timeout-rate", default: 0)
            options.buyFeatureRate = try rate(flags, "buy-rate", default: 0.01)
            options.seed = UInt64(try flags.integer("seed", default: 1, in: 0...Int.max))
            options.initialCredit = try flags.integer("credit", default: 1_000_000, in: 0...Int(Int32.max) * 1000)
            options.playerPrefix = flags.string("prefix") ?? ""
            guard options.playerPrefix.count + 8 <= 64, PlayerID(options.playerPrefix + "p0") != nil else {
                throw UsageError("--prefix must be a few characters of [A-Za-z0-9_.:-]")
            }
            if let list = flags.string("games") { options.games = try games(list) }
            guard options.duplicateRate + options.concurrentDuplicateRate + options.timeoutRate <= 1 else {
                throw UsageError("--dup-rate, --concurrent-dup-rate and --timeout-rate add up to more than 1")
            }
        } catch {
            FileHandleOutput.standardError.write("onespin replay generate: \(error)\n\n\(generateHelp)\n")
            return 2
        }
        let text = ScenarioGenerator(options: options).generate().text
        print(text, terminator: "")
        fflush(nil)
        return 0
    }

    private static func play(_ arguments: [String], environment: [String: String]) -> Int32 {
        let scenario: Scenario
        var settings: ReplayRunner.Settings
        let reportPath: String?
        let chartPath: String?
        do {
            let flags = try CommandLineOptions(arguments, environment: environment)
            try flags.rejectUnknown(["target", "targets", "max-attempts", "admin-token", "jwt-secret", "connections", "rate", "duration", "credit", "report", "chart"])
            guard flags.positional.count == 1, let file = flags.positional.first else {
                throw UsageError("exactly one scenario FILE is required")
            }
            let urls = (flags.string("targets") ?? flags.string("target") ?? "").split(separator: ",").map(String.init)
            let targets = urls.compactMap(ReplayTarget.init(url:))
            guard let target = targets.first, targets.count == urls.count else {
                throw UsageError("--target (or --targets) must be http://HOST:PORT[,http://HOST:PORT…]")
            }
            guard let admin = flags.string("admin-token", env: "ONESPIN_ADMIN_TOKEN") else {
                throw UsageError("--admin-token (or ONESPIN_ADMIN_TOKEN) is required")
            }
            guard let secret = flags.string("jwt-secret", env: "ONESPIN_JWT_SECRET") else {
                throw UsageError("--jwt-secret (or ONESPIN_JWT_SECRET) is required")
            }
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw UsageError("cannot read scenario file '\(file)'")
            }
            do {
                scenario = try Scenario.parse(Array(bytes))
            } catch {
                throw UsageError("\(file): \(error)")
            }
            settings = ReplayRunner.Settings(target: target, adminToken: admin, mintToken: tokenMinter(secret: secret))
            settings.alternates = Array(targets.dropFirst())
            settings.connections = try flags.integer("connections", default: 8, in: 1...4096)
            settings.maxAttempts = try flags.integer("max-attempts", default: 60, in: 1...100_000)
            if flags.string("rate") != nil { settings.rate = try rate(flags, "rate", default: 0, upTo: 10_000_000) }
            if flags.string("duration") != nil { settings.duration = .seconds(try flags.integer("duration", default: 0, in: 1...86_400)) }
            settings.initialCredit = try flags.integer(
                "credit", default: scenario.header?.initialCredit ?? 1_000_000, in: 0...Int(Int32.max) * 1000)
            settings.progress = { FileHandleOutput.standardError.write($0 + "\n") }
            reportPath = flags.string("report")
            chartPath = flags.string("chart")
        } catch {
            FileHandleOutput.standardError.write("onespin replay run: \(error)\n\n\(runHelp)\n")
            return 2
        }
        let report: ReplayReport
        do {
            report = try ReplayRunner(settings: settings).run(scenario)
        } catch {
            FileHandleOutput.standardError.write("onespin replay run: \(error)\n")
            return 1
        }
        print(report.summary)
        fflush(nil)
        do {
            if let reportPath { try Data(report.json.utf8).write(to: URL(fileURLWithPath: reportPath)) }
            if let chartPath { try Data(report.chart.utf8).write(to: URL(fileURLWithPath: chartPath)) }
        } catch {
            FileHandleOutput.standardError.write("onespin replay run: writing the report: \(error)\n")
            return 1
        }
        return report.passed ? 0 : 1
    }

    /// Signs player tokens valid for a day, as `onespin token` does.
    package static func tokenMinter(secret: String) -> @Sendable (String) -> String {
        let signer = PlayerToken(secret: Array(secret.utf8))
        return { player in
            guard let id = PlayerID(player) else { return "invalid-player-id" }
            return signer.sign(player: id, now: SystemWallClock().epochSeconds(), ttl: 86_400)
        }
    }

    private static func rate(_ flags: CommandLineOptions, _ name: String, default fallback: Double, upTo limit: Double = 1) throws -> Double {
        guard let text = flags.string(name) else { return fallback }
        guard let value = Double(text), value >= 0, value <= limit else {
            throw UsageError("--\(name) must be a number from 0 to \(limit), got '\(text)'")
        }
        return value
    }

    private static func games(_ list: String) throws -> [ScenarioGenerator.GameChoice] {
        try list.split(separator: ",").map { item in
            let parts = item.split(separator: ":")
            let id = String(parts[0])
            if parts.count == 1, let known = ScenarioGenerator.GameChoice.shipped.first(where: { $0.id == id }) { return known }
            guard parts.count == 2 else {
                throw UsageError("--games: '\(item)' is not a shipped game; give its bets as \(id):10/20/50")
            }
            let bets = parts[1].split(separator: "/").compactMap { Int($0) }.filter { $0 > 0 }
            guard !bets.isEmpty else { throw UsageError("--games: '\(item)' has no valid bets") }
            let buys = ScenarioGenerator.GameChoice.shipped.first { $0.id == id }?.buysFeature ?? false
            return ScenarioGenerator.GameChoice(id: id, bets: bets, buysFeature: buys)
        }
    }
}
