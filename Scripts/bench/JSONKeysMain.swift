// The JSON object reader on objects of 1k/2k/4k/6k distinct keys, built with -O by
// Scripts/json-keys-bench.sh: the best of 20 parses of each, in microseconds.
@main
struct JSONKeysMain {
    static func main() {
        let clock = ContinuousClock()
        for count in [1000, 2000, 4000, 6000] {
            var text = "{"
            for index in 0..<count {
                if index > 0 { text += "," }
                text += "\"k\(index)\":0"
            }
            let body = Array((text + "}").utf8)
            var best = Duration.seconds(1000)
            for _ in 0..<20 {
                let elapsed = clock.measure {
                    guard case .object(let members)? = try? JSONValue.parse(body), members.count == count else {
                        fatalError("the object did not parse")
                    }
                }
                best = min(best, elapsed)
            }
            let micros = best.components.seconds * 1_000_000 + best.components.attoseconds / 1_000_000_000_000
            print("\(count) keys (\(body.count) bytes): \(micros) µs")
        }
    }
}
