package dev.loopcore.internal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The one way loopcore waits: deadlines as {@code System.nanoTime()} values (0: none), a back-off
 * ladder for waits whose end nobody signals (a full mailbox, a producer between its index claim and
 * its publication), and a park that honours a deadline. Waiters that someone does signal (an idle
 * loop, an awaiting thread) spin with {@link Thread#onSpinWait()} for a bounded count first and then
 * {@link #park}; the signaller unparks them after a Dekker-style announce/re-check (see the callers).
 *
 * <p>Threading: stateless; any thread.
 */
final class Wait {
    /** Spins before a signalled waiter parks, when nothing better is known (plain-thread awaits). */
    static final int SPINS = 2_000;

    private Wait() {
    }

    /** An absolute deadline {@code timeout} from now, never 0 (0 means "none"); saturates. */
    static long deadline(Duration timeout) {
        return deadlineFrom(System.nanoTime(), timeout);
    }

    /** An absolute deadline {@code timeout} after {@code now} on some clock, never 0; saturates. */
    static long deadlineFrom(long now, Duration timeout) {
        long nanos = Math.max(0L, Math.min(Long.MAX_VALUE / 4, nanos(timeout)));
        long d = now + nanos;
        return d == 0L ? 1L : d; // 0 means none
    }

    /** {@code d} in nanoseconds, saturated instead of overflowing. */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** True if {@code deadline} is set and has passed. */
    static boolean passed(long deadline) {
        return deadline != 0L && deadline - System.nanoTime() <= 0;
    }

    /** The earlier of two deadlines (0: none). */
    static long earlier(long a, long b) {
        if (a == 0L) return b;
        if (b == 0L) return a;
        return a - b <= 0 ? a : b;
    }

    /**
     * Parks until unparked, spuriously woken, or {@code deadline} (0: none). A pending interrupt would
     * make every park return at once (a loop would spin): it is cleared first and remembered in the
     * thread's context, and {@link #restoreInterrupt} sets it again when the library's wait ends.
     */
    static void park(Object blocker, long deadline) {
        if (Thread.interrupted()) LoopContext.current().interrupted = true;
        if (deadline == 0L) {
            LockSupport.park(blocker);
        } else {
            long left = deadline - System.nanoTime();
            if (left > 0) LockSupport.parkNanos(blocker, left);
        }
    }

    /** A wait of the library ends: give the caller back the interrupt that {@link #park} cleared. */
    static void restoreInterrupt(LoopContext ctx) {
        if (ctx.interrupted) {
            ctx.interrupted = false;
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One step of an unsignalled wait, {@code attempt} counting from 0: spin, then yield, then park for
     * growing intervals of up to 1 ms.
     */
    static void backOff(int attempt) {
        if (attempt < 100) {
            Thread.onSpinWait();
        } else if (attempt < 200) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(1_000_000L, 1_000L << Math.min(10, (attempt - 200) / 8)));
        }
    }
}
