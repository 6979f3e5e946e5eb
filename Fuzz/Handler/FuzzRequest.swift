import Digest
import Foundation
import OneSpin
import Spin

/// One request the handler fuzz target sends: built from the input (structured) or the input itself (raw).
struct FuzzRequest {
    /// The bytes sent.
    var bytes: [UInt8]
    /// Whether exactly one answer is expected (a structured request with its true `Content-Length`).
    var expectsOneAnswer: Bool
    /// Whether the answers may be to `HEAD` (no body whatever `Content-Length` says).
    var mayBeHead: Bool
    /// The player named in the path, to watch its wallet too.
    var pathPlayer: PlayerID?

    static let games = ["classic3", "fruit5", "ways243", "nope", ""]
    static let keys = ["k1", "k2", "\"k3\"", "k/4", "x?y", "", " ", "k\u{7f}"]

    /// An operator request with a JSON body (used to fund the fuzzed players at start).
    static func admin(_ method: String, _ target: String, key: String?, body: String) -> FuzzRequest {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: fuzz\r\nAuthorization: Bearer \(Harness.adminToken)\r\n"
        head += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
        if let key { head += "Idempotency-Key: \(key)\r\n" }
        return FuzzRequest(bytes: Array((head + "\r\n" + body).utf8), expectsOneAnswer: true, mayBeHead: false, pathPlayer: nil)
    }

