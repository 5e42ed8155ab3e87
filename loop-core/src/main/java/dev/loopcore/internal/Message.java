package dev.loopcore.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One posted task: what to run ({@link #op} applied to {@link #fn} and up to four arguments), the
 * reply it completes, and the call chain it belongs to. Pooled: a message is taken from the posting
 * thread's {@link LoopContext} cache and returned to the running thread's cache after it ran, so a
 * steady-state post allocates nothing. A {@link SlotMailbox} copies a slot's fields into a message
 * of the consuming thread's cache; a {@link LinkedMailbox} links the posting thread's messages.
 *
 * <p>Threading: owned by one thread at a time; ownership passes through the mailbox (release/acquire)
 * or through the shared pool queue.
 */
public final class Message {
    static final int PENDING = 0;
    static final int ACCEPTED = 1;
    static final int REJECTED = 2;

    private static final VarHandle FATE;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FATE = l.findVarHandle(Message.class, "fate", int.class);
            NEXT = l.findVarHandle(Message.class, "next", Message.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public Dispatch op;
    public Object fn;
    public Object a;
    public Object b;
    public Object c;
    public Object d;
    public ReplyImpl<?> reply;
    /** The call chain the message belongs to (the reply of the call that caused it), or null. */
    ReplyImpl<?> chain;
    /** Free list, deferred list, or the intrusive mailbox of a pooled loop. */
    Message next;
    private int fate;

    Message() {
    }

    void set(Dispatch op, Object fn, Object a, Object b, Object c, Object d, ReplyImpl<?> reply, ReplyImpl<?> chain) {
        this.op = op;
        this.fn = fn;
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        this.reply = reply;
        this.chain = chain;
    }

    void copyFrom(Message m) {
        set(m.op, m.fn, m.a, m.b, m.c, m.d, m.reply, m.chain);
    }

    /** Drops every reference, so a pooled message keeps nothing alive. */
    void clear() {
        set(null, null, null, null, null, null, null, null);
        fate = PENDING;
    }

    void spFate(int f) {
        fate = f;
    }

    void soFate(int f) {
        FATE.setRelease(this, f);
    }

    int laFate() {
        return (int) FATE.getAcquire(this);
    }

    /** Waits out the few instructions between a producer's offer and its fate stamp. */
    int awaitFate() {
        int f;
        while ((f = laFate()) == PENDING) {
            Thread.onSpinWait();
        }
        return f;
    }

    void soNext(Message m) {
        NEXT.setRelease(this, m);
    }

    Message laNext() {
        return (Message) NEXT.getAcquire(this);
    }
}
