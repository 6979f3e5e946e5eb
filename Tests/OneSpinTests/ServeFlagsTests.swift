import Foundation
import Testing

@testable import OneSpin

/// `ServeFlags` is the one declaration of `onespin serve`'s flags: the parser, `--help` and the
/// README's configuration table must all say what it says.
@Suite struct ServeFlagsTests {
    private static let secrets = ["--jwt-secret", "jwt-secret-0123456789", "--admin-token", "admin-token-0123456789"]

    /// The README's rows `| --flag | ENV | default | meaning |`, backticks removed, by flag name.
    private static func readmeRows() throws -> [String: (environment: String, shownDefault: String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var rows: [String: (String, String)] = [:]
        for line in readme.split(separator: "\n") where line.hasPrefix("| `--") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
            guard cells.count >= 5 else { continue }
            rows[String(cells[1].dropFirst(2))] = (cells[2], cells[3])
        }
        return rows
    }

    @Test func readmeTableSaysWhatTheFlagsSay() throws {
        let rows = try Self.readmeRows()
        #expect(Set(rows.keys) == Set(ServeFlags.all.map(\.name)), "README rows \(rows.keys.sorted())")
        for flag in ServeFlags.all {
            guard let row = rows[flag.name] else { continue }
            let environment = row.environment.split(separator: " ").first.map(String.init) ?? ""
            #expect(environment == (flag.environment ?? ""), "--\(flag.name): README says \(row.environment)")
            #expect(row.shownDefault == flag.shownDefault, "--\(flag.name): README says \(row.shownDefault), the code \(flag.shownDefault)")
        }
    }

    @Test func helpNamesEveryFlagWithItsDefault() {
        let help = ServerConfiguration.help
        for flag in ServeFlags.all {
            guard let line = help.split(separator: "\n").first(where: { $0.hasPrefix("  --\(flag.name) ") || $0.hasPrefix("  --\(flag.name)  ") }) else {
                Issue.record("--\(flag.name) missing from --help")
                continue
            }
            if let environment = flag.environment { #expect(line.contains("[\(environment)]"), "\(line)") }
            switch flag.shownDefault {
            case "none": #expect(!line.contains("(default"), "\(line)")
            case "required": #expect(line.hasSuffix("(required)"), "\(line)")
            default: #expect(line.hasSuffix("(default \(flag.shownDefault))"), "\(line)")
            }
        }
    }

    @Test func parsingNothingGivesTheDeclaredDefaults() throws {
        let parsed = try ServerConfiguration.parse(Self.secrets, environment: [:])
        #expect(parsed.host == ServeFlags.host.shownDefault)
        #expect(parsed.port == 8080 && parsed.port == ServeFlags.port.defaultValue)
        #expect(parsed.keyTTLSeconds == 3600 && parsed.keyTTLSeconds == ServeFlags.keyTTL.defaultValue)
        #expect(parsed.threads == ServeFlags.coreCount)
        #expect(parsed.lockWaitMilliseconds == ServeFlags.lockWait.defaultValue)
        #expect(parsed.maxConnections == ServeFlags.maxConnections.defaultValue)
        #expect(parsed.shutdownDeadlineSeconds == ServeFlags.shutdownDeadline.defaultValue)
        #expect(parsed.rateLimit == 0 && parsed.rateBurst == ServeFlags.rateBurst.defaultValue)
        #expect(parsed.logLevel == .info)
        #expect(parsed.redisURL == nil && parsed.gamesDirectory == nil && parsed.record == nil)
        let unparsed = ServerConfiguration(jwtSecret: [], adminToken: [])
        #expect(unparsed.port == parsed.port && unparsed.keyTTLSeconds == parsed.keyTTLSeconds && unparsed.threads == parsed.threads)
    }

    @Test func flagsOverrideTheEnvironment() throws {
        let environment = ["ONESPIN_KEY_TTL": "60", "ONESPIN_PORT": "9000", "ONESPIN_LOG_LEVEL": "warn"]
        let fromEnvironment = try ServerConfiguration.parse(Self.secrets, environment: environment)
        #expect(fromEnvironment.keyTTLSeconds == 60 && fromEnvironment.port == 9000 && fromEnvironment.logLevel == .warn)
        let fromFlags = try ServerConfiguration.parse(Self.secrets + ["--key-ttl", "120", "--port=0"], environment: environment)
        #expect(fromFlags.keyTTLSeconds == 120 && fromFlags.port == 0)
    }

    @Test(arguments: [("--port", "65536"), ("--key-ttl", "0"), ("--threads", "x"), ("--rate-burst", "0")])
    func anOutOfRangeValueNamesItsFlag(flag: String, value: String) {
        #expect {
            try ServerConfiguration.parse(Self.secrets + [flag, value], environment: [:])
        } throws: { error in
            "\(error)".hasPrefix("\(flag) must be a whole number")
        }
    }

    @Test func anUnknownFlagIsRefused() {
        #expect(throws: UsageError.self) { try ServerConfiguration.parse(Self.secrets + ["--colour", "red"], environment: [:]) }
    }
}
