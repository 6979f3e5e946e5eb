import OneSpin
import Redis

/// `onespin-bench bench-redis --redis URL [--requests N] [--pipeline P] [--test ping_mbulk|set]`:
/// measures the Redis client against `redis-benchmark -c 1 -P P -t <test>` and prints `<n> ops/s`.
enum RedisBenchCommand {
    static let usage = "usage: onespin-bench bench-redis --redis URL [--requests N] [--pipeline P] [--test ping_mbulk|set]"

    /// Runs the benchmark.
    /// - Parameter arguments: the options after `bench-redis`.
    /// - Returns: the process exit status (0, 1 on a Redis error, 2 on bad options).
    static func run(arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(usage)
            return 0
        }
        let url: String?
        let requests: Int
        let pipeline: Int
        var test = RedisBenchmark.Test.ping
        do {
            let options = try CommandLineOptions(arguments)
            try options.rejectUnknown(["redis", "requests", "pipeline", "test"])
            url = options.string("redis")
            requests = try options.integer("requests", default: 100_000, in: 1...Int.max)
            pipeline = try options.integer("pipeline", default: 1, in: 1...1_000_000)
            if let name = options.string("test") {
                guard let chosen = RedisBenchmark.Test(rawValue: name) else { return fail("--test must be ping_mbulk or set") }
                test = chosen
            }
        } catch {
            return fail(error.message)
        }
        guard let url else { return fail("--redis is required") }
        do {
            let configuration = try RedisConfiguration(url: url)
            let rate = try RedisBenchmark.run(configuration: configuration, requests: requests, pipeline: pipeline, test: test)
            print("\(Int(rate.rounded())) ops/s (\(test.rawValue), requests \(requests), pipeline \(pipeline))")
            return 0
        } catch {
            FileHandleOutput.standardError.write("onespin-bench bench-redis: \(error)\n")
            return 1
        }
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandleOutput.standardError.write("onespin-bench bench-redis: \(message)\n\(usage)\n")
        return 2
    }
}
