package dev.loopcore.internal;

/**
 * A loop's queue of {@link Message}s: many producers, one consumer (the thread running the loop).
 *
 * <p>Threading: {@link #offer} from any thread; {@link #drain}, {@link #isEmpty()} and {@link #taken()}
 * only from the thread running the loop; {@link #offers()} from any thread.
 */
abstract class Mailbox {
    /**
     * One step of a producer's wait for room in a full mailbox, {@code attempt} counting from 0: spin,
     * then yield, then park for growing intervals of up to 1 ms.
     */
    static void backOff(int attempt) {
        if (attempt < 100) {
            Thread.onSpinWait();
        } else if (attempt < 200) {
            Thread.yield();
        } else {
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Math.min(1_000_000L, 1_000L << Math.min(10, (attempt - 200) / 8)));
        }
    }

    /**
     * Enqueues a message and stamps its fate (see the package doc): false if {@code loop} was closed by
     * then, in which case the message will never run and the caller releases what it owned.
     */
    abstract boolean offer(LoopCore loop, LoopContext ctx, Dispatch op, Object fn, Object a, Object b, Object c,
                           Object d, ReplyImpl<?> reply, ReplyImpl<?> chain);

    /** Hands up to {@code limit} accepted messages to {@link LoopCore#deliver}; returns how many it took. */
    abstract int drain(LoopCore loop, LoopContext ctx, int limit);

    /** Nothing offered that the consumer has not taken, counting offers still being written. */
    abstract boolean isEmpty();

    /** Messages offered so far, including ones stamped REJECTED. */
    abstract long offers();

    /** Messages the consumer has taken so far. */
    abstract long taken();
}
