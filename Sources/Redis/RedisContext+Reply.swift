import CHiredis

extension RedisContext {
    /// Copies a hiredis reply tree into a `RedisValue`.
    static func value(of reply: UnsafePointer<redisReply>) -> RedisValue {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            return .bulkString(bytes(node.str, node.len))
        case REDIS_REPLY_STATUS:
            return .status(text(node.str, node.len))
        case REDIS_REPLY_ERROR:
            return .error(text(node.str, node.len))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(node.integer))
        case REDIS_REPLY_ARRAY:
            guard let elements = node.element else { return .array([]) }
            var values: [RedisValue] = []
            values.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                if let element = elements[index] {
                    values.append(value(of: element))
                } else {
                    values.append(.null)
                }
            }
            return .array(values)
        default:
            return .null
        }
    }

    private static func text(_ start: UnsafeMutablePointer<CChar>?, _ count: Int) -> String {
        guard let start, count > 0 else { return "" }
        return start.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    private static func bytes(_ start: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let start, count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(start: start, count: count))
            initialized = count
        }
    }
}
