package dev.loopcore.internal;

import dev.loopcore.RejectedCallException;

/**
 * How a {@link Message} runs: {@link #run} on the loop's thread, or {@link #reject} when it never will.
 * Stateless singletons; the proxy module adds its own.
 *
 * <p>A dispatch is a user message (the default: a task, an invoke, a call) or one of the library's
 * own: those never wait for room in a {@code BOUNDED} mailbox and are not counted against its
 * capacity ({@link #exempt}); bookkeeping ones are also not counted as tasks that ran
 * ({@link #bookkeeping}).
 */
public abstract class Dispatch {
    /** The library's own message: never waits for room, never counted against a bounded capacity. */
    final boolean exempt;
    /** Internal upkeep (timer insertion and removal): not a task, callback or delayed task that ran. */
    final boolean bookkeeping;

    /** A user message: it counts against a bounded mailbox's capacity. */
    protected Dispatch() {
        this(false, false);
    }

    /** {@code exempt}: the library's own message (e.g. a proxy's close), which never waits for room. */
    protected Dispatch(boolean exempt) {
        this(exempt, false);
    }

    Dispatch(boolean exempt, boolean bookkeeping) {
        // A mailbox slot holds either an op or a plain task's Runnable, told apart by type (SlotMailbox):
        // an op that were also a Runnable would be ambiguous, so none may be.
        if (this instanceof Runnable) throw new IllegalStateException("a Dispatch must not be a Runnable: " + getClass());
        this.exempt = exempt || bookkeeping;
        this.bookkeeping = bookkeeping;
    }

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

    /**
     * What runs, for stall reports and task events: the task's class by default. Called on the
     * watchdog thread with the message's fields as last read there: it must only look at classes (no
     * user code, no fields of user objects), and may see a message the loop has moved on from.
     */
    protected String describe(Object fn, Object a) {
        return typeName(fn);
    }

    /** {@code o}'s class name, without the hidden-class suffix of a lambda; for {@link #describe}. */
    protected static String typeName(Object o) {
        return Watch.typeName(o);
    }
}
