/// A first-in first-out queue over one array: appends and pops cost no allocation once it has grown.
struct FIFOQueue<Element> {
    private var storage: [Element?] = []
    private var head = 0

    var count: Int { storage.count - head }
    var isEmpty: Bool { head == storage.count }

    mutating func append(_ element: Element) {
        storage.append(element)
    }

    /// The element `offset` places from the front.
    subscript(offset: Int) -> Element {
        get {
            guard let element = storage[head + offset] else { preconditionFailure("FIFOQueue slot already popped") }
            return element
        }
        set { storage[head + offset] = newValue }
    }

    var first: Element? { isEmpty ? nil : storage[head] }

    mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        let element = storage[head]
        storage[head] = nil
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }

    /// Empties the queue, returning what it held in order.
    mutating func takeAll() -> [Element] {
        let elements = storage[head...].compactMap { $0 }
        storage.removeAll(keepingCapacity: true)
        head = 0
        return elements
    }
}
