package dev.webhookreceiver.web;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.util.Assert;

/**
 * The bytes of request bodies that may be held in memory at once. A request reserves its share
 * before its body is read and releases it when it has been answered; a request whose share does
 * not fit is refused at once, never queued, so that a burst of large deliveries is answered
 * {@code 503} instead of exhausting the heap.
 */
final class BodyMemoryBudget {

	private final long capacity;

	private final AtomicLong reserved = new AtomicLong();

	/**
	 * Creates a budget.
	 * @param capacity the most bytes that may be reserved at once
	 */
	BodyMemoryBudget(long capacity) {
		Assert.isTrue(capacity > 0, "'capacity' must be positive");
		this.capacity = capacity;
	}

	/**
	 * Reserves bytes if they fit.
	 * @param bytes how many bytes to reserve
	 * @return whether they were reserved; if not, nothing was
	 */
	boolean tryReserve(long bytes) {
		Assert.isTrue(bytes >= 0, "'bytes' must not be negative");
		long current;
		do {
			current = this.reserved.get();
			if (bytes > this.capacity - current) {
				return false;
			}
		}
		while (!this.reserved.compareAndSet(current, current + bytes));
		return true;
	}

	/**
	 * Gives back bytes reserved before.
	 * @param bytes how many bytes to release
	 */
	void release(long bytes) {
		long now = this.reserved.addAndGet(-bytes);
		Assert.state(now >= 0, "More bytes released than reserved");
	}

	/**
	 * The bytes reserved right now.
	 * @return the reserved bytes
	 */
	long reserved() {
		return this.reserved.get();
	}

	/**
	 * The most bytes that may be reserved at once.
	 * @return the capacity
	 */
	long capacity() {
		return this.capacity;
	}

}