    static func make(_ input: inout FuzzInput, players: [PlayerID], tokens: PlayerToken, adminToken: String) -> FuzzRequest {
        if input.choose(8) == 0 {
            let bytes = input.rest()
            let mayBeHead = String(decoding: bytes, as: UTF8.self).contains("HEAD")
            return FuzzRequest(bytes: bytes, expectsOneAnswer: false, mayBeHead: mayBeHead, pathPlayer: nil)
        }
        let method = input.pick(["GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "GET", "POST", "get", input.text(8)])
        var player = input.pick(players)
        if input.choose(8) == 0, let other = PlayerID(input.text(70)) { player = other }
        let pathID = input.choose(6) == 0 ? percentEncoded(input.text(80)) : player.value
        let target: String
        switch input.choose(16) {
        case 0: target = "/v1/spins"
        case 1: target = "/v1/spins/" + (input.choose(2) == 0 ? input.pick(keys) : percentEncoded(input.text(40)))
        case 2: target = "/v1/history" + (input.choose(2) == 0 ? "?limit=\(input.integer())" : "?" + percentEncoded(input.text(30)))
        case 3: target = "/v1/wallet"
        case 4, 5: target = "/admin/players/\(pathID)/credit"
        case 6: target = "/admin/players/\(pathID)/tickets"
        case 7: target = "/admin/players/\(pathID)/boost"
        case 8: target = "/admin/players/\(pathID)"
        case 9: target = input.pick(["/healthz", "/readyz", "/v1/games", "/status", "/metrics"])
        case 10: target = "http://fuzz/v1/wallet"
        case 11, 12: target = "/v1/spins"
        default: target = "/" + percentEncoded(input.text(60), keeping: "/?=&%")
        }
        var headers: [(String, String)] = [("Host", "fuzz")]
        switch input.choose(6) {
        case 0: break
        case 1, 2: headers.append(("Authorization", "Bearer " + tokens.sign(player: player, now: epochSeconds(), ttl: 3600)))
        case 3: headers.append(("Authorization", "Bearer " + adminToken))
        case 4: headers.append(("Authorization", "Bearer " + forged(&input)))
        default: headers.append(("Authorization", clean(input.text(60))))
        }
        switch input.choose(5) {
        case 0: break
        case 1: headers.append(("Content-Type", clean(input.text(40))))
        case 2: headers.append(("Content-Type", "application/json; charset=utf-8"))
        default: headers.append(("Content-Type", "application/json"))
        }
        switch input.choose(4) {
        case 0: break
        case 1: headers.append(("Idempotency-Key", clean(input.text(40))))
        default: headers.append(("Idempotency-Key", input.pick(keys)))
        }
        for _ in 0..<input.choose(3) where input.choose(2) == 0 {
            headers.append((input.pick(["Authorization", "Idempotency-Key", "Content-Type", "X-Fuzz", "Expect"]), clean(input.text(30))))
        }
        var body = Self.body(&input, target: target)
        var trueLength = true
        switch input.choose(16) {
        case 0: trueLength = false
        case 1:
            headers.append(("Transfer-Encoding", "chunked"))
            body = chunked(body, &input)
            trueLength = false
        default: break
        }
        if trueLength || input.choose(2) == 0 {
            headers.append(("Content-Length", trueLength ? String(body.count) : String(input.integer())))
        }
        headers.append(("Connection", "close"))
        var text = "\(clean(method)) \(target) HTTP/1.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        let bytes = Array((text + "\r\n").utf8) + body
        return FuzzRequest(
            bytes: bytes, expectsOneAnswer: trueLength, mayBeHead: method.uppercased() == "HEAD",
            pathPlayer: target.hasPrefix("/admin/players/") ? PlayerID(pathID) : nil)
    }

    /// A body for the route, with numbers at the edges, or raw bytes.
    private static func body(_ input: inout FuzzInput, target: String) -> [UInt8] {
        switch input.choose(8) {
        case 0: return input.raw(200)
        case 1: return []
        default: break
        }
        let number = input.integer()
        let text: String
        if target.hasSuffix("/credit") {
            text = input.choose(4) == 0 ? #"{"amount":\#(number)}"# : #"{"amount":\#(number),"reason":"\#(jsonText(input.text(20)))"}"#
        } else if target.hasSuffix("/tickets") {
            text = #"{"game":"\#(input.pick(games))","count":\#(number)}"#
        } else if target.hasSuffix("/boost") {
            text = input.pick([#"{"until":null}"#, #"{"until":"2099-01-01T00:00:00Z"}"#, #"{"until":"0000-01-01T00:00:00-23:59"}"#,
                               #"{"until":"9999-12-31T23:59:59.999+00:00"}"#, #"{"until":"\#(jsonText(input.text(30)))"}"#])
        } else {
            let kind = input.pick(["normal", "buy_feature", "ticket", "free", "bogus"])
            let bet = input.choose(3) == 0 ? "" : #","bet":\#(input.pick([Int64(1), 10, 100, number]))"#
            text = #"{"game":"\#(input.pick(games))"\#(bet),"kind":"\#(kind)"}"#
        }
        var bytes = Array(text.utf8)
        if input.choose(8) == 0, !bytes.isEmpty { bytes.removeLast(input.choose(bytes.count)) }
        return bytes
    }

    /// `body` as chunks, then sometimes one more chunk header with a size drawn from the input
    /// (edge values near Int.max included), then the last chunk.
    private static func chunked(_ body: [UInt8], _ input: inout FuzzInput) -> [UInt8] {
        var out: [UInt8] = []
        if !body.isEmpty { out += Array((String(body.count, radix: 16) + "\r\n").utf8) + body + Array("\r\n".utf8) }
        if input.choose(2) == 0 {
            let size = String(UInt64(bitPattern: input.integer()), radix: 16, uppercase: input.choose(2) == 0)
            out += Array((size + "\r\n").utf8)
        }
        return out + Array("0\r\n\r\n".utf8)
    }

    /// A token signed with the server's secret over claims drawn from the input.
    private static func forged(_ input: inout FuzzInput) -> String {
        let header = input.pick([#"{"alg":"HS256","typ":"JWT"}"#, #"{"alg":"HS256","crit":["x"]}"#, #"{"alg":"none"}"#, input.text(40)])
        let now = epochSeconds()
        let claims = input.pick([
            #"{"sub":"fz0","exp":\#(input.integer())}"#,
            #"{"sub":"fz1","exp":\#(now + 600),"nbf":\#(input.integer()),"iat":\#(input.integer())}"#,
            #"{"sub":"\#(jsonText(input.text(70)))","exp":\#(now + 600)}"#,
            input.text(80),
        ])
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        return signingInput + "." + Base64URL.encode(SHA256.hmac(key: Harness.secret, message: Array(signingInput.utf8)))
    }

    static func epochSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Header-safe text: no CR, LF or NUL (they would split the request).
    private static func clean(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }.map(Character.init))
    }

    /// JSON-string-safe text.
    private static func jsonText(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }.map(Character.init))
    }

    /// Percent-encodes every byte that is not unreserved (or in `keeping`).
    private static func percentEncoded(_ text: String, keeping: String = "") -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.properties.isAlphabetic && byte < 0x80 || (0x30...0x39).contains(byte) || "-._~".unicodeScalars.contains(scalar)
                || keeping.unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
