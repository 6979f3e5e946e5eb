/// Why a replay could not run to its verdict (failed invariants are not errors: they are in the report).
package struct ReplayError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case connect = "connect_failed"
        case server = "unexpected_answer"
    }

    private let base: Code
    package let detail: String

    private init(_ base: Code, _ detail: String) {
        self.base = base
        self.detail = detail
    }

    package var code: String { base.rawValue }
    package var description: String { "replay \(code): \(detail)" }

    static func connect(_ detail: String) -> Self { .init(.connect, detail) }
    static func server(_ detail: String) -> Self { .init(.server, detail) }
}
