/// Why a Redis call failed. Compare by code (`error.code == .timeout`); `description` leaks no secret.
package struct RedisClientError: Error, Sendable, CustomStringConvertible {
    /// The stable kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case connection, timeout, `protocol`, server, authentication, replication
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Could not connect, the connection broke, or a reconnect is held back by backoff.
        package static let connection = Code(.connection)
        /// No reply within the command timeout (or no connection within the connect timeout).
        package static let timeout = Code(.timeout)
        /// The reply stream could not be parsed.
        package static let `protocol` = Code(.protocol)
        /// The server answered with an error reply.
        package static let server = Code(.server)
        /// `AUTH` was refused.
        package static let authentication = Code(.authentication)
        /// A write ran, but fewer replicas than asked acknowledged it (`WAIT`).
        package static let replication = Code(.replication)

        package var description: String {
            switch value {
            case .connection: "connection"
            case .timeout: "timeout"
            case .protocol: "protocol"
            case .server: "server"
            case .authentication: "authentication"
            case .replication: "replication"
            }
        }
    }

    /// The stable kind of failure.
    package let code: Code
    /// What happened, in words (a server error's message for `.server`); never contains the password.
    package let message: String
    /// The endpoint, as `RedisConfiguration.description` prints it (password masked).
    package let endpoint: String
    /// The `errno` of a failed system call, when there was one.
    package let errno: Int32?

    init(_ code: Code, _ message: String, endpoint: String = "", errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.endpoint = endpoint
        self.errno = errno
    }

    /// An error of `code` with `message`, for callers that wrap their own failures.
    package static func make(_ code: Code, _ message: String) -> RedisClientError {
        RedisClientError(code, message)
    }

    /// The server's error message, for code `.server`.
    package static func server(_ message: String, endpoint: String = "") -> RedisClientError {
        RedisClientError(.server, message, endpoint: endpoint)
    }

    func with(endpoint: String) -> RedisClientError {
        RedisClientError(code, message, endpoint: endpoint, errno: errno)
    }

    package var description: String {
        var text = "Redis \(code) error: \(message)"
        if let errno { text += " (errno \(errno))" }
        if !endpoint.isEmpty { text += " [\(endpoint)]" }
        return text
    }
}
