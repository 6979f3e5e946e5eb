import Glibc
import OneSpin

// Executables are wiring: hand the arguments to the library and exit with its status.
exit(OneSpinCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
