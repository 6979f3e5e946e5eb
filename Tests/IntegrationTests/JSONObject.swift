import Foundation
import HTTP

/// A JSON object read from a response body, with typed accessors that fail the test loudly.
struct JSONObject: CustomStringConvertible {
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    private let members: [String: Any]

    init(_ response: HTTPClientResponse) throws {
        try self.init(bytes: response.body)
    }

    init(bytes: [UInt8]) throws {
        guard let members = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? [String: Any] else {
            throw Mismatch(description: "not a JSON object: \(String(decoding: bytes, as: UTF8.self))")
        }
        self.members = members
    }

    private init(members: [String: Any]) {
        self.members = members
    }

    var description: String { "\(members)" }

    var keys: Set<String> { Set(members.keys) }

    func has(_ key: String) -> Bool { members[key] != nil }

    /// Whether `key` is present and JSON `null`.
    func isNull(_ key: String) -> Bool { members[key] is NSNull }

    func int(_ key: String) throws -> Int {
        guard let number = members[key] as? Int else { throw Mismatch(description: "\(key): not an integer in \(self)") }
        return number
    }

    func double(_ key: String) throws -> Double {
        guard let number = members[key] as? Double else { throw Mismatch(description: "\(key): not a number in \(self)") }
        return number
    }

    func string(_ key: String) throws -> String {
        guard let text = members[key] as? String else { throw Mismatch(description: "\(key): not a string in \(self)") }
        return text
    }

    func bool(_ key: String) throws -> Bool {
        guard let flag = members[key] as? Bool else { throw Mismatch(description: "\(key): not a boolean in \(self)") }
        return flag
    }

    /// The nested object at `key`; `nil` when it is `null`.
    func object(_ key: String) throws -> JSONObject? {
        if isNull(key) { return nil }
        guard let nested = members[key] as? [String: Any] else { throw Mismatch(description: "\(key): not an object in \(self)") }
        return JSONObject(members: nested)
    }

    func objects(_ key: String) throws -> [JSONObject] {
        guard let list = members[key] as? [Any] else { throw Mismatch(description: "\(key): not an array in \(self)") }
        return try list.map { element in
            guard let nested = element as? [String: Any] else { throw Mismatch(description: "\(key): an element is not an object") }
            return JSONObject(members: nested)
        }
    }

    func count(_ key: String) throws -> Int {
        guard let list = members[key] as? [Any] else { throw Mismatch(description: "\(key): not an array in \(self)") }
        return list.count
    }
}
