package import Foundation
import JSON

extension GameDefinition {
    /// Parses and validates a definition from JSON bytes.
    /// - Parameters:
    ///   - json: the file's bytes.
    ///   - file: the file name used in error descriptions.
    /// - Returns: the validated definition.
    /// - Throws: `GameDefinitionError` naming the file and the offending field.
    package static func load(json: Data, file: String) throws(GameDefinitionError) -> GameDefinition {
        let root: JSONValue
        do {
            root = try JSONValue.parse(json)
        } catch {
            throw .invalidJSON(file: file)
        }
        guard let object = root.members else { throw .invalidJSON(file: file) }
        var reader = DefinitionReader(file: file)
        return try reader.definition(from: object)
    }

    /// Reads, parses and validates a definition file.
    /// - Parameter url: a `file:` URL of a JSON definition.
    /// - Returns: the validated definition.
    /// - Throws: `GameDefinitionError` naming the file and the offending field.
    package static func load(contentsOf url: URL) throws(GameDefinitionError) -> GameDefinition {
        let file = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let code = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil } ?? 0
            throw .unreadable(file: file, errno: code)
        }
        return try load(json: data, file: file)
    }
}
