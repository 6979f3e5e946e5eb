
/// One log line waiting in `Logger`'s buffer; turned into JSON by the writer thread.
struct LogRecord: Sendable {
    var millis: Int64
    var level: LogLevel
    var message: String
    var fields: LogFields

    /// Appends the line: one JSON object and a newline. Every string but the masked player and
    /// the level passes `LogRedaction`; `time` reuses the writer's current second.
    func write(to line: inout LogLineBuffer, time: inout LogTimestamp) {
        line.append("{\"time\":")
        time.write(millis: millis, to: &line)
        line.append(Self.levelMember(level))
        line.append(",\"msg\":")
        line.scrubbed(message)
        if let requestId = fields.requestId {
            line.append(",\"requestId\":")
            line.scrubbed(requestId)
        }
        if let method = fields.method {
            line.append(",\"method\":")
            line.scrubbed(method)
        }
        if let route = fields.route {
            line.append(",\"route\":")
            line.scrubbed(route)
        }
        if let status = fields.status {
            line.append(",\"status\":")
            line.int(Int64(status))
        }
        if let duration = fields.durationMicros {
            line.append(",\"durationMicros\":")
            line.int(duration)
        }
        if let player = fields.player {
            line.append(",\"player\":")
            line.string(player.masked)
        }
        if let code = fields.code {
            line.append(",\"code\":")
            line.scrubbed(code)
        }
        for extra in fields.extra where LogRedaction.isAllowedKey(extra.key) {
            line.append(",")
            line.string(extra.key)
            line.append(":")
            if LogRedaction.isSensitiveKey(extra.key) {
                line.append("\"[redacted]\"")
                continue
            }
            switch extra.value {
            case .string(let text): line.scrubbed(text)
            case .int(let number): line.int(number)
            case .bool(let flag): line.append(flag ? "true" : "false")
            }
        }
        line.append("}\n")
    }

    /// The `level` member, written whole.
    private static func levelMember(_ level: LogLevel) -> StaticString {
        switch level {
        case .debug: ",\"level\":\"debug\""
        case .info: ",\"level\":\"info\""
        case .warn: ",\"level\":\"warn\""
        case .error: ",\"level\":\"error\""
        }
    }
}
