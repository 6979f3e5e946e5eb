import Foundation
import Testing

/// The documents travel with the code: docs/ARCHITECTURE.md's module map names exactly the targets
/// of Package.swift, and nothing the repository ships points outside it.
@Suite struct DocumentationTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// `name` of every `.target`, `.executableTarget` and `.systemLibrary` in Package.swift.
    private static func packageModules() throws -> Set<String> {
        let manifest = try text("Package.swift")
        var names: Set<String> = []
        for kind in [".target(", ".executableTarget(", ".systemLibrary("] {
            for part in manifest.components(separatedBy: kind).dropFirst() {
                let tail = part.drop { $0 == " " || $0 == "\n" }
                guard tail.hasPrefix("name: \""), let end = tail.dropFirst(7).firstIndex(of: "\"") else { continue }
                names.insert(String(tail.dropFirst(7)[..<end]))
            }
        }
        return names
    }

    @Test func moduleMapNamesEveryTarget() throws {
        let document = try Self.text("docs/ARCHITECTURE.md")
        let start = try #require(document.range(of: "<!-- module-map"))
        var documented: Set<String> = []
        for line in document[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            if line.isEmpty { break }
            guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { continue }
            documented.insert(String(line.dropFirst(3)[..<end]))
        }
        let modules = try Self.packageModules()
        #expect(modules.count > 10, "\(modules)")
        #expect(documented == modules, "missing from the map: \(modules.subtracting(documented).sorted()); not in Package.swift: \(documented.subtracting(modules).sorted())")
    }

    @Test(arguments: ["README.md", "docs/API.md", "docs/ARCHITECTURE.md", "BENCHMARKS.md", "Scripts/bench.sh", "Scripts/bench/http-peers.sh"])
    func pointsNowhereOutsideTheRepository(path: String) throws {
        let text = try Self.text(path)
        let sibling = "../" + "shared"  // spelled in two parts so that a grep for it finds no file here
        #expect(!text.contains(sibling), "\(path) refers to \(sibling)")
        #expect(!text.contains("/work/"), "\(path) refers to /work/")
    }
}
