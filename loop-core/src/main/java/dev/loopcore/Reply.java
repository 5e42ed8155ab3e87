package dev.loopcore;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The future result of a call made with {@link MessageLoop#call} or a proxy's {@code call}.
 *
 * <h2>Detailed guarantees</h2>
 * <ul>
 *   <li>{@link #then(Consumer, Consumer)} runs its callbacks on the loop that was current when the call
 *       was made (on the completing thread if the caller was on no loop); if that loop has closed the
 *       callbacks are dropped, never run elsewhere. Exactly one of onValue/onError runs.</li>
 *   <li>{@code onError}, a failed {@link #toFuture()} and {@link #await()} see the same exception: a
 *       {@link ReplyException} subclass.</li>
 *   <li>{@link #await()} on a thread that runs no loop parks. Inside a loop's task it runs a nested
 *       loop that executes only messages caused by the awaited call; every other message stays queued
 *       in order until it returns. A wait that would close a cycle of loops waiting on each other
 *       throws {@link DeadlockException} at once.</li>
 *   <li>The completion of the call happens-before {@code await} returns and before the callbacks run.</li>
 *   <li>Any number of threads and loops may {@code await}/{@code then} the same reply; each gets the
 *       outcome. {@link #await(Duration)} gives up for its caller only (as {@code Future.get(timeout)}
 *       does): the reply still completes, and later {@code await}/{@code then}/{@code toFuture} get
 *       its outcome.</li>
 *   <li><b>A {@link RefCounted} value</b> follows one ownership rule: the reply owns the reference the
 *       call returned for as long as the reply is reachable (a cleaner releases it afterwards), and
 *       every consumer gets a reference of its own: a {@code then} callback's is released after
 *       {@code onValue} returns (call {@code retain()} to keep the value); each {@link #await()}
 *       returns one that the caller owns and must {@code release()}; a {@link #toFuture()} future keeps
 *       the reply reachable, so its value is valid while the future is (retain it to keep it longer).
 *       So a value is never released past zero and never leaked, also when every waiter timed out or
 *       a callback is registered after completion.</li>
 * </ul>
 * All methods may be called from any thread.
 *
 * @param <R> the value's type
 */
public interface Reply<R> {
    /**
     * {@return true once the reply has its outcome, a value or a {@link ReplyException}} A timed-out
     * {@link #await(Duration)} does not make it done.
     */
    boolean isDone();

    /**
     * Registers callbacks that run on the loop current when the call was made (on the completing thread
     * if the caller was on no loop), also when the reply is already done.
     *
     * @param onValue gets the value; a {@link RefCounted} one is released after it returns
     * @param onError gets the {@link ReplyException} instead
     */
    void then(Consumer<? super R> onValue, Consumer<? super Throwable> onError);

    /**
     * Registers callbacks that run on {@code loop}; dropped, never run elsewhere, if it has closed.
     *
     * @param loop    where the callbacks run
     * @param onValue gets the value; a {@link RefCounted} one is released after it returns
     * @param onError gets the {@link ReplyException} instead
     */
    void then(MessageLoop loop, Consumer<? super R> onValue, Consumer<? super Throwable> onError);

    /**
     * Waits for the value: parks on a thread that runs no loop; inside a loop's task runs the filtered
     * nested loop. A {@link RefCounted} value is returned with a reference the caller owns.
     *
     * @return the call's value
     * @throws CallFailedException   the call threw; the cause is what it threw
     * @throws RejectedCallException the call never ran
     * @throws DeadlockException     waiting would deadlock
     */
    R await();

    /**
     * As {@link #await()}, but throws {@link ReplyTimeoutException} when {@code timeout} elapses first;
     * the timeout is this caller's only: the reply stays pending for everyone else.
     *
     * @param timeout how long to wait at most
     * @return the call's value, as {@link #await()} returns it
     * @throws ReplyTimeoutException if {@code timeout} elapsed before the reply arrived
     */
    R await(Duration timeout);

    /**
     * A future completed with the value or the {@link ReplyException}, on the thread that completes the
     * reply (stages attached to it without an executor run there).
     *
     * @return a future of the reply's outcome; it keeps the reply, and with it a {@link RefCounted}
     *         value, reachable
     */
    CompletableFuture<R> toFuture();

    /**
     * A future completed through {@code executor} with the value or the {@link ReplyException}: stages
     * attached to it without an executor of their own (before it completes) run there — for example
     * on the caller's loop with {@code toFuture(MessageLoop.current())}, rather than on the callee's
     * thread. If the executor refuses the completion (a closed loop), the future fails on the
     * completing thread with {@link RejectedCallException} {@code LOOP_CLOSED}.
     *
     * @param executor where the future is completed
     * @return a future of the reply's outcome, as {@link #toFuture()}
     */
    CompletableFuture<R> toFuture(java.util.concurrent.Executor executor);
}
