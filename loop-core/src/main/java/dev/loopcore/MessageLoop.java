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

    /**
     * Starts a loop on its own new thread with default options.
     *
     * @param name the loop's name, also its thread's
     * @return the loop, already running
     */
    static MessageLoop start(String name) {
        return builder(name).start();
    }

    /**
     * A builder for a loop on its own thread: mailbox kind, capacity, idle strategy, daemon, uncaught handler.
     *
     * @param name the loop's name
     * @return a new builder with default options
     */
    static LoopBuilder builder(String name) {
        return new LoopBuilder(name);
    }

    /**
     * A loop run by the calling thread through {@link DrivenLoop#runPending()} or {@link DrivenLoop#runUntilClosed()}.
     *
     * @param name the loop's name
     * @return the loop, owned by the calling thread; it accepts posts at once and runs them when pumped
     */
    static DrivenLoop driven(String name) {
        return builder(name).driven();
    }

    /**
     * {@return the loop whose task this thread is running right now (also inside a nested await), or null}
     */
    static MessageLoop current() {
        return LoopContext.current().loop();
    }

    /** {@return the loop's name, as given at creation} */
    String name();

    /** {@return true if the calling thread is running this loop's task right now} */
    boolean isCurrent();

    /**
     * Checks that the calling thread is running this loop's task right now.
     *
     * @throws WrongLoopException unless {@link #isCurrent()}
     */
    default void checkCurrent() {
        if (!isCurrent()) {
            throw new WrongLoopException("expected to run on loop '" + name() + "' but running on "
                    + Loops.describeCurrent());
        }
    }

    /**
     * Posts a task.
     *
     * @param task what to run on this loop
     * @return true if the loop accepted the task, which then runs exactly once; false (and the task never
     *         runs) once the loop no longer accepts
     */
    boolean post(Runnable task);

    /**
     * Posts {@code action.accept(a)}; no allocation with a non-capturing action.
     *
     * @param <A>    the argument's type
     * @param action what to run on this loop
     * @param a      its argument; a {@link RefCounted} one is owned by the message from now on
     * @return true if accepted, false (the action never runs) once the loop no longer accepts
     */
    <A> boolean post(Consumer<? super A> action, A a);

    /**
     * Posts {@code action.accept(a, b)}; no allocation with a non-capturing action.
     *
     * @param <A>    the first argument's type
     * @param <B>    the second argument's type
     * @param action what to run on this loop
     * @param a      its first argument; a {@link RefCounted} one is owned by the message from now on
     * @param b      its second argument, likewise
     * @return true if accepted, false (the action never runs) once the loop no longer accepts
     */
    <A, B> boolean post(BiConsumer<? super A, ? super B> action, A a, B b);

    /**
     * Posts {@code action.accept(a, b, c)}; no allocation with a non-capturing action.
     *
     * @param <A>    the first argument's type
     * @param <B>    the second argument's type
     * @param <C>    the third argument's type
     * @param action what to run on this loop
     * @param a      its first argument; a {@link RefCounted} one is owned by the message from now on
     * @param b      its second argument, likewise
     * @param c      its third argument, likewise
     * @return true if accepted, false (the action never runs) once the loop no longer accepts
     */
    <A, B, C> boolean post(TriConsumer<? super A, ? super B, ? super C> action, A a, B b, C c);

    /** {@link Executor#execute}: like {@link #post(Runnable)} but throws {@link java.util.concurrent.RejectedExecutionException} once closed. */
    @Override
    void execute(Runnable task);

    /**
     * Runs {@code fn} on this loop and replies with its result. The reply's callbacks run on the loop
     * that was current when {@code call} was made.
     *
     * @param <R> the result's type
     * @param fn  what to run on this loop
     * @return the reply: {@code fn}'s value, a {@link CallFailedException} if it threw, or a
     *         {@link RejectedCallException} {@code LOOP_CLOSED} if the loop no longer accepted it
     */
    <R> Reply<R> call(Supplier<? extends R> fn);

    /**
     * Runs {@code task} on this loop no earlier than {@code delay} from now.
     *
     * @param task  what to run
     * @param delay how long from now at least
     * @return a handle to cancel the task; if the loop no longer accepts, the task never runs and
     *         {@link Cancellable#cancel()} returns false
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    Cancellable postDelayed(Runnable task, Duration delay);

    /**
     * Runs {@code task} after {@code initialDelay}, then repeatedly {@code period} after each run ends (fixed delay).
     *
     * @param task         what to run, until cancelled or the loop closes
     * @param initialDelay how long from now at least until the first run
     * @param period       how long at least from the end of one run to the start of the next
     * @return a handle to stop the repetition; if the loop no longer accepts, the task never runs and
     *         {@link Cancellable#cancel()} returns false
     * @throws IllegalArgumentException if {@code initialDelay} is negative or {@code period} is not positive
     */
    Cancellable postRepeating(Runnable task, Duration initialDelay, Duration period);

    /** {@return true once {@link #close()} has been called} The loop may still be running what it accepted. */
    boolean isClosed();

    /** Stops accepting tasks and terminates after running those already accepted. Idempotent, callable from any thread including this loop's own tasks. */
    @Override
    void close();

    /**
     * Waits until the loop has terminated: closed, with every accepted task run.
     *
     * @param timeout how long to wait at most
     * @return true if the loop terminated within the timeout
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** {@return a snapshot of the loop's counters; the figures are individually, not mutually, consistent} */
    LoopStats stats();
}
