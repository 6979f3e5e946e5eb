import HTTP

/// Every route of API.md, and who may call it.
enum OneSpinRoute: Sendable {
    case healthz, readyz, games
    case spin, spinLookup, history, wallet
    case adminCredit, adminTickets, adminBoost, adminPlayer
    case status, metrics

    enum Access { case open, player, admin }

    var access: Access {
        switch self {
        case .healthz, .readyz, .games: .open
        case .spin, .spinLookup, .history, .wallet: .player
        case .adminCredit, .adminTickets, .adminBoost, .adminPlayer, .status, .metrics: .admin
        }
    }

    /// The pattern, as logs name the route (the same text as in `table`; a switch, not a search:
    /// it is read on every request).
    var pattern: String {
        switch self {
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .games: "/v1/games"
        case .spin: "/v1/spins"
        case .spinLookup: "/v1/spins/:spinId"
        case .history: "/v1/history"
        case .wallet: "/v1/wallet"
        case .adminCredit: "/admin/players/:id/credit"
        case .adminTickets: "/admin/players/:id/tickets"
        case .adminBoost: "/admin/players/:id/boost"
        case .adminPlayer: "/admin/players/:id"
        case .status: "/status"
        case .metrics: "/metrics"
        }
    }

    private static let table: [(method: String, pattern: String, route: OneSpinRoute)] = [
        ("GET", "/healthz", .healthz),
        ("GET", "/readyz", .readyz),
        ("GET", "/v1/games", .games),
        ("POST", "/v1/spins", .spin),
        ("GET", "/v1/spins/:spinId", .spinLookup),
        ("GET", "/v1/history", .history),
        ("GET", "/v1/wallet", .wallet),
        ("POST", "/admin/players/:id/credit", .adminCredit),
        ("POST", "/admin/players/:id/tickets", .adminTickets),
        ("PUT", "/admin/players/:id/boost", .adminBoost),
        ("GET", "/admin/players/:id", .adminPlayer),
        ("GET", "/status", .status),
        ("GET", "/metrics", .metrics),
    ]

    /// The router of every route above: a `RouteTable` (non-generic, so it runs specialised from
    /// this module) whose indices are positions in `table`.
    static let routes: RouteTable = {
        var routes = RouteTable()
        for entry in table { routes.add(entry.method, entry.pattern) }
        return routes
    }()

    /// Routes a request: the route and its path parameters, or why none matched.
    static func match(method: String, path: String) -> Router<OneSpinRoute>.Match {
        switch routes.match(method: method, path: path) {
        case .matched(let index, let parameters): .matched(table[index].route, parameters: parameters)
        case .methodNotAllowed(let allow): .methodNotAllowed(allow: allow)
        case .invalidParameter(let name, let detail): .invalidParameter(name: name, detail: detail)
        case .notFound: .notFound
        }
    }
}
