/// A Redis URL or setting that cannot be used; `description` names what is wrong and never shows a password.
package struct RedisConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case invalidScheme, missingHost, invalidHost, invalidPort, invalidDatabase, invalidTimeout, invalidEncoding, invalidQuery
    }

    private let code: Code
    /// What was wrong, in words; never contains the password.
    package let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The URL does not start with `redis://`.
    package static func invalidScheme(_ detail: String) -> Self { Self(.invalidScheme, detail) }
    /// The URL has no host.
    package static func missingHost(_ detail: String) -> Self { Self(.missingHost, detail) }
    /// The host is malformed (for example an unclosed IPv6 bracket).
    package static func invalidHost(_ detail: String) -> Self { Self(.invalidHost, detail) }
    /// The port is not a number in 1...65535.
    package static func invalidPort(_ detail: String) -> Self { Self(.invalidPort, detail) }
    /// The database path is not a non-negative integer.
    package static func invalidDatabase(_ detail: String) -> Self { Self(.invalidDatabase, detail) }
    /// A timeout is not positive.
    package static func invalidTimeout(_ detail: String) -> Self { Self(.invalidTimeout, detail) }
    /// A percent escape in the user or password is malformed.
    package static func invalidEncoding(_ detail: String) -> Self { Self(.invalidEncoding, detail) }

    /// The query is not what the scheme takes (`?master=NAME` for Sentinel, nothing otherwise).
    package static func invalidQuery(_ detail: String) -> Self { Self(.invalidQuery, detail) }

    /// Errors compare by code only, so tests can write `#expect(throws: RedisConfigurationError.invalidPort(""))`.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }

    package var description: String { "invalid Redis configuration: \(detail)" }
}
