import JSON
import Spin
import Testing

@Suite struct SpinParsingTests {
    @Test(arguments: [
        ("abc", "abc"), ("\"abc\"", "abc"), ("\"a\\\"b\\\\c\"", "a\"b\\c"),
        ("550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716-446655440000"),
        (String(repeating: "x", count: 255), String(repeating: "x", count: 255)),
    ])
    func idempotencyKeyForms(header: String, value: String) throws {
        #expect(try SpinID.parse(header: header).value == value)
    }

    @Test(arguments: ["a b", "\"a b\"", "\"abc", "\"a\\nb\"", "\"a\"b\"", "é", String(repeating: "x", count: 256)])
    func invalidIdempotencyKeys(header: String) {
        do {
            _ = try SpinID.parse(header: header)
            Issue.record("accepted \(header)")
        } catch {
            #expect(error.code == "invalid_idempotency_key")
        }
    }

    @Test func missingIdempotencyKeys() {
        for header in [nil, "", "\"\""] as [String?] {
            do {
                _ = try SpinID.parse(header: header)
                Issue.record("accepted")
            } catch {
                #expect(error.code == "missing_idempotency_key")
            }
        }
    }

    @Test func playerIDs() {
        #expect(PlayerID("user_1.a:b-c") != nil)
        #expect(PlayerID("") == nil)
        #expect(PlayerID("a b") == nil)
        #expect(PlayerID(String(repeating: "a", count: 65)) == nil)
    }

    @Test func bodyDefaultsAndFingerprint() throws {
        let body = try SpinRequestBody.parse(bytes(" {\"game\":\"fruit5\",\"bet\":100}\n"))
        #expect(body == SpinRequestBody(game: "fruit5", bet: 100, kind: .normal))
        let explicit = try SpinRequestBody.parse(bytes("{\"kind\":\"normal\",\"bet\":100,\"game\":\"fruit5\"}"))
        #expect(explicit.fingerprint == body.fingerprint)
        #expect(body.fingerprint.count == 64)
        let free = try SpinRequestBody.parse(bytes("{\"game\":\"fruit5\",\"kind\":\"free\"}"))
        #expect(free.bet == nil)
        #expect(free.fingerprint != body.fingerprint)
    }

    @Test(arguments: [
        ("", "body"), ("[]", "body"), ("{\"bet\":10}", "game"), ("{\"game\":\"g\"}", "bet"),
        ("{\"game\":\"g\",\"bet\":\"10\"}", "bet"), ("{\"game\":\"g\",\"bet\":10.5}", "bet"),
        ("{\"game\":\"g\",\"bet\":1e3}", "bet"), ("{\"game\":\"g\",\"bet\":99999999999999999999}", "bet"),
        ("{\"game\":\"g\",\"bet\":10,\"kind\":\"turbo\"}", "kind"), ("{\"game\":\"g\",\"bet\":10,\"kind\":1}", "kind"),
        ("{\"game\":\"g\",\"bet\":10,\"bet\":20}", "duplicate key \\\"bet\\\""), ("{\"game\":\"g\",\"bet\":10} x", "trailing"),
        ("{\"game\":\"g\",\"bet\":10,\"extra\":[[[[[[[[[[1]]]]]]]]]]}", "nested deeper"),
        ("{\"game\":\"g\",\"bet\":10,\"x\":1}", "x: unknown field"), ("{\"game\":\"g\",\"bet\":010}", "leading zero"),
    ])
    func badBodies(body: String, mentions: String) {
        do {
            _ = try SpinRequestBody.parse(bytes(body))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.code == "invalid_request")
            #expect(text(error.problemBody).contains(mentions), "\(error.detail)")
        }
    }

    /// Bodies the direct scanner reads and bodies only the full reader reads (escapes, non-ASCII,
    /// odd spacing) must mean the same thing.
    @Test(arguments: [
        ("{\"game\":\"fruit5\",\"bet\":100}", SpinRequestBody(game: "fruit5", bet: 100, kind: .normal)),
        (" {\"bet\" : 0 , \"game\":\"g\" ,\"kind\":\"buy_feature\"}\r\n", SpinRequestBody(game: "g", bet: 0, kind: .buyFeature)),
        ("{\"game\":\"fr\\u0075it5\",\"bet\":100}", SpinRequestBody(game: "fruit5", bet: 100, kind: .normal)),
        ("{\"game\":\"jeu\u{e9}\",\"kind\":\"free\"}", SpinRequestBody(game: "jeu\u{e9}", bet: nil, kind: .free)),
        ("{\"game\":\"g\",\"bet\":-9223372036854775808,\"kind\":\"ticket\"}", SpinRequestBody(game: "g", bet: Int.min, kind: .ticket)),
        ("{\"game\":\"g\",\"bet\":9223372036854775807}", SpinRequestBody(game: "g", bet: Int.max, kind: .normal)),
        ("{\"game\":\"a/b\",\"bet\":-0}", SpinRequestBody(game: "a/b", bet: 0, kind: .normal)),
    ])
    func bodyForms(body: String, expected: SpinRequestBody) throws {
        #expect(try SpinRequestBody.parse(bytes(body)) == expected)
        #expect(try SpinRequestBody.parse(ArraySlice(bytes(body))) == expected)
    }

    @Test(arguments: [
        "{\"game\":\"g\",\"bet\":9223372036854775808}", "{\"game\":\"g\",\"bet\":-9223372036854775809}",
        "{\"game\":\"\",\"bet\":1}", "{\"game\":\"g\",\"bet\":1,}", "{,}", "{\"game\":\"g\"\"bet\":1}",
        "{\"game\":\"g\",\"bet\":-}", "{\"game\":\"g\",\"bet\":1,\"game\":\"h\"}", "{\"game\":\"g\",\"bet\":1E2}",
        "{\"game\":\"g\",\"bet\":1,\"kind\":\"Normal\"}", "{\"game\":\"g\",\"bet\":1}}",
    ])
    func bodiesRejectedByBothReaders(body: String) {
        #expect(throws: SpinError.self) { try SpinRequestBody.parse(bytes(body)) }
    }

    @Test func timestamps() {
        #expect(Timestamp.format(millis: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(millis: 1_795_255_200_123) == "2026-11-21T10:00:00.123Z")
        #expect(Timestamp.format(millis: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(Timestamp.format(millis: -1) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp.parse("2026-11-21T10:00:00.123Z") == 1_795_255_200_123)
        #expect(Timestamp.parse("2026-11-21T12:00:00+02:00") == 1_795_255_200_000)
        #expect(Timestamp.parse("2026-02-30T00:00:00Z") == nil)
        #expect(Timestamp.parse("2026-11-21 10:00:00Z") == nil)
        #expect(Timestamp.parse("2026-11-21T10:00:00") == nil)
    }

    @Test func adminBodies() throws {
        let credit = try AdminBodies.credit(bytes("{\"amount\":-5,\"reason\":\"fix\"}"))
        #expect(credit.amount == -5 && credit.reason == "fix")
        #expect(try AdminBodies.tickets(bytes("{\"game\":\"g\",\"count\":3}")) == ("g", 3))
        #expect(try AdminBodies.boost(bytes("{\"until\":null}")) == nil)
        #expect(throws: SpinError.self) { try AdminBodies.tickets(bytes("{\"game\":\"g\",\"count\":0}")) }
        #expect(throws: SpinError.self) { try AdminBodies.boost(bytes("{\"until\":5}")) }
        #expect(throws: SpinError.self) { try AdminBodies.credit(bytes("{\"amount\":1,\"other\":2}")) }
    }
}
