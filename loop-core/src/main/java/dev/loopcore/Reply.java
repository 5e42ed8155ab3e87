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
 * </ul>
 * All methods may be called from any thread.
 */
public interface Reply<R> {
    boolean isDone();

    /** Callbacks on the loop current when the call was made. */
    void then(Consumer<? super R> onValue, Consumer<? super Throwable> onError);

    /** Callbacks on {@code loop}; dropped if it has closed. */
    void then(MessageLoop loop, Consumer<? super R> onValue, Consumer<? super Throwable> onError);

    /**
     * Waits for the value.
     *
     * @throws CallFailedException   the call threw; the cause is what it threw
     * @throws RejectedCallException the call never ran
     * @throws DeadlockException     waiting would deadlock
     */
    R await();

    /** As {@link #await()}, but throws {@link ReplyTimeoutException} when {@code timeout} elapses first. */
    R await(Duration timeout);

    /** A future completed with the value or the {@link ReplyException}. */
    CompletableFuture<R> toFuture();
}
