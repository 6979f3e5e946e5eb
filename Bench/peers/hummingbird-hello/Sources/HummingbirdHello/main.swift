// Answers `GET /` with a short text body on 127.0.0.1:PORT (first argument, default 8081):
// the smallest Hummingbird server, as its own documentation starts one.
import Hummingbird

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8081
let router = Router()
router.get("/") { _, _ in "Hello, World!" }
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil)
)
try await app.runService()
