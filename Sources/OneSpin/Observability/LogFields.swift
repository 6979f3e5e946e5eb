/// A value of an extra log field.
package enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral
{
    case string(String)
    case int(Int64)
    case bool(Bool)

    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int64) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// The optional fields of a log line. The player is accepted only as a `MaskedPlayer`.
///
/// Strings are scrubbed when written (`LogRedaction`): a value that looks like a credential (a JWT,
/// a `Bearer …` header) becomes `[redacted]`, and so does any extra field whose name speaks of
/// a token, secret, password, authorization or player.
package struct LogFields: Sendable, Equatable {
    /// The request's `X-Request-Id`.
    package var requestId: String?
    /// The HTTP method.
    package var method: String?
    /// The route's pattern (`/v1/spins/{spinId}`), never the raw path.
    package var route: String?
    /// The response status.
    package var status: Int?
    /// The request's duration.
    package var durationMicros: UInt64?
    /// The player, masked.
    package var player: MaskedPlayer?
    /// The problem code of an error response.
    package var code: String?
    /// More key/values: keys of 1–32 ASCII letters, digits or `_`, not one of the fields above.
    package var extra: [Extra]

    /// One extra key/value.
    package struct Extra: Sendable, Equatable {
        package var key: String
        package var value: LogValue

        package init(_ key: String, _ value: LogValue) {
            self.key = key
            self.value = value
        }
    }

    package init(
        requestId: String? = nil, method: String? = nil, route: String? = nil, status: Int? = nil,
        durationMicros: UInt64? = nil, player: MaskedPlayer? = nil, code: String? = nil, extra: [Extra] = []
    ) {
        self.requestId = requestId
        self.method = method
        self.route = route
        self.status = status
        self.durationMicros = durationMicros
        self.player = player
        self.code = code
        self.extra = extra
    }
}
