
/// The `onespin` command line: dispatches to a subcommand and returns the process exit status.
public enum OneSpinCommand {
    /// Runs `onespin` with the given arguments (without the program name).
    /// - Parameter arguments: the command-line arguments after the program name.
    /// - Returns: the process exit status.
    public static func main(arguments: [String]) -> Int32 {
        guard let name = arguments.first, name != "--help", name != "-h" else {
            print(usage)
            return arguments.isEmpty ? 2 : 0
        }
        let rest = Array(arguments.dropFirst())
        let environment = ProcessEnvironment.current
        switch name {
        case "serve": return ServeCommand.run(arguments: rest, environment: environment)
        case "probe": return ProbeCommand.run(arguments: rest)
        case "token": return TokenCommand.run(arguments: rest, environment: environment)
        case "events": return EventsCommand.run(arguments: rest, environment: environment)
        case "rtp": return RTPCommand.run(arguments: Array(arguments.dropFirst()))
        case "simulate": return SimulateCommand.run(arguments: Array(arguments.dropFirst()))
        case "replay": return ReplayCommand.run(arguments: rest, environment: environment)
        default:
            FileHandleOutput.standardError.write("onespin: unknown command '\(name)'\n\n\(usage)\n")
            return 2
        }
    }

    static let usage = """
        usage: onespin <command> [options]

        commands:
          serve      run the spin server
          rtp        exact return-to-player of a game
          simulate   play many seeded rounds of a game
          replay     generate or run a scripted replay load test
          token      print a player token signed with the configured secret
          events     print settled-spin events from Redis (consumer group, one JSON line each)

        Run `onespin <command> --help` for a command's options.
        """
}
