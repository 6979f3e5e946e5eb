import Spin
import Time

#if canImport(Glibc)
import Glibc
#endif

/// `onespin token`: prints a player token signed with the configured secret.
enum TokenCommand {
    static let help = """
        usage: onespin token --player ID [--ttl SECONDS] [--jwt-secret SECRET]

        Prints an HS256 player token for ID, valid for --ttl seconds (default 3600).
        The secret comes from --jwt-secret or ONESPIN_JWT_SECRET, as for `onespin serve`.
        """

    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        do {
            let options = try CommandLineOptions(arguments, environment: environment)
            try options.rejectUnknown(["player", "ttl", "jwt-secret"])
            guard let id = options.string("player") else { throw UsageError("--player is required") }
            guard let player = PlayerID(id) else {
                throw UsageError("--player must be 1-64 characters of [A-Za-z0-9_.:-]")
            }
            guard let secret = options.string("jwt-secret", env: "ONESPIN_JWT_SECRET") else {
                throw UsageError("a secret is required: --jwt-secret or ONESPIN_JWT_SECRET")
            }
            let ttl = try options.integer("ttl", default: 3600, in: 1...(366 * 86400))
            let now = SystemWallClock().epochSeconds()
            print(PlayerToken(secret: Array(secret.utf8)).sign(player: player, now: now, ttl: Int64(ttl)))
            return 0
        } catch {
            FileHandleOutput.standardError.write("onespin token: \(error)\n\n\(help)\n")
            return 2
        }
    }
}
