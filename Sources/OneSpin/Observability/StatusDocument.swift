import JSON
import Spin

/// The `/status` JSON document.
///
/// ```json
/// {"version": "1.0.0", "uptimeSeconds": 42,
///  "store": {"kind": "redis", "reachable": true, "pingMicros": 180},
///  "connections": {"open": 3, "accepted": 17, "shed": 0},
///  "output": {"queuedBytes": 0, "pausedConnections": 0, "closedUndrained": 0}, "inFlight": 1,
///  "requests": {"200": 120, "409": 2},
///  "spins": {"settled": 100, "replayed": 3, "conflicts": 2, "rejected": 1},
///  "latency": {"p50": 410, "p90": 900, "p99": 2100, "p999": 5000, "max": 7321, "count": 122},
///  "logs": {"dropped": 0}, "threads": 2}
/// ```
/// Latencies are microseconds over the last minute (`count` is how many requests that covers;
/// every figure is 0 when there were none); `pingMicros` is `null` when the store did not answer;
/// `requests` is keyed by status code, in ascending order.
package enum StatusDocument {
    /// Renders `status` as one JSON object (no trailing newline).
    package static func render(_ status: ServerStatus) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        json.raw("{\"version\":")
        json.string(status.version)
        json.raw(",\"uptimeSeconds\":")
        json.int(status.uptimeSeconds)

        json.raw(",\"store\":{\"kind\":")
        json.string(status.store.kind.rawValue)
        json.raw(",\"reachable\":")
        json.bool(status.store.reachable)
        json.raw(",\"pingMicros\":")
        if let ping = status.store.pingMicros { json.int(ping) } else { json.null() }

        json.raw("},\"connections\":{\"open\":")
        json.int(status.connectionsOpen)
        json.raw(",\"accepted\":")
        json.int(status.connectionsAccepted)
        json.raw(",\"shed\":")
        json.int(status.connectionsShed)
        json.raw("},\"output\":{\"queuedBytes\":")
        json.int(status.output.queuedBytes)
        json.raw(",\"pausedConnections\":")
        json.int(status.output.pausedConnections)
        json.raw(",\"closedUndrained\":")
        json.int(status.output.closedUndrained)
        json.raw("},\"inFlight\":")
        json.int(status.metrics.inFlight)

        json.raw(",\"requests\":{")
        for (position, code) in status.metrics.requestsByStatus.keys.sorted().enumerated() {
            if position > 0 { json.raw(",") }
            json.string(String(code))
            json.raw(":")
            json.int(status.metrics.requestsByStatus[code] ?? 0)
        }

        let spins = status.metrics.spins
        json.raw("},\"spins\":{\"settled\":")
        json.int(spins.settled)
        json.raw(",\"replayed\":")
        json.int(spins.replayed)
        json.raw(",\"conflicts\":")
        json.int(spins.conflicts)
        json.raw(",\"rejected\":")
        json.int(spins.rejected)

        let latency = status.metrics.recentLatency
        json.raw("},\"latency\":{\"p50\":")
        json.int(latency.percentile(50))
        json.raw(",\"p90\":")
        json.int(latency.percentile(90))
        json.raw(",\"p99\":")
        json.int(latency.percentile(99))
        json.raw(",\"p999\":")
        json.int(latency.percentile(99.9))
        json.raw(",\"max\":")
        json.int(latency.max)
        json.raw(",\"count\":")
        json.int(latency.count)

        json.raw("},\"logs\":{\"dropped\":")
        json.int(status.logLinesDropped)
        json.raw("},\"threads\":")
        json.int(status.threads)
        json.raw("}")
        return json.bytes
    }
}
