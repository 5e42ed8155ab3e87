package dev.loopcore;

/**
 * An object handed between threads with its reference count, so that exactly one side owns each
 * reference at any moment. The count starts at 1.
 *
 * <p>Passed as an argument of {@code post}, {@code invoke} or {@code call}, a {@code RefCounted} is
 * owned by the message from that moment: the loop releases it once after the handler returns (a
 * handler that keeps it calls {@link #retain()}), or once when the message is rejected or dropped.
 *
 * <p>Threading: {@link #retain()} and {@link #release()} are atomic and may be called from any thread.
 */
public interface RefCounted {
    /** {@return the current count; 0 once deallocated} */
    int refCount();

    /**
     * Adds a reference, owned by the caller.
     *
     * @return this object
     * @throws IllegalReferenceCountException if already deallocated
     */
    RefCounted retain();

    /**
     * Drops a reference the caller owns.
     *
     * @return true on the call that deallocated the object
     * @throws IllegalReferenceCountException when released past zero
     */
    boolean release();
}
