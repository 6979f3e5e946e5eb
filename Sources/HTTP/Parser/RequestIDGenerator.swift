/// Makes request ids: 32 lowercase hex characters from a SplitMix64 stream seeded from the
/// system's random source. Unique and unguessable enough for correlation; not a secret.
struct RequestIDGenerator {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func make() -> String {
        let high = next(), low = next()
        return String(unsafeUninitializedCapacity: 32) { buffer in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { hex in
                for index in 0..<16 {
                    buffer[index] = hex[Int((high >> UInt64(60 - 4 * index)) & 0xF)]
                    buffer[16 + index] = hex[Int((low >> UInt64(60 - 4 * index)) & 0xF)]
                }
            }
            return 32
        }
    }

    /// `true` for a client id the server may echo: 1–128 visible ASCII characters.
    static func isValid(_ id: String) -> Bool {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= 128 else { return false }
        return bytes.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
