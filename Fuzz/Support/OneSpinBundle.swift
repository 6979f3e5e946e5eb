import Foundation

// SwiftPM generates `Bundle.module` for OneSpin's web resources. Scripts/fuzz.sh compiles OneSpin
// by hand without a resource bundle, so this stands in for it: the repository's own resource folder,
// found from this file's absolute path (fuzz.sh passes it absolute), which holds `Web/` as the
// generated bundle does — the server reads its OpenAPI document and demo files at start-up.
extension Bundle {
    static let module: Bundle = {
        let resources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/OneSpin/Resources")
        return Bundle(path: resources.path) ?? Bundle.main
    }()
}
