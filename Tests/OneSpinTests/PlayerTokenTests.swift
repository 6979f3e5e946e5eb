import Digest
import OneSpin
import Spin
import Testing

@Suite struct PlayerTokenTests {
    static let secret = Array("test-secret-0123456789".utf8)
    static let now: Int64 = 1_800_000_000
    let tokens = PlayerToken(secret: PlayerTokenTests.secret)

    /// Builds a token from raw header and claims JSON, signed with HMAC-SHA-256 under `key`.
    static func make(header: String = #"{"alg":"HS256","typ":"JWT"}"#, claims: String, key: [UInt8] = secret) -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        return input + "." + Base64URL.encode(SHA256.hmac(key: key, message: Array(input.utf8)))
    }

    @Test func signedTokenVerifies() throws {
        let player = try #require(PlayerID("ab.cd:1-2_x"))
        let token = tokens.sign(player: player, now: Self.now, ttl: 60)
        #expect(try tokens.verify(Array(token.utf8), now: Self.now + 59) == player)
        #expect(throws: PlayerToken.Rejection.self) { try tokens.verify(Array(token.utf8), now: Self.now + 60) }
    }

    @Test func honoursNotBeforeAndIssuedAt() throws {
        let valid = Self.make(claims: #"{"sub":"p1","exp":1800000100,"nbf":1800000000,"iat":1799999990}"#)
        #expect(try tokens.verify(Array(valid.utf8), now: Self.now).value == "p1")
    }

    static let attacks: [(name: String, token: String)] = [
        ("expired", make(claims: #"{"sub":"p1","exp":1799999999}"#)),
        ("not yet valid", make(claims: #"{"sub":"p1","exp":1900000000,"nbf":1850000000}"#)),
        ("issued in the future", make(claims: #"{"sub":"p1","exp":1900000000,"iat":1850000000}"#)),
        ("wrong signature", make(claims: #"{"sub":"p1","exp":1900000000}"#, key: Array("another-secret-000000".utf8))),
        ("alg none", Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + Base64URL.encode(Array(#"{"sub":"p1","exp":1900000000}"#.utf8)) + "."),
        ("alg HS512", make(header: #"{"alg":"HS512","typ":"JWT"}"#, claims: #"{"sub":"p1","exp":1900000000}"#)),
        ("alg RS256 keyed with the secret", make(header: #"{"alg":"RS256"}"#, claims: #"{"sub":"p1","exp":1900000000}"#)),
        ("signature stripped", String(make(claims: #"{"sub":"p1","exp":1900000000}"#).split(separator: ".").prefix(2).joined(separator: ".")) + "."),
        ("two parts", String(make(claims: #"{"sub":"p1","exp":1900000000}"#).split(separator: ".").prefix(2).joined(separator: "."))),
        ("missing sub", make(claims: #"{"exp":1900000000}"#)),
        ("sub with bad characters", make(claims: #"{"sub":"p 1/x","exp":1900000000}"#)),
        ("sub too long", make(claims: "{\"sub\":\"" + String(repeating: "a", count: 65) + "\",\"exp\":1900000000}")),
        ("missing exp", make(claims: #"{"sub":"p1"}"#)),
        ("exp as string", make(claims: #"{"sub":"p1","exp":"1900000000"}"#)),
        ("exp beyond Int64", make(claims: #"{"sub":"p1","exp":99999999999999999999999}"#)),
        ("duplicate claims", make(claims: #"{"sub":"p1","exp":1900000000,"sub":"p2"}"#)),
        ("non-JSON header", make(header: "not json", claims: #"{"sub":"p1","exp":1900000000}"#)),
        ("claims not an object", make(claims: #"["sub","p1"]"#)),
        ("malformed base64", "eyJhbGciOiJIUzI1NiJ9!.eyJzdWIiOiJwMSJ9.c2ln"),
        ("padded base64", make(claims: #"{"sub":"p1","exp":1900000000}"#) + "="),
        ("oversized token", make(claims: "{\"sub\":\"p1\",\"exp\":1900000000,\"pad\":\"" + String(repeating: "x", count: 5000) + "\"}")),
        ("empty", ""),
        ("crit with an unknown extension", make(header: #"{"alg":"HS256","typ":"JWT","crit":["exp2"],"exp2":1}"#, claims: #"{"sub":"p1","exp":1900000000}"#)),
        ("crit empty", make(header: #"{"alg":"HS256","crit":[]}"#, claims: #"{"sub":"p1","exp":1900000000}"#)),
        ("crit null", make(header: #"{"alg":"HS256","crit":null}"#, claims: #"{"sub":"p1","exp":1900000000}"#)),
        ("exp at Int64.max is fine, nbf at Int64.max is not yet valid", make(claims: #"{"sub":"p1","exp":9223372036854775807,"nbf":9223372036854775807}"#)),
    ]

    @Test(arguments: attacks.map(\.name))
    func attackIsRejected(name: String) throws {
        let token = try #require(Self.attacks.first { $0.name == name }?.token)
        #expect(throws: PlayerToken.Rejection.self) { try tokens.verify(Array(token.utf8), now: Self.now) }
    }

    @Test func extremeTimeClaimsNeitherTrapNorPass() throws {
        let far = Self.make(claims: #"{"sub":"p1","exp":9223372036854775807,"iat":-9223372036854775808}"#)
        #expect(try tokens.verify(Array(far.utf8), now: Self.now).value == "p1")
        let past = Self.make(claims: #"{"sub":"p1","exp":-9223372036854775808}"#)
        #expect(throws: PlayerToken.Rejection.self) { try tokens.verify(Array(past.utf8), now: Self.now) }
    }

    @Test func base64URLRoundTripsEveryLength() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64URL.decode(Array(Base64URL.encode(bytes).utf8)) == bytes)
        }
        #expect(Base64URL.decode(Array("A".utf8)) == nil)
        #expect(Base64URL.decode(Array("AA".utf8)) == [0])
        #expect(Base64URL.decode(Array("AB".utf8)) == nil)  // non-zero leftover bits
    }
}
