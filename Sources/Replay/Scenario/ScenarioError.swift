/// Why a scenario file could not be read: the line (1-based) and the field at fault.
package struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case notJSON = "not_json"
        case missingField = "missing_field"
        case invalidField = "invalid_field"
        case misplacedHeader = "misplaced_header"
        case empty
    }

    private let base: Code
    /// 1-based line number.
    package let line: Int
    /// The field at fault, when there is one.
    package let field: String?
    /// What was wrong.
    package let detail: String

    private init(_ base: Code, line: Int, field: String?, _ detail: String) {
        self.base = base
        self.line = line
        self.field = field
        self.detail = detail
    }

    /// Stable code.
    package var code: String { base.rawValue }

    package var description: String {
        "scenario line \(line)" + (field.map { ", field \"\($0)\"" } ?? "") + ": \(detail)"
    }

    static func notJSON(line: Int) -> Self { .init(.notJSON, line: line, field: nil, "not a JSON object") }
    static func missing(_ field: String, line: Int) -> Self { .init(.missingField, line: line, field: field, "missing") }
    static func invalid(_ field: String, line: Int, _ detail: String) -> Self { .init(.invalidField, line: line, field: field, detail) }
    static func misplacedHeader(line: Int) -> Self {
        .init(.misplacedHeader, line: line, field: "scenario", "the header line must be the first line")
    }
    static let empty = ScenarioError(.empty, line: 0, field: nil, "no actions")
}
