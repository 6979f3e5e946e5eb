/// A first-in first-out ring buffer. Elements are moved in and out, never copied, and are read or
/// changed in place through the subscript; appends and pops cost no allocation once it has grown.
struct FIFOQueue<Element>: ~Copyable {
    private var storage: UnsafeMutablePointer<Element>
    /// A power of two, so a position wraps with a mask.
    private var capacity: Int
    private var head = 0
    private(set) var count = 0

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity { size *= 2 }
        self.capacity = size
        storage = UnsafeMutablePointer<Element>.allocate(capacity: size)
    }

    deinit {
        for offset in 0..<count { (storage + position(offset)).deinitialize(count: 1) }
        storage.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    private func position(_ offset: Int) -> Int { (head + offset) & (capacity - 1) }

    mutating func append(_ element: consuming Element) {
        if count == capacity { grow() }
        (storage + position(count)).initialize(to: element)
        count += 1
    }

    /// The element `offset` places from the front, read or changed in place.
    subscript(offset: Int) -> Element {
        unsafeAddress {
            precondition(offset >= 0 && offset < count, "FIFOQueue offset out of range")
            return UnsafePointer(storage + position(offset))
        }
        unsafeMutableAddress {
            precondition(offset >= 0 && offset < count, "FIFOQueue offset out of range")
            return storage + position(offset)
        }
    }

    /// A copy of the front element, or `nil` when empty.
    var first: Element? { isEmpty ? nil : self[0] }

    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = (storage + head).move()
        head = (head + 1) & (capacity - 1)
        count -= 1
        if count == 0 { head = 0 }
        return element
    }

    /// Empties the queue, returning what it held in order.
    mutating func takeAll() -> [Element] {
        var elements: [Element] = []
        elements.reserveCapacity(count)
        while let element = popFirst() { elements.append(element) }
        return elements
    }

    private mutating func grow() {
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        for offset in 0..<count { (fresh + offset).moveInitialize(from: storage + position(offset), count: 1) }
        storage.deallocate()
        storage = fresh
        head = 0
        capacity *= 2
    }
}
