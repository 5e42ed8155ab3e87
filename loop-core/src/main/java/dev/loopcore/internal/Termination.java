package dev.loopcore.internal;

import java.time.Duration;

/**
 * The end of a loop (contract 3): the consumer finishes ({@link LoopRunner#terminate}: accepted
 * messages run, delayed tasks cancelled, close hooks run), stops being watched, then sets
 * {@code terminated} and wakes {@code awaitTermination} callers.
 *
 * <p>Why a monitor: termination happens once per loop and waiting for it is a cold path; the
 * monitor only carries that one notification (no per-loop latch object, so an idle pooled loop stays
 * small). Threading: {@link #finish} on the thread running the loop, once; {@link #await} any thread.
 */
final class Termination {
    private Termination() {
    }

    static void finish(LoopCore loop, LoopContext ctx) {
        loop.runner.terminate(ctx);
        Watch w = loop.runner.watch;
        if (w != null) Watchdog.unwatch(w);
        synchronized (loop) {
            loop.terminated = true;
            loop.notifyAll();
        }
        loop.afterTermination();
    }

    static boolean await(LoopCore loop, Duration timeout) throws InterruptedException {
        long deadline = Wait.deadline(timeout);
        synchronized (loop) {
            while (!loop.terminated) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                loop.wait(Math.max(1, left / 1_000_000), 0);
            }
        }
        return true;
    }
}
