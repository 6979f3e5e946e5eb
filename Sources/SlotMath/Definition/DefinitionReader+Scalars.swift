import JSON

/// The scalar readers `DefinitionReader`'s sections share: strings, symbols, integers in a range,
/// arrays of them, and the pays-like arrays; each names the file and field it rejects.
extension DefinitionReader {
    /// A pays-like array: one non-negative entry per reel, never decreasing once the run grows.
    func payArray(_ value: JSONValue, _ field: String, reelCount: Int) throws(GameDefinitionError) -> [Int] {
        let values = try ints(value, field)
        guard values.count == reelCount else {
            throw .wrongLength(file: file, field: field, expected: reelCount, actual: values.count)
        }
        for (index, entry) in values.enumerated() {
            guard (0...1_000_000).contains(entry) else {
                throw .invalidValue(file: file, field: "\(field)[\(index)]", reason: "must be 0 to 1000000")
            }
            if index > 0, entry < values[index - 1] {
                throw .invalidValue(file: file, field: "\(field)[\(index)]", reason: "must not be below the entry before it")
            }
        }
        return values
    }

    func string(_ object: [String: JSONValue], _ field: String) throws(GameDefinitionError) -> String {
        guard let value = object[field] else { throw .missingField(file: file, field: field) }
        guard case .string(let text) = value else { throw .wrongType(file: file, field: field, expected: "a string") }
        return text
    }

    func optionalSymbol(
        _ object: [String: JSONValue], _ field: String, known: Set<String>
    ) throws(GameDefinitionError) -> String? {
        guard let value = object[field], !value.isNull else { return nil }
        guard case .string(let symbol) = value else { throw .wrongType(file: file, field: field, expected: "a symbol") }
        guard known.contains(symbol) else { throw .unknownSymbol(file: file, field: field, symbol: symbol) }
        return symbol
    }

    func int(_ value: JSONValue?, _ field: String, in range: ClosedRange<Int>) throws(GameDefinitionError) -> Int {
        guard let value else { throw .missingField(file: file, field: field) }
        guard case .integer(let wide) = value, let number = Int(exactly: wide) else { throw .wrongType(file: file, field: field, expected: "an integer") }
        guard range.contains(number) else {
            throw .invalidValue(file: file, field: field, reason: "\(number) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func ints(_ value: JSONValue?, _ field: String) throws(GameDefinitionError) -> [Int] {
        try array(value, field, of: "integers", each: "an integer") { item in
            guard case .integer(let wide) = item else { return nil }
            return Int(exactly: wide)
        }
    }

    func strings(_ value: JSONValue?, _ field: String) throws(GameDefinitionError) -> [String] {
        try array(value, field, of: "strings", each: "a string") { item in
            guard case .string(let text) = item else { return nil }
            return text
        }
    }

    /// An array whose every element `element` accepts; the first it refuses is named by index.
    private func array<Element>(
        _ value: JSONValue?, _ field: String, of plural: String, each expected: String, _ element: (JSONValue) -> Element?
    ) throws(GameDefinitionError) -> [Element] {
        guard let value else { throw .missingField(file: file, field: field) }
        guard case .array(let items) = value else { throw .wrongType(file: file, field: field, expected: "an array of \(plural)") }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let accepted = element(item) else { throw .wrongType(file: file, field: "\(field)[\(index)]", expected: expected) }
            result.append(accepted)
        }
        return result
    }
}

extension JSONValue {
    /// An object's members by name (the reader rejects duplicate keys, so none is lost);
    /// nil for anything but an object.
    var members: [String: JSONValue]? {
        guard case .object(let pairs) = self else { return nil }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }
}
