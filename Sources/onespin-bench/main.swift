import Glibc
import OneSpin

// `onespin-bench <command>`: the measuring tools of Scripts/bench.sh, kept out of the server's
// libraries and out of the `onespin` binary.
let arguments = Array(CommandLine.arguments.dropFirst())
let rest = Array(arguments.dropFirst())
let status: Int32
switch arguments.first {
case "http-hello": status = HTTPHelloCommand.run(arguments: rest)
case "bench-redis": status = RedisBenchCommand.run(arguments: rest)
case "bench-ceiling": status = StoreCeilingCommand.run(arguments: rest)
case "--help", "-h":
    print(BenchUsage.text)
    status = 0
default:
    FileHandleOutput.standardError.write("\(BenchUsage.text)\n")
    status = 2
}
exit(status)
