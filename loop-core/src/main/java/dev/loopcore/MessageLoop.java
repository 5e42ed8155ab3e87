package dev.loopcore;

import dev.loopcore.function.TriConsumer;
import dev.loopcore.internal.LoopContext;
import dev.loopcore.internal.Loops;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A serial executor: tasks posted to a loop run one at a time, on whatever thread currently runs the
 * loop.
 *
 * <h2>Summary</h2>
 * A loop is run by its own thread ({@link #start}, {@link #builder}), by a thread the application
 * owns ({@link #driven}), or by the threads of a {@link LoopPool}. Any thread may post to any loop;
 * posting never blocks on an unbounded mailbox and does not allocate in steady state.
 *
 * <h2>Detailed guarantees</h2>
 * <ul>
 *   <li><b>Order.</b> Tasks one thread posts to one loop run in the order posted (posts, calls and
 *       proxy invokes are one sequence), also across nested awaits: a message kept aside during an
 *       {@code await()} runs before every later message of the same producer. The one exception: while
 *       the loop awaits, a message of the awaited call's chain may run ahead of an earlier message of
 *       the same producer that is not in that chain. A loop runs one task at a time, and everything
 *       task N wrote is visible to task N+1, also when a pooled loop moves between threads. Posting a
 *       task happens-before it runs.</li>
 *   <li><b>Rejection.</b> After {@link #close()} is called, {@code post} returns false and the task
 *       never runs; a post racing with close either runs exactly once (post returned true) or never
 *       (post returned false). {@link dev.loopcore.RefCounted} arguments of a rejected post are
 *       released before it returns.</li>
 *   <li><b>Graceful close.</b> Tasks accepted before close still run; every delayed task not yet
 *       started when {@code close()} is called never runs (zero delays and already-due ones included)
 *       and the loop keeps no reference to it; then the loop terminates.</li>
 *   <li><b>Delayed tasks</b> run no earlier than their delay, on their loop, and belong to the call
 *       chain of the task that posted them: an await of that chain runs them when due.</li>
 *   <li><b>Failures.</b> A task that throws does not stop the loop; the loop's uncaught handler gets
 *       the exception on the loop's thread.</li>
 *   <li><b>Re-entrancy.</b> A task that calls {@link Reply#await()} runs a nested loop that runs only
 *       messages caused by the awaited call; everything else stays queued, in order.</li>
 * </ul>
 * <h2>Not guaranteed</h2>
 * Order between different producers; when a delayed task runs relative to posted tasks beyond "not
 * before its delay"; the order of tasks a nested await keeps aside relative to those it runs.
 *
 * <p>All methods may be called from any thread unless stated otherwise. Only loopcore implements this
 * interface: the proxy layer and replies work with the loops its factories make.
 */
public interface MessageLoop extends Executor, AutoCloseable {

    /** A loop on its own new thread with default options, already running. */
    static MessageLoop start(String name) {
        return builder(name).start();
    }

    /** A builder for a loop on its own thread: mailbox kind, capacity, idle strategy, daemon, uncaught handler. */
    static LoopBuilder builder(String name) {
        return new LoopBuilder(name);
    }

    /** A loop run by the calling thread through {@link DrivenLoop#runPending()} or {@link DrivenLoop#runUntilClosed()}. */
    static DrivenLoop driven(String name) {
        return builder(name).driven();
    }

    /** The loop whose task this thread is running right now (also inside a nested await), or null. */
    static MessageLoop current() {
        return LoopContext.current().loop();
    }

    /** The loop's name, as given at creation. */
    String name();

    /** True if the calling thread is running this loop's task right now. */
    boolean isCurrent();

    /** Throws {@link WrongLoopException} unless {@link #isCurrent()}. */
    default void checkCurrent() {
        if (!isCurrent()) {
            throw new WrongLoopException("expected to run on loop '" + name() + "' but running on "
                    + Loops.describeCurrent());
        }
    }

    /** Posts a task; false (and the task never runs) once the loop no longer accepts. */
    boolean post(Runnable task);

    /** Posts {@code action.accept(a)}; no allocation with a non-capturing action. */
    <A> boolean post(Consumer<? super A> action, A a);

    /** Posts {@code action.accept(a, b)}; no allocation with a non-capturing action. */
    <A, B> boolean post(BiConsumer<? super A, ? super B> action, A a, B b);

    /** Posts {@code action.accept(a, b, c)}; no allocation with a non-capturing action. */
    <A, B, C> boolean post(TriConsumer<? super A, ? super B, ? super C> action, A a, B b, C c);

    /** {@link Executor#execute}: like {@link #post(Runnable)} but throws {@link java.util.concurrent.RejectedExecutionException} once closed. */
    @Override
    void execute(Runnable task);

    /**
     * Runs {@code fn} on this loop and replies with its result. The reply's callbacks run on the loop
     * that was current when {@code call} was made.
     */
    <R> Reply<R> call(Supplier<? extends R> fn);

    /** Runs {@code task} on this loop no earlier than {@code delay} from now. */
    Cancellable postDelayed(Runnable task, Duration delay);

    /** Runs {@code task} after {@code initialDelay}, then repeatedly {@code period} after each run ends (fixed delay). */
    Cancellable postRepeating(Runnable task, Duration initialDelay, Duration period);

    /** True once {@link #close()} has been called. */
    boolean isClosed();

    /** Stops accepting tasks and terminates after running those already accepted. Idempotent, callable from any thread including this loop's own tasks. */
    @Override
    void close();

    /** Waits until the loop has terminated; true if it did within the timeout. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** A snapshot of the loop's counters; the figures are individually, not mutually, consistent. */
    LoopStats stats();
}
