/// What `onespin-bench` offers.
enum BenchUsage {
    static let text = """
        usage: onespin-bench <command> [options]

        commands:
          http-hello     the HTTP server alone, answering GET /healthz (Scripts/bench/http-peers.sh --server)
          bench-redis    the Redis client against redis-benchmark -c 1 (ops/s)
          bench-ceiling  the store's claim and commit scripts straight against Redis (spins/s)
        """
}
