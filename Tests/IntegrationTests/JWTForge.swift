import Digest
import Foundation

/// Hand-made JWTs for the authentication tests: any header, any claims, any key.
enum JWTForge {
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// `header.claims.HMAC-SHA256(secret, header.claims)`, each part base64url.
    static func token(header: String, claims: String, secret: [UInt8]) -> String {
        let input = base64URL(Array(header.utf8)) + "." + base64URL(Array(claims.utf8))
        return input + "." + base64URL(SHA256.hmac(key: secret, message: Array(input.utf8)))
    }

    static var now: Int { Int(Date().timeIntervalSince1970) }
}
