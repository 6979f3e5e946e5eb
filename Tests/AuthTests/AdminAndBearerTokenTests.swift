import Auth
import Testing

@Suite struct AdminAndBearerTokenTests {
    @Test func theAdminTokenMatchesOnlyItsExactBytes() {
        let token = AdminToken(Array("admin-token-0123456789".utf8))
        #expect(token.matches(Array("admin-token-0123456789".utf8)))
        #expect(!token.matches(Array("admin-token-012345678".utf8)))
        #expect(!token.matches(Array("admin-token-01234567890".utf8)))
        #expect(!token.matches(Array("Admin-token-0123456789".utf8)))
        #expect(!token.matches([UInt8]()))
    }

    @Test(arguments: [
        ("Bearer abc.def", "abc.def"),
        ("bearer abc", "abc"),
        ("BEARER   abc", "abc"),
        ("BeArEr x y", "x y"),
    ])
    func theTokenFollowsTheBearerScheme(value: String, token: String) {
        #expect(BearerToken.token(inHeaderValue: value) == Array(token.utf8))
    }

    @Test(arguments: ["", "Bearer", "Bearer ", "Bearer    ", "Basic abc", "Bearerabc", "Bearer\tabc", "Token abc"])
    func anythingElseIsNoBearerToken(value: String) {
        #expect(BearerToken.token(inHeaderValue: value) == nil)
    }
}
