package dev.loopcore;

import dev.loopcore.internal.Pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Many loops multiplexed over a few threads.
 *
 * <h2>Detailed guarantees</h2>
 * <ul>
 *   <li>A pooled loop is serial and FIFO like any loop, runs on at most one pool thread at a time, and
 *       everything one of its tasks wrote is visible to the next, even when that runs on another
 *       thread.</li>
 *   <li>A busy loop runs a bounded batch, then yields its thread to other loops.</li>
 *   <li>A pooled loop awaiting a call never starves the pool: while it waits, its thread runs other
 *       ready loops of the pool (the awaited one first), and waits that would close a cycle throw
 *       {@link DeadlockException}.</li>
 *   <li>An idle pooled loop costs a few hundred bytes and no thread.</li>
 * </ul>
 * Threading: all methods may be called from any thread.
 */
public final class LoopPool implements AutoCloseable {
    private final Pool pool;

    private LoopPool(Pool pool) {
        this.pool = pool;
    }

    /** A pool of {@code threads} daemon threads named after the pool. */
    public static LoopPool create(String name, int threads) {
        Objects.requireNonNull(name, "name");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        return new LoopPool(new Pool(name, threads));
    }

    /** A new serial loop on this pool; throws {@link IllegalStateException} once the pool is closed. */
    public MessageLoop newLoop(String name) {
        return pool.newLoop(Objects.requireNonNull(name, "name"));
    }

    /** The pool's name. */
    public String name() {
        return pool.name();
    }

    /** Closes every loop of the pool gracefully (as {@link MessageLoop#close()}), then ends the threads. */
    @Override
    public void close() {
        pool.close();
    }

    /** Waits until every loop and thread of the pool has terminated. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return pool.awaitTermination(Objects.requireNonNull(timeout, "timeout"));
    }
}
