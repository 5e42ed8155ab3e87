package dev.loopcore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@link RefCounted} with an atomic count; {@link #deallocate()} runs exactly once, on the thread
 * whose {@link #release()} brought the count to zero.
 *
 * <p>Threading: {@link #retain()} and {@link #release()} from any thread; the count is updated with
 * compare-and-set, so the release that frees the object happens-after every earlier release.
 */
public abstract class AbstractRefCounted implements RefCounted {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(AbstractRefCounted.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through COUNT
    private volatile int count = 1;

    protected AbstractRefCounted() {
    }

    /** Frees what the object holds; called once, when the count reaches zero. */
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
                    deallocate();
                    return true;
                }
                return false;
            }
        }
    }
}
