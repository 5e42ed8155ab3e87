package dev.loopcore;

import dev.loopcore.internal.Pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;

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
 *   <li>{@link #close()} closes every loop gracefully; once the last has terminated, every thread the
 *       pool started (its workers and the helper that wakes loops for their timers) ends, whether or
 *       not anyone calls {@link #awaitTermination}.</li>
 * </ul>
 * <h2>Not guaranteed</h2>
 * Which pool thread runs a loop, or fairness between loops beyond the batch limit.
 *
 * <p>Threading: all methods may be called from any thread; a {@link Builder} is not thread-safe.
 */
public final class LoopPool implements AutoCloseable {
    private final Pool pool;

    private LoopPool(Pool pool) {
        this.pool = pool;
    }

    /**
     * Starts a pool of {@code threads} daemon threads named after the pool ({@code name-0}, ...).
     *
     * @param name    the pool's name
     * @param threads how many worker threads; at least 1
     * @return the pool, running
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public static LoopPool create(String name, int threads) {
        return builder(name).threads(threads).build();
    }

    /**
     * Options for a pool: threads, thread factory, uncaught handler, idle strategy.
     *
     * @param name the pool's name
     * @return a new builder with default options
     */
    public static Builder builder(String name) {
        return new Builder(Objects.requireNonNull(name, "name"));
    }

    /**
     * Creates a serial loop on this pool; it costs no thread of its own.
     *
     * @param name the loop's name
     * @return the loop, ready for posts
     * @throws IllegalStateException once the pool is closed
     */
    public MessageLoop newLoop(String name) {
        return pool.newLoop(Objects.requireNonNull(name, "name"));
    }

    /**
     * A snapshot of the pool's loops that have not terminated yet (newest first), for dashboards:
     * their {@link MessageLoop#stats()} are readable from any thread without stopping them. Taking it
     * holds the pool's registry lock briefly (as creating or terminating a loop does).
     *
     * @return the loops not yet terminated, newest first
     */
    public java.util.List<MessageLoop> loops() {
        return pool.loops();
    }

    /** {@return the pool's name, as given at creation} */
    public String name() {
        return pool.name();
    }

    /** Closes every loop of the pool gracefully (as {@link MessageLoop#close()}), then ends the threads. */
    @Override
    public void close() {
        pool.close();
    }

    /**
     * Waits until every loop and thread of the pool has terminated.
     *
     * @param timeout how long to wait at most
     * @return true if everything terminated within the timeout
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return pool.awaitTermination(Objects.requireNonNull(timeout, "timeout"));
    }

    /** Options for a {@link LoopPool}; {@link #build()} starts it. */
    public static final class Builder {
        private final String name;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private ThreadFactory threadFactory;
        private BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler;
        private IdleStrategy idleStrategy;
        private long stallNanos;
        private long congestionNanos;

        Builder(String name) {
            this.name = name;
        }

        /**
         * Sets how many worker threads; default: the number of available processors.
         *
         * @param n how many; at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder threads(int n) {
            if (n < 1) throw new IllegalArgumentException("threads must be >= 1: " + n);
            this.threads = n;
            return this;
        }

        /**
         * The factory of every thread the pool starts (workers, and the helper that wakes loops for
         * their timers), used as it made them: not renamed. Default: daemon threads named after the pool.
         *
         * @param f makes the pool's threads
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory f) {
            this.threadFactory = Objects.requireNonNull(f, "threadFactory");
            return this;
        }

        /**
         * Gets exceptions thrown by tasks and callbacks of the pool's loops, on the loop's thread; default: logged.
         *
         * @param h gets the loop and what a task or callback threw
         * @return this builder
         */
        public Builder uncaughtHandler(BiConsumer<? super MessageLoop, ? super Throwable> h) {
            this.uncaughtHandler = Objects.requireNonNull(h, "uncaughtHandler");
            return this;
        }

        /**
         * Sets what an idle worker does before it parks; default: spin 2,000 times, then park.
         *
         * @param s the idle strategy of every worker
         * @return this builder
         */
        public Builder idleStrategy(IdleStrategy s) {
            this.idleStrategy = Objects.requireNonNull(s, "idleStrategy");
            return this;
        }

        /**
         * As {@link LoopBuilder#stallThreshold}, for every loop of the pool.
         *
         * @param threshold how long a task may run before it is reported
         * @return this builder
         * @throws IllegalArgumentException if {@code threshold} is not positive
         */
        public Builder stallThreshold(Duration threshold) {
            this.stallNanos = LoopBuilder.positiveNanos(threshold, "stallThreshold");
            return this;
        }

        /**
         * As {@link LoopBuilder#congestionThreshold}, for every loop of the pool.
         *
         * @param threshold how long the oldest pending message of a loop may wait before it is reported
         * @return this builder
         * @throws IllegalArgumentException if {@code threshold} is not positive
         */
        public Builder congestionThreshold(Duration threshold) {
            this.congestionNanos = LoopBuilder.positiveNanos(threshold, "congestionThreshold");
            return this;
        }

        /**
         * Starts the pool's threads.
         *
         * @return the pool, running
         */
        public LoopPool build() {
            return new LoopPool(new Pool(name, threads, threadFactory, uncaughtHandler, idleStrategy,
                    stallNanos, congestionNanos));
        }
    }
}
