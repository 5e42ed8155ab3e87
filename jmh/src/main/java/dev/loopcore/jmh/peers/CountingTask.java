package dev.loopcore.jmh.peers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The preallocated task every peer runs: the consumer counts it with a release store (one writer at a
 * time), the producer waits for the count with acquire loads. Waits are bounded so a broken peer
 * fails the benchmark instead of hanging it.
 */
public final class CountingTask implements Runnable {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(CountingTask.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long count;

    @Override
    public void run() {
        COUNT.setRelease(this, count + 1);
    }

    public long count() {
        return (long) COUNT.getAcquire(this);
    }

    public void awaitCount(long target) {
        long deadline = 0;
        int spins = 0;
        while (count() < target) {
            Thread.onSpinWait();
            if (++spins == 1 << 20) {
                spins = 0;
                long now = System.nanoTime();
                if (deadline == 0) deadline = now + 30_000_000_000L;
                else if (now > deadline) throw new IllegalStateException("peer did not run the tasks: " + count() + " < " + target);
            }
        }
    }
}
