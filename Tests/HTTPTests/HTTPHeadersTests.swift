import HTTP
import Testing

@Suite struct HTTPHeadersTests {
    static func make() -> HTTPHeaders {
        ["Host": "a", "Connection": " Keep-Alive ,, Upgrade", "X-Many": "1", "x-many": "2", "Content-Type": "text/plain"]
    }

    @Test func lookupIgnoresCaseAndKeepsOrder() {
        let headers = Self.make()
        #expect(headers["host"] == "a")
        #expect(headers["CONTENT-TYPE"] == "text/plain")
        #expect(headers["Content-Typ"] == nil)
        #expect(headers["Content-Types"] == nil)
        #expect(headers.values(for: "X-MANY") == ["1", "2"])
        #expect(headers.values(for: "absent").isEmpty)
        #expect(headers.contains("x-Many"))
        #expect(!headers.contains("Many"))
    }

    @Test func listContainsTrimsItemsAndIgnoresCase() {
        let headers = Self.make()
        #expect(headers.listContains("connection", token: "keep-alive"))
        #expect(headers.listContains("Connection", token: "upgrade"))
        #expect(!headers.listContains("Connection", token: "close"))
        #expect(!headers.listContains("Connection", token: "keep"))
        #expect(!headers.listContains("Absent", token: "close"))
        let single: HTTPHeaders = ["Connection": "close"]
        #expect(single.listContains("Connection", token: "CLOSE"))
        let empty: HTTPHeaders = ["Connection": ""]
        #expect(!empty.listContains("Connection", token: "close"))
    }

    @Test func removeAndReplaceMatchEveryCase() {
        var headers = Self.make()
        headers.remove(name: "X-MANY")
        #expect(headers.count == 3)
        #expect(headers["x-many"] == nil)
        headers.replaceOrAdd(name: "content-type", value: "application/json")
        #expect(headers.values(for: "Content-Type") == ["application/json"])
        #expect(headers.fields.last?.name == "content-type")
        headers.remove(name: "nothing")
        #expect(headers.count == 3)
    }

    @Test func nonASCIINamesCompareByBytes() {
        let headers: HTTPHeaders = ["Ä": "1", "K": "2"]
        #expect(headers["ä"] == nil)
        #expect(headers["Ä"] == "1")
        #expect(headers["\u{212A}"] == nil)
        #expect(headers["k"] == "2")
    }
}
