import Digest
import JSON
import Spin

// libFuzzer target for the JWT verifier (`PlayerToken.verify`) and `Base64URL`, compiled together
// with Sources/OneSpin/Auth. The first input byte picks the mode:
// - 0: the rest is a raw token;
// - 1: the rest is `header JSON` NUL `claims JSON`, encoded and signed with the secret, so the
//   claim checks behind the signature are reached;
// - 2: the rest is `sub` for `sign`, whose token must verify as that player.
//
// Properties checked on every input:
// - `Base64URL.decode(encode(x)) == x`, and a decodable text is the canonical encoding of its bytes;
// - `verify` never accepts a token under a secret it was not signed with, nor one with any
//   byte changed, nor one whose header is not `"alg":"HS256"` or whose `exp` has passed.

private let secret = Array("fuzz-player-secret-0123456789abcdef".utf8)
private let otherSecret = Array("fuzz-player-secret-0123456789abcdeF".utf8)
private let verifier = PlayerToken(secret: secret)
private let impostor = PlayerToken(secret: otherSecret)
private let now: Int64 = 1_700_000_000

private func checkBase64(_ bytes: ArraySlice<UInt8>) {
    let text = Base64URL.encode(bytes)
    guard let decoded = Base64URL.decode(Array(text.utf8)), decoded[...] == bytes else {
        fatalError("base64url round trip failed for \(Array(bytes))")
    }
    if let decoded = Base64URL.decode(bytes), Array(Base64URL.encode(decoded).utf8)[...] != bytes {
        fatalError("base64url decoded a non-canonical text")
    }
}

private func checkAccepted(_ token: [UInt8], player: PlayerID, mutationAt control: Int) {
    if (try? impostor.verify(token, now: now)) != nil { fatalError("a token verified under the wrong secret") }
    let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    guard parts.count == 3, let header = Base64URL.decode(parts[0]).flatMap({ try? JSONValue.parse($0) }),
        let claims = Base64URL.decode(parts[1]).flatMap({ try? JSONValue.parse($0) })
    else { fatalError("an accepted token does not decode") }
    if header["alg"] != .string("HS256") { fatalError("accepted alg \(String(describing: header["alg"]))") }
    if claims["sub"] != .string(player.value) { fatalError("accepted a token for \(player) with another sub") }
    guard case .integer(let expires)? = claims["exp"], expires > now else { fatalError("accepted an expired token") }
    guard !token.isEmpty else { return }
    var changed = token
    let index = control % token.count
    changed[index] = changed[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
    if (try? verifier.verify(changed, now: now)) != nil { fatalError("a token with byte \(index) changed still verifies") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let control = Int(all[0])
    let input = all.dropFirst()
    checkBase64(input)
    switch control % 3 {
    case 0:
        if let player = try? verifier.verify(input, now: now) {
            checkAccepted(Array(input), player: player, mutationAt: control)
        }
    case 1:
        let separator = input.firstIndex(of: 0) ?? input.endIndex
        let header = input[..<separator]
        let claims = separator < input.endIndex ? input[(separator + 1)...] : []
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(claims)
        let signature = SHA256.hmac(key: secret, message: Array(signingInput.utf8))
        let token = Array((signingInput + "." + Base64URL.encode(signature)).utf8)
        if let player = try? verifier.verify(token, now: now) {
            checkAccepted(token, player: player, mutationAt: control)
        }
    default:
        guard let player = PlayerID(String(decoding: input, as: UTF8.self)) else { return 0 }
        let token = Array(verifier.sign(player: player, now: now, ttl: 3600).utf8)
        guard let verified = try? verifier.verify(token, now: now), verified == player else {
            fatalError("a freshly signed token for \(player) does not verify")
        }
        if (try? verifier.verify(token, now: now + 3600)) != nil { fatalError("a token verifies at its exp") }
        checkAccepted(token, player: player, mutationAt: control)
    }
    return 0
}
