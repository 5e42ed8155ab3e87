package dev.loopcore;

import dev.loopcore.internal.Checks;
import dev.loopcore.internal.LeakDetector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@link RefCounted} with an atomic count; {@link #deallocate()} runs exactly once per life, on the
 * thread whose {@link #release()} brought the count to zero.
 *
 * <p>Threading: {@link #retain()} and {@link #release()} from any thread; the count moves by
 * compare-and-set, so the release that frees the object happens-after every earlier release. With
 * checks on ({@code -Ddev.loopcore.checks=true} or {@code -ea}), a sample of instances is tracked and
 * reported through {@link System.Logger} {@code dev.loopcore} if it becomes unreachable unreleased,
 * with where it was created and last handed off; with checks off, tracking costs nothing. Checks on
 * also start a daemon {@link java.lang.ref.Cleaner} thread ({@code loopcore-leak-detector}) on first use,
 * and one in {@code dev.loopcore.leakSampling} objects (default 64, chosen at random) carries a tracker
 * with two captured stack traces.
 */
public abstract class AbstractRefCounted implements RefCounted {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(AbstractRefCounted.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        // The loop records hand-offs through the detector without this class exporting its tracker.
        LeakDetector.setTrackerAccess(o -> o instanceof AbstractRefCounted ? ((AbstractRefCounted) o).tracker : null);
    }

    @SuppressWarnings("unused") // accessed through COUNT
    private volatile int count = 1;
    private final LeakDetector.Tracker tracker;

    /** Creates the object with a count of 1, owned by the caller; with checks on, maybe tracked for leaks. */
    protected AbstractRefCounted() {
        tracker = Checks.ENABLED ? LeakDetector.track(this) : null;
    }

    /** Frees what the object holds (or returns it to a pool); called once per life, when the count reaches zero. */
    protected abstract void deallocate();

    @Override
    public final int refCount() {
        return (int) COUNT.getVolatile(this);
    }

    @Override
    public RefCounted retain() {
        for (;;) {
            int c = (int) COUNT.getVolatile(this);
            if (c <= 0) throw new IllegalReferenceCountException("retain() after deallocation: " + this);
            if (COUNT.compareAndSet(this, c, c + 1)) return this;
        }
    }

    @Override
    public boolean release() {
        for (;;) {
            int c = (int) COUNT.getVolatile(this);
            if (c <= 0) throw new IllegalReferenceCountException("release() past zero: " + this);
            if (COUNT.compareAndSet(this, c, c - 1)) {
                if (c == 1) {
                    if (tracker != null) tracker.released();
                    deallocate();
                    return true;
                }
                return false;
            }
        }
    }

    /**
     * For pools: gives a deallocated object a new life with a count of 1. Throws
     * {@link IllegalReferenceCountException} unless the count is zero.
     */
    protected final void revive() {
        if (!COUNT.compareAndSet(this, 0, 1)) {
            throw new IllegalReferenceCountException("revive() of a live object: " + this);
        }
        if (tracker != null) tracker.revived();
    }
}
