import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A Redis Cluster or Sentinel setup of the test's own, started and stopped with the repository's
/// scripts (`Scripts/redis-cluster.sh`, `Scripts/redis-sentinel.sh`) in a temporary directory, so a
/// test may kill its masters without disturbing the shared setups.
final class ScriptedTopology: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let shape: RedisTopologyEnvironment.Shape
    let directory: URL
    let url: String
    /// The password every node asks for (Sentinel only), or nil.
    let password: String?

    private static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private var script: String {
        Self.repository.appendingPathComponent(shape == .cluster ? "Scripts/redis-cluster.sh" : "Scripts/redis-sentinel.sh").path
    }

    /// - Parameter password: Sentinel only: every data node and Sentinel asks for it
    ///   (`ONESPIN_SENTINEL_PASSWORD`), and the URL carries it.
    init(_ shape: RedisTopologyEnvironment.Shape, password: String? = nil) throws {
        self.shape = shape
        self.password = password
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("onespin-\(shape)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = Self.repository.appendingPathComponent(shape == .cluster ? "Scripts/redis-cluster.sh" : "Scripts/redis-sentinel.sh").path
        let environment = password.map { ["ONESPIN_SENTINEL_PASSWORD=" + $0] } ?? []
        let output = try Self.run("/usr/bin/env", environment + [script, "start", directory.path])
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(shape.variable + "=") }) else {
            throw Failure(description: "\(shape) did not start: \(output)")
        }
        url = String(line.dropFirst(shape.variable.count + 1))
    }

    deinit {
        _ = try? Self.run(script, ["stop", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    /// The ports of the masters now (cluster: every master; sentinel: the one the Sentinels name).
    func masterPorts() throws -> [Int] {
        try Self.run(script, [shape == .cluster ? "masters" : "master", directory.path]).split(separator: "\n").compactMap { Int($0) }
    }

    /// `kill -9` of the node on `port` (a crash: no shutdown, no last write).
    func crash(port: Int) throws {
        let prefix = shape == .cluster ? "node" : "data"
        let text = try String(contentsOf: directory.appendingPathComponent("\(prefix)-\(port).pid"), encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw Failure(description: "no pid for \(port)") }
        kill(pid, SIGKILL)
    }

    /// Starts again every data node that is gone (it rejoins as a replica).
    func restartCrashed() throws {
        _ = try Self.run(script, ["restart", directory.path])
    }

    /// `redis-cli -p PORT ARGS…`, its standard output.
    func cli(_ port: Int, _ arguments: [String]) throws -> String {
        let environment = password.map { ["REDISCLI_AUTH=" + $0] } ?? []
        return try Self.run("/usr/bin/env", environment + ["redis-cli", "-p", String(port)] + arguments)
    }

    /// Runs a command through `popen` (the shell reaps it with `waitpid`; Foundation's `Process`
    /// cannot be waited for from the cooperative pool reliably) and returns its standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let quoted = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = quoted.joined(separator: " ") + " 2>/dev/null"
        guard let stream = popen(command, "r") else { throw Failure(description: "cannot run \(command)") }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, stream)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        let status = pclose(stream)
        let text = String(decoding: output, as: UTF8.self)
        guard status == 0 else { throw Failure(description: "\(command) exited with status \(status): \(text)") }
        return text
    }
}
