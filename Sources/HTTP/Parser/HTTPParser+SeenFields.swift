extension HTTPParser {
    /// Header names the parser acts on, noted while the fields are read.
    struct SeenFields: OptionSet {
        let rawValue: UInt8
        static let framing = SeenFields(rawValue: 1)
        static let connection = SeenFields(rawValue: 2)
        static let expect = SeenFields(rawValue: 4)
        static let requestID = SeenFields(rawValue: 8)
        static let host = SeenFields(rawValue: 16)
        static let authorization = SeenFields(rawValue: 32)
        static let idempotencyKey = SeenFields(rawValue: 64)
        static let contentType = SeenFields(rawValue: 128)
        /// Fields a request may carry at most once.
        static let singletons: SeenFields = [.host, .authorization, .idempotencyKey, .contentType]

        /// The flag for a field name (ASCII case-insensitive), or none.
        static func of(_ name: UnsafeBufferPointer<UInt8>) -> SeenFields {
            switch name.count {
            case 17 where HTTPHeaders.equalIgnoringCase(name, lowercased: "transfer-encoding"): .framing
            case 14 where HTTPHeaders.equalIgnoringCase(name, lowercased: "content-length"): .framing
            case 10 where HTTPHeaders.equalIgnoringCase(name, lowercased: "connection"): .connection
            case 6 where HTTPHeaders.equalIgnoringCase(name, lowercased: "expect"): .expect
            case 12 where HTTPHeaders.equalIgnoringCase(name, lowercased: "x-request-id"): .requestID
            case 12 where HTTPHeaders.equalIgnoringCase(name, lowercased: "content-type"): .contentType
            case 4 where HTTPHeaders.equalIgnoringCase(name, lowercased: "host"): .host
            case 13 where HTTPHeaders.equalIgnoringCase(name, lowercased: "authorization"): .authorization
            case 15 where HTTPHeaders.equalIgnoringCase(name, lowercased: "idempotency-key"): .idempotencyKey
            default: []
            }
        }
    }
}
