package dev.loopcore.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The end of a loop (contract 3): the consumer finishes ({@link LoopRunner#terminate}: accepted
 * messages run, delayed tasks cancelled, close hooks run), stops being watched, then sets
 * {@code terminated} and wakes {@code awaitTermination} callers.
 *
 * <p>How waiters are woken: termination happens once per loop and waiting for it is a cold path, so
 * there is no per-loop latch (an idle pooled loop stays small) but one shared queue of waiting threads.
 * A waiter enqueues itself, then reads {@code terminated}; the finishing thread writes
 * {@code terminated}, then reads the queue and unparks the waiters on its loop. Both are volatile
 * accesses, so at least one side sees the other (Dekker): no waiter parks past the end. Waiters park
 * with {@link LockSupport} rather than on a monitor, so a virtual thread that waits unmounts instead of
 * pinning its carrier (JDK 21-23).
 *
 * <p>Threading: {@link #finish} on the thread running the loop, once; {@link #await} any thread.
 */
final class Termination {
    private static final ConcurrentLinkedQueue<Waiter> WAITERS = new ConcurrentLinkedQueue<>();

    private static final class Waiter {
        final LoopCore loop;
        final Thread thread = Thread.currentThread();

        Waiter(LoopCore loop) {
            this.loop = loop;
        }
    }

    private Termination() {
    }

    static void finish(LoopCore loop, LoopContext ctx) {
        loop.runner.terminate(ctx);
        Watch w = loop.runner.watch;
        if (w != null) Watchdog.unwatch(w);
        loop.terminated = true;
        if (!WAITERS.isEmpty()) {
            for (Waiter waiter : WAITERS) {
                if (waiter.loop == loop) LockSupport.unpark(waiter.thread);
            }
        }
        loop.afterTermination();
    }

    static boolean await(LoopCore loop, Duration timeout) throws InterruptedException {
        if (loop.terminated) return true;
        long deadline = Wait.deadline(timeout);
        Waiter w = new Waiter(loop); // deliberate: cold path
        WAITERS.add(w);
        try {
            while (!loop.terminated) {
                if (Thread.interrupted()) throw new InterruptedException();
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                LockSupport.parkNanos(loop, left);
            }
            return true;
        } finally {
            WAITERS.remove(w);
        }
    }
}
