import Dispatch
import HTTP
import IOLoop
import JSON
import Redis
import RedisStore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `onespin events`: the settled-spin events of every partition's stream, one JSON line each on
/// standard output, read with a Redis consumer group (at least once per group; drop duplicates by
/// `spinId`). Works on one Redis, Sentinel and Cluster alike.
enum EventsCommand {
    static let help = """
        usage: onespin events --redis URL [--group NAME] [--consumer NAME] [--from-start]
                              [--batch N] [--claim-idle MS] [--until-idle]

        Prints one JSON line per settled spin: {"stream","id","spinId","player","game","kind","bet",
        "debit","win","balance"}. Entries are acknowledged (XACK) after their line is written;
        entries another consumer of the group left unacknowledged for --claim-idle ms are taken
        over (XAUTOCLAIM), and this consumer's own unacknowledged entries are read again first.
          --redis URL         as for serve [ONESPIN_REDIS]
          --group NAME        consumer group (default onespin-events), created when missing
          --consumer NAME     this reader's name in the group (default: host name and pid)
          --from-start        a new group starts at each stream's first entry (default: new ones only)
          --batch N           entries per stream per read (default 100)
          --claim-idle MS     take over entries pending this long with another consumer (default 30000)
          --until-idle        exit once a pass finds nothing (default: follow for ever)
        """

    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        let settings: Settings
        do {
            settings = try Settings(arguments, environment: environment)
        } catch {
            FileHandleOutput.standardError.write("onespin events: \(error)\n\n\(help)\n")
            return 2
        }
        let status = Mutex<Int32>(1)
        let done = DispatchSemaphore(value: 0)
        do {
            let connector = try RedisConnector(settings.topology)
            let loop = try EventLoop(name: "onespin-events")
            Task(executorPreference: loop) {
                let client = connector.makeClient(on: loop)
                let reader = RedisEventsReader(
                    client: client, group: settings.group, consumer: settings.consumer, batch: settings.batch,
                    claimIdle: settings.claimIdle)
                let result = await follow(reader, fromStart: settings.fromStart, untilIdle: settings.untilIdle)
                status.withLock { $0 = result }
                client.stop()
                done.signal()
            }
            done.wait()
            loop.stop()
            loop.waitUntilStopped()
            connector.stop()
        } catch {
            FileHandleOutput.standardError.write("onespin events: \(error)\n")
            return 1
        }
        return status.withLock { $0 }
    }

    private static func follow(_ reader: RedisEventsReader, fromStart: Bool, untilIdle: Bool) async -> Int32 {
        do {
            try await reader.createGroups(fromStart: fromStart)
            while true {
                let count = try await reader.poll { entries in
                    var text = ""
                    for entry in entries { text += line(entry) + "\n" }
                    FileHandleOutput.standardOutput.write(text)
                }
                if count == 0 {
                    if untilIdle { return 0 }
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        } catch {
            FileHandleOutput.standardError.write("onespin events: \(error)\n")
            return 1
        }
    }

    static func line(_ entry: RedisEventsReader.Entry) -> String {
        var json = JSONWriter(capacity: 256)
        json.raw("{\"stream\":")
        json.string(entry.stream)
        json.raw(",\"id\":")
        json.string(entry.id)
        if let event = entry.event {
            for (name, value) in [("spinId", event.spinId), ("player", event.player), ("game", event.game), ("kind", event.kind)] {
                json.raw(",\"\(name)\":")
                json.string(value)
            }
            json.raw(",\"bet\":\(event.bet),\"debit\":\(event.debit),\"win\":\(event.win),\"balance\":\(event.balance)")
        } else {
            json.raw(",\"malformed\":true")
        }
        json.raw("}")
        return String(decoding: json.bytes, as: UTF8.self)
    }

    private struct Settings {
        let topology: RedisTopology
        let group: String
        let consumer: String
        let fromStart: Bool
        let batch: Int
        let claimIdle: Int
        let untilIdle: Bool

        init(_ arguments: [String], environment: [String: String]) throws {
            let options = try CommandLineOptions(arguments, switches: ["from-start", "until-idle"], environment: environment)
            try options.rejectUnknown(["redis", "group", "consumer", "from-start", "batch", "claim-idle", "until-idle"])
            guard let url = options.string("redis", env: "ONESPIN_REDIS") else {
                throw UsageError("a Redis URL is required: --redis or ONESPIN_REDIS")
            }
            topology = try RedisTopology(url: url)
            group = options.string("group") ?? "onespin-events"
            var host = [CChar](repeating: 0, count: 256)
            gethostname(&host, host.count)
            let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            consumer = options.string("consumer") ?? "\(hostName)-\(getpid())"
            fromStart = options.flag("from-start")
            batch = try options.integer("batch", default: 100, in: 1...10_000)
            claimIdle = try options.integer("claim-idle", default: 30_000, in: 1...86_400_000)
            untilIdle = options.flag("until-idle")
        }
    }
}
