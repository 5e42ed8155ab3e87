package dev.loopcore.internal;

import dev.loopcore.RejectedCallException;

/**
 * How a {@link Message} runs: {@link #run} on the loop's thread, or {@link #reject} when it never will.
 * Stateless singletons; the proxy module adds its own.
 */
public abstract class Dispatch {
    /** Runs the message on the loop's thread. A throw goes to the loop's uncaught handler. */
    protected abstract void run(Message m) throws Throwable;

    /**
     * The message was refused by a closed loop and will never run: fail its reply. Arguments that are
     * {@code RefCounted} are released by the caller of this method, not here.
     */
    protected void reject(Object fn, Object a, Object b, Object c, Object d, ReplyImpl<?> reply,
                          RejectedCallException.Reason reason) {
        if (reply != null) reply.fail(new RejectedCallException(reason));
    }
}
