
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
        Self.scrubbedMember(",\"requestId\":", fields.requestId, &line)
        Self.scrubbedMember(",\"method\":", fields.method, &line)
        Self.scrubbedMember(",\"route\":", fields.route, &line)
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
        Self.scrubbedMember(",\"code\":", fields.code, &line)
        for extra in fields.extra where LogRedaction.isAllowedKey(extra.key) {
            line.append(",")
            line.string(extra.key)
            line.append(":")
            if LogRedaction.isSensitiveKey(extra.key) {
                line.string(LogRedaction.redacted)
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

    /// `key` (its `,"name":` bytes) and the scrubbed value, when there is one.
    private static func scrubbedMember(_ key: StaticString, _ value: String?, _ line: inout LogLineBuffer) {
        guard let value else { return }
        line.append(key)
        line.scrubbed(value)
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
