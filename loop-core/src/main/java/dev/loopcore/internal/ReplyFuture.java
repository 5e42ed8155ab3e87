package dev.loopcore.internal;

import dev.loopcore.RejectedCallException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * {@code Reply.toFuture()}: a future completed with the reply's outcome, on the completing thread or,
 * given an executor, through it. It references its reply, so a {@code RefCounted} value the reply owns
 * stays valid while the future is reachable (see {@link ReplyImpl}); stages derived from it borrow it.
 *
 * <p>Threading: completed once, by the reply's completion (or the executor it hops to).
 */
final class ReplyFuture<R> extends CompletableFuture<R> {
    @SuppressWarnings("unused") // keeps the reply (and its value's reference) reachable
    private final ReplyImpl<R> reply;

    private ReplyFuture(ReplyImpl<R> reply) {
        this.reply = reply;
    }

    /** {@code executor} null: completed on the completing thread. */
    static <R> CompletableFuture<R> of(ReplyImpl<R> reply, Executor executor) {
        ReplyFuture<R> f = new ReplyFuture<>(reply); // deliberate: a future per call
        Consumer<R> onValue;
        Consumer<Throwable> onError;
        if (executor == null) {
            onValue = f::complete;
            onError = f::completeExceptionally;
        } else {
            onValue = v -> f.hop(executor, () -> f.complete(v));
            onError = e -> f.hop(executor, () -> f.completeExceptionally(e));
        }
        reply.addCallback(new ReplyNode.Callback(null, onValue, onError, false, null)); // the library's own: no context
        return f;
    }

    private void hop(Executor executor, Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException refused) {
            completeExceptionally(new RejectedCallException(RejectedCallException.Reason.LOOP_CLOSED));
        }
    }
}
