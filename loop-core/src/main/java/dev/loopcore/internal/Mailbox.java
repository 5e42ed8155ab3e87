package dev.loopcore.internal;

/**
 * A loop's queue of {@link Message}s: many producers, one consumer (the thread running the loop).
 *
 * <p>Threading: {@link #offer} from any thread; {@link #drain} and {@link #taken()} only from the thread running the
 * loop; {@link #isEmpty()}, {@link #offers()} and {@link #lpTaken()} from any thread (volatile reads of producer state).
 * A message is taken (its slot and any bounded-capacity permit freed) before it is delivered, so a
 * message kept aside or running in a nested await holds no room.
 */
abstract class Mailbox {
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

    /** Messages the consumer has taken so far; only on the thread running the loop. */
    abstract long taken();

    /** Any thread (opaque or stronger): messages taken so far, possibly a little behind; for the watchdog. */
    abstract long lpTaken();
}
