import Synchronization

/// Shared by every loop's `SwitchableStore` of one server: flips them all down or up at once.
final class StoreSwitch: Sendable {
    private let down = Atomic<Bool>(false)

    var isDown: Bool { down.load(ordering: .sequentiallyConsistent) }

    func set(down value: Bool) {
        down.store(value, ordering: .sequentiallyConsistent)
    }
}
