/// Flags of one subcommand: `--name value`, `--name=value` and bare `--switch`, with the
/// environment as a fallback. Flags override the environment.
package struct CommandLineOptions {
    private var values: [String: String] = [:]
    private var switches: Set<String> = []
    package private(set) var positional: [String] = []
    private let environment: [String: String]

    /// Reads `arguments`; `switchNames` are the flags that take no value.
    /// - Throws: `UsageError` for a value flag without its value.
    package init(_ arguments: [String], switches switchNames: Set<String> = [], environment: [String: String] = [:]) throws(UsageError) {
        self.environment = environment
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positional.append(argument)
                continue
            }
            let name = String(argument.dropFirst(2))
            if let equals = name.firstIndex(of: "=") {
                values[String(name[..<equals])] = String(name[name.index(after: equals)...])
                continue
            }
            if switchNames.contains(name) {
                switches.insert(name)
                continue
            }
            guard index < arguments.count else { throw UsageError("--\(name) needs a value") }
            values[name] = arguments[index]
            index += 1
        }
    }

    /// Every flag name given, for rejecting unknown ones.
    package var givenNames: Set<String> { Set(values.keys).union(switches) }

    /// Fails naming the first flag not in `known`.
    package func rejectUnknown(_ known: Set<String>) throws(UsageError) {
        if let unknown = givenNames.subtracting(known).sorted().first {
            throw UsageError("unknown option --\(unknown)")
        }
    }

    package func flag(_ name: String) -> Bool { switches.contains(name) }

    /// The flag's value, else the environment variable's, else nil.
    package func string(_ name: String, env: String? = nil) -> String? {
        if let value = values[name] { return value }
        if let env, let value = environment[env], !value.isEmpty { return value }
        return nil
    }

    /// An integer flag within `range`.
    /// - Throws: `UsageError` naming the flag when the value is not a whole number in range.
    package func integer(_ name: String, env: String? = nil, default fallback: Int, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = string(name, env: env) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            let source = values[name] == nil ? (env ?? "--\(name)") : "--\(name)"
            throw UsageError("\(source) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }
}

/// A command-line mistake: printed on stderr, exit status 2 (1 for an invalid definition file).
package struct UsageError: Error, CustomStringConvertible {
    package var message: String
    package var status: Int32

    package init(_ message: String, status: Int32 = 2) {
        self.message = message
        self.status = status
    }

    package var description: String { message }
}
