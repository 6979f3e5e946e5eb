/// The commands sent on every new connection: `AUTH` when a password is set, `SELECT` when the database is not 0.
struct RedisHandshake {
    enum Step {
        case authenticate, select, role
    }

    let step: Step
    let arguments: [RedisArgument]

    static func commands(for configuration: RedisConfiguration) -> [RedisHandshake] {
        var steps: [RedisHandshake] = []
        if let password = configuration.password {
            var arguments: [RedisArgument] = ["AUTH"]
            if let username = configuration.username { arguments.append(RedisArgument(username)) }
            arguments.append(RedisArgument(password))
            steps.append(RedisHandshake(step: .authenticate, arguments: arguments))
        }
        if configuration.database != 0 {
            steps.append(RedisHandshake(step: .select, arguments: ["SELECT", RedisArgument(configuration.database)]))
        }
        if configuration.requiresMaster {
            steps.append(RedisHandshake(step: .role, arguments: ["ROLE"]))
        }
        return steps
    }

    /// The error a reply to this step means, or `nil` when the step succeeded.
    func error(for reply: RedisValue, endpoint: String) -> RedisClientError? {
        if step == .role {
            let role = reply.array?.first?.string
            return role == "master" ? nil : RedisClientError(.connection, "node is not a master (ROLE: \(role ?? "?"))", endpoint: endpoint)
        }
        guard let message = reply.errorMessage else { return nil }
        switch step {
        case .authenticate:
            return RedisClientError(.authentication, "AUTH refused: \(message)", endpoint: endpoint)
        case .select:
            return RedisClientError(.server, "SELECT failed: \(message)", endpoint: endpoint)
        case .role:
            return nil
        }
    }
}
