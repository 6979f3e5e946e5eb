import Testing

/// The parent of every suite in this target, run one test at a time: the suites share one Redis and
/// several rely on short real-time leases, which a 2-core machine cannot keep while fifty client
/// threads of another suite compete for it.
@Suite(.serialized) struct EndToEnd {}
