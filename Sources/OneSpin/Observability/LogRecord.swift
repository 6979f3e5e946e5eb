import JSON
import Spin

/// One log line waiting in `Logger`'s buffer; turned into JSON by the writer thread.
struct LogRecord: Sendable {
    var millis: Int64
    var level: LogLevel
    var message: String
    var fields: LogFields

    /// Appends the line: one JSON object and a newline.
    func write(to json: inout JSONWriter) {
        json.raw("{\"time\":")
        json.string(Timestamp.format(millis: millis))
        json.raw(",\"level\":")
        json.string(level.name)
        json.raw(",\"msg\":")
        json.string(LogRedaction.scrub(message))
        if let requestId = fields.requestId { member("requestId", LogRedaction.scrub(requestId), &json) }
        if let method = fields.method { member("method", LogRedaction.scrub(method), &json) }
        if let route = fields.route { member("route", LogRedaction.scrub(route), &json) }
        if let status = fields.status {
            json.raw(",\"status\":")
            json.int(status)
        }
        if let duration = fields.durationMicros {
            json.raw(",\"durationMicros\":")
            json.int(duration)
        }
        if let player = fields.player { member("player", player.masked, &json) }
        if let code = fields.code { member("code", LogRedaction.scrub(code), &json) }
        for extra in fields.extra where LogRedaction.isAllowedKey(extra.key) {
            json.raw(",\"" + extra.key + "\":")
            if LogRedaction.isSensitiveKey(extra.key) {
                json.string(LogRedaction.redacted)
                continue
            }
            switch extra.value {
            case .string(let text): json.string(LogRedaction.scrub(text))
            case .int(let number): json.int(number)
            case .bool(let flag): json.bool(flag)
            }
        }
        json.raw("}\n")
    }

    private func member(_ key: String, _ value: String, _ json: inout JSONWriter) {
        json.raw(",\"" + key + "\":")
        json.string(value)
    }
}
