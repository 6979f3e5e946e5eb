/// How important a log line is; `--log-level` keeps the lines at or above one level.
package enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case debug
    case info
    case warn
    case error

    /// The level named on the command line (`debug`, `info`, `warn`, `error`; `warning` too).
    package init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warn", "warning": self = .warn
        case "error": self = .error
        default: return nil
        }
    }

    /// The `level` field's value.
    package var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warn: "warn"
        case .error: "error"
        }
    }

    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
