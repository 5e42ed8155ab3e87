package dev.loopcore;

import dev.loopcore.internal.Loops;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;

/**
 * Options for a loop on its own thread ({@link #start()}) or a driven loop ({@link #driven()}).
 *
 * <p>Threading: a builder is not thread-safe; build a loop on one thread, then share the loop.
 */
public final class LoopBuilder {
    private final String name;
    private MailboxKind mailbox = MailboxKind.UNBOUNDED;
    private int capacity = 1024;
    private IdleStrategy idleStrategy = IdleStrategy.backoff();
    private boolean daemon;
    private BiConsumer<? super MessageLoop, ? super Throwable> uncaughtHandler;
    private ThreadFactory threadFactory;
    private long stallNanos;
    private long congestionNanos;

    LoopBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Sets the mailbox kind; default {@link MailboxKind#UNBOUNDED}.
     *
     * @param kind the kind of mailbox
     * @return this builder
     */
    public LoopBuilder mailbox(MailboxKind kind) {
        this.mailbox = Objects.requireNonNull(kind, "kind");
        return this;
    }

    /**
     * For {@link MailboxKind#BOUNDED}: how many posted tasks may be pending before other threads'
     * posts wait (the loop's own thread never waits; the library's own messages never count); for
     * {@link MailboxKind#UNBOUNDED}: the initial ring size (rounded up to a power of two; it doubles
     * when a backlog fills it). Default 1024.
     *
     * @param capacity the bound, or the initial ring size; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public LoopBuilder capacity(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        this.capacity = capacity;
        return this;
    }

    /**
     * Sets what the loop's thread does when idle; default {@link IdleStrategy#backoff()}.
     *
     * @param idleStrategy the idle strategy
     * @return this builder
     */
    public LoopBuilder idleStrategy(IdleStrategy idleStrategy) {
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
        return this;
    }

    /**
     * Whether the loop's own thread is a daemon thread; default false (a running loop keeps the JVM
     * alive until closed; pool threads, by contrast, are daemons). Ignored by {@link #driven()}.
     *
     * @param daemon true for a daemon thread
     * @return this builder
     */
    public LoopBuilder daemon(boolean daemon) {
        this.daemon = daemon;
        return this;
    }

    /**
     * Gets exceptions thrown by tasks and callbacks, on the loop's thread; default: logged through
     * {@link System.Logger} {@code dev.loopcore} at ERROR.
     *
     * @param handler gets the loop and what a task or callback threw
     * @return this builder
     */
    public LoopBuilder uncaughtHandler(BiConsumer<? super MessageLoop, ? super Throwable> handler) {
        this.uncaughtHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * The factory of the loop's thread, used as it made the thread (not renamed; {@link #daemon} is then
     * the factory's choice). Default: a thread named after the loop. Ignored by {@link #driven()}.
     *
     * @param factory makes the loop's one thread, when {@link #start()} is called
     * @return this builder
     */
    public LoopBuilder threadFactory(ThreadFactory factory) {
        this.threadFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /**
     * Reports a task that runs longer than {@code threshold} (a stall): once per task, between the
     * threshold and about twice it after the task started, through {@link System.Logger}
     * {@code dev.loopcore} at WARNING (the loop's name, what runs, for how long at least, the loop
     * thread's stack) and the JFR event {@code dev.loopcore.Stall}. A task that awaits a reply with
     * nothing else to run counts as running. One shared daemon thread, {@code loopcore-watchdog},
     * samples every watched loop every threshold / 2; the loop itself reads no clock for it. Default:
     * not watched, at no cost.
     *
     * @param threshold how long a task may run before it is reported
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is not positive
     */
    public LoopBuilder stallThreshold(Duration threshold) {
        this.stallNanos = positiveNanos(threshold, "stallThreshold");
        return this;
    }

    /**
     * Reports congestion: the oldest pending message has waited longer than {@code threshold} (the
     * loop is busy, not stuck), measured by sampling the mailbox's counters, never by a timestamp per
     * post; at most once per threshold while it lasts, through {@link System.Logger} at WARNING and
     * the JFR event {@code dev.loopcore.Congestion}. Not reported while a stall is. Default: not watched.
     *
     * @param threshold how long the oldest pending message may wait before it is reported
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is not positive
     */
    public LoopBuilder congestionThreshold(Duration threshold) {
        this.congestionNanos = positiveNanos(threshold, "congestionThreshold");
        return this;
    }

    static long positiveNanos(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be > 0: " + d);
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4; // centuries: never reached, and sums of it do not overflow
        }
    }

    /**
     * Starts the loop on a new thread: named after the loop, or made by the {@link #threadFactory}.
     *
     * @return the loop, already running
     */
    public MessageLoop start() {
        return Loops.startThreadLoop(name, mailbox, capacity, idleStrategy, daemon, threadFactory, uncaughtHandler,
                stallNanos, congestionNanos);
    }

    /**
     * Creates a loop run by the calling thread; see {@link DrivenLoop}.
     *
     * @return the loop, owned by the calling thread; it runs only while that thread pumps it
     */
    public DrivenLoop driven() {
        return Loops.newDrivenLoop(name, mailbox, capacity, idleStrategy, uncaughtHandler, stallNanos, congestionNanos);
    }
}
