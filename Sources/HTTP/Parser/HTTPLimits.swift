/// Size limits the parser enforces (API.md "Limits and bad input").
package struct HTTPLimits: Sendable, Equatable {
    /// Longest request line, CRLF excluded; longer → 414.
    package var maxRequestLineBytes: Int = 8 * 1024
    /// Largest header section (all field lines with their CRLFs); larger → 431.
    package var maxHeaderBytes: Int = 16 * 1024
    /// Most header fields; more → 431.
    package var maxHeaderCount: Int = 100
    /// Largest body; larger → 413, detected from `Content-Length` before reading the body.
    package var maxBodyBytes: Int = 64 * 1024
    /// Longest chunk extension (from `;` to the line end) on one chunk-size line; longer → 400.
    package var maxChunkExtensionBytes: Int = 256
    /// Most chunk-extension bytes in one body; more → 400.
    package var maxChunkExtensionBytesPerBody: Int = 4 * 1024

    package init() {}
}
