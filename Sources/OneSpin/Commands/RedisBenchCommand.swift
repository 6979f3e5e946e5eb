import Redis

/// `onespin bench-redis --redis URL [--requests N] [--pipeline P] [--test ping_mbulk|set]` (hidden):
/// measures the Redis client against `redis-benchmark -c 1 -P P -t <test>` and prints `<n> ops/s`.
enum RedisBenchCommand {
    static let usage = "usage: onespin bench-redis --redis URL [--requests N] [--pipeline P] [--test ping_mbulk|set]"

    /// Runs the benchmark.
    /// - Parameter arguments: the options after `bench-redis`.
    /// - Returns: the process exit status (0, 1 on a Redis error, 2 on bad options).
    static func run(arguments: [String]) -> Int32 {
        var url: String?
        var requests = 100_000
        var pipeline = 1
        var test = RedisBenchmark.Test.ping
        var index = 0
        while index < arguments.count {
            let option = arguments[index]
            if option == "--help" || option == "-h" {
                print(usage)
                return 0
            }
            guard index + 1 < arguments.count else { return fail("option \(option) needs a value") }
            let value = arguments[index + 1]
            switch option {
            case "--redis": url = value
            case "--requests":
                guard let number = Int(value), number > 0 else { return fail("--requests must be a positive integer") }
                requests = number
            case "--pipeline":
                guard let number = Int(value), number > 0 else { return fail("--pipeline must be a positive integer") }
                pipeline = number
            case "--test":
                guard let chosen = RedisBenchmark.Test(rawValue: value) else { return fail("--test must be ping_mbulk or set") }
                test = chosen
            default: return fail("unknown option \(option)")
            }
            index += 2
        }
        guard let url else { return fail("--redis is required") }
        do {
            let configuration = try RedisConfiguration(url: url)
            let rate = try RedisBenchmark.run(configuration: configuration, requests: requests, pipeline: pipeline, test: test)
            print("\(Int(rate.rounded())) ops/s (\(test.rawValue), requests \(requests), pipeline \(pipeline))")
            return 0
        } catch {
            FileHandleOutput.standardError.write("onespin bench-redis: \(error)\n")
            return 1
        }
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandleOutput.standardError.write("onespin bench-redis: \(message)\n\(usage)\n")
        return 2
    }
}
