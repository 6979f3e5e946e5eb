import Foundation
import Testing

extension EndToEnd {
    /// `docker-compose.yml` and `docker-compose.sentinel.yml` are checked by `Scripts/check_compose.py`
    /// (there is no Docker engine here).
    @Suite struct ComposeCheckTests {
        private static let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        private func check(_ file: URL) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "Scripts/check_compose.py", file.path]
            process.currentDirectoryURL = Self.packageRoot
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: output, as: UTF8.self))
        }

        @Test func composeFileIsSound() throws {
            let result = try check(Self.packageRoot.appendingPathComponent("docker-compose.yml"))
            #expect(result.status == 0, "\(result.output)")
        }

        @Test func checkerRefusesAComposeFileWithoutAppendOnly() throws {
            let original = try String(contentsOf: Self.packageRoot.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
            let broken = original.replacingOccurrences(of: #""--appendonly", "yes", "#, with: "")
            #expect(broken != original, "docker-compose.yml no longer spells --appendonly as this test expects")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("compose-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("docker-compose.yml")
            try broken.write(to: file, atomically: true, encoding: .utf8)
            let result = try check(file)
            #expect(result.status == 1)
            #expect(result.output.contains("appendonly"), "\(result.output)")
        }

        @Test func sentinelComposeFileIsSound() throws {
            let result = try check(Self.packageRoot.appendingPathComponent("docker-compose.sentinel.yml"))
            #expect(result.status == 0, "\(result.output)")
        }

        @Test func checkerRefusesASentinelShapeWithoutReplicaAcknowledgement() throws {
            let original = try String(contentsOf: Self.packageRoot.appendingPathComponent("docker-compose.sentinel.yml"), encoding: .utf8)
            let broken = original
                .replacingOccurrences(of: #"ONESPIN_MIN_REPLICAS: "1""#, with: #"ONESPIN_MIN_REPLICAS: "0""#)
                .replacingOccurrences(of: "sentinel-3:26379", with: "")
            #expect(broken != original, "docker-compose.sentinel.yml no longer spells what this test breaks")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("compose-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("docker-compose.sentinel.yml")
            try broken.write(to: file, atomically: true, encoding: .utf8)
            let result = try check(file)
            #expect(result.status == 1)
            #expect(result.output.contains("ONESPIN_MIN_REPLICAS must be at least 1"), "\(result.output)")
            #expect(result.output.contains("does not name sentinel-3"), "\(result.output)")
        }
    }
}
