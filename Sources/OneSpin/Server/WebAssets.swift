import Foundation
import HTTP

/// The files onespin serves to game-client developers, read once at start-up from the OneSpin
/// resource bundle (`Resources/Web`; `docs/openapi.json` and `clients/js/onespin.js` in the
/// repository link to the same files): the OpenAPI document, the demo page and the JS client.
struct WebAssets: Sendable {
    let openAPI: HTTPResponse
    let demoPage: HTTPResponse
    let demoClient: HTTPResponse

    /// A shipped file's bytes, or why it cannot be read.
    static func bytes(of name: String) throws(OneSpinServer.StartupError) -> [UInt8] {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Web").appendingPathComponent(name),
            let data = try? Data(contentsOf: url)
        else {
            throw OneSpinServer.StartupError(description: "resource Web/\(name) is missing next to the onespin binary (onespin_OneSpin.resources)")
        }
        return Array(data)
    }

    init() throws(OneSpinServer.StartupError) {
        openAPI = .json(body: try Self.bytes(of: "openapi.json"))
        demoPage = HTTPResponse(
            status: 200, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"],
            body: try Self.bytes(of: "demo.html"))
        demoClient = HTTPResponse(
            status: 200, headers: ["Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache"],
            body: try Self.bytes(of: "onespin.js"))
    }
}
