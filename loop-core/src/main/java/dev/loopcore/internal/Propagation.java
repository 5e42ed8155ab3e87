package dev.loopcore.internal;

import dev.loopcore.ContextPropagator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The installed {@link ContextPropagator} (issue 15 point 5) and the context one hop carries.
 *
 * <p>Invariant: a message posted while a propagator was installed and whose capture was not null
 * runs wrapped: its Dispatch is {@link Ops#CARRIED} and its fn a {@code Propagation} holding the
 * posted Dispatch, the posted fn, the propagator and what it captured; {@link Ops#CARRIED} puts the
 * posted Dispatch and fn back into the message before it runs them, so everything downstream (the
 * proxy module's look at the running message, stall reports) sees the message as posted. Delayed
 * tasks carry it as their Runnable, reply callbacks in their {@link ReplyNode.Callback}.
 *
 * <p>Threading: {@code installed} is written by {@link #install} with a release store and read on
 * every post with an acquire load (on x86 and AArch64 a plain load), so a propagator's own fields are
 * visible to a post that sees it. A {@code Propagation} is immutable and published by the message
 * that carries it.
 */
public final class Propagation implements Runnable {
    private static final VarHandle INSTALLED;

    static {
        try {
            INSTALLED = MethodHandles.lookup().findStaticVarHandle(Propagation.class, "installed", ContextPropagator.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static ContextPropagator<?> installed;

    /** The posted Dispatch, or null for a delayed task's Runnable. */
    final Dispatch op;
    final Object fn;
    private final ContextPropagator<Object> propagator;
    private final Object captured;

    private Propagation(Dispatch op, Object fn, ContextPropagator<Object> propagator, Object captured) {
        this.op = op;
        this.fn = fn;
        this.propagator = propagator;
        this.captured = captured;
    }

    public static void install(ContextPropagator<?> p) {
        INSTALLED.setRelease(p);
    }

    /**
     * On the posting thread: what the installed propagator captures now, wrapped; null if none is
     * installed (one acquire load: the post path's only cost then) or it captures nothing.
     */
    @SuppressWarnings("unchecked")
    static Propagation capture(Dispatch op, Object fn) {
        ContextPropagator<Object> p = (ContextPropagator<Object>) INSTALLED.getAcquire();
        if (p == null) return null;
        Object c = p.capture();
        return c == null ? null : new Propagation(op, fn, p, c); // deliberate: a propagator is installed
    }

    /** On the running thread: makes the carried context current until the scope is closed. */
    ContextPropagator.Scope restore() {
        return propagator.restore(captured);
    }

    /** A delayed task carried with its context: runs it inside the restored context. */
    @Override
    public void run() {
        try (ContextPropagator.Scope s = restore()) {
            ((Runnable) fn).run();
        }
    }

    /** What a report should name: the carried fn, not this wrapper. */
    static Object unwrap(Object o) {
        return o instanceof Propagation ? ((Propagation) o).fn : o;
    }
}
