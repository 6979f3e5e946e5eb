/// The router's table as data: what the OpenAPI document (docs/openapi.json) must describe, no more
/// and no less.
package enum OneSpinRouteCatalog {
    package struct Entry: Sendable, Hashable {
        /// `GET`, `POST`, `PUT`.
        package let method: String
        /// The path with `:name` for a path parameter.
        package let pattern: String
        /// `open`, `player` (a player JWT) or `admin` (the operator token).
        package let access: String
    }

    /// Every route of the server.
    package static var entries: [Entry] { OneSpinRoute.declared }
}
