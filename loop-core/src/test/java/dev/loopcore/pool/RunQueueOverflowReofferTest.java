package dev.loopcore.pool;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review finding (2026-12-02): with more loops ready than the pool's run-queue ring holds (4,096), a loop
 * that an await ran directly and that was then posted to again was appended to the overflow list a
 * second time, and the loops queued behind its first entry were lost: their tasks never ran and the
 * pool never finished closing. Contracts 1-3 (an accepted post runs; close completes).
 */
class RunQueueOverflowReofferTest {

    @Test
    void loopsQueuedBehindAReofferedLoopInTheOverflowStillRun() throws Exception {
        LoopPool pool = LoopPool.create("reoffer", 1);
        try {
            MessageLoop a = pool.newLoop("a");
            MessageLoop x = pool.newLoop("x"), n = pool.newLoop("n"), t = pool.newLoop("t"), w = pool.newLoop("w");
            List<MessageLoop> fillers = new ArrayList<>();
            for (int i = 0; i < 4_200; i++) fillers.add(pool.newLoop("f" + i));
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            AtomicBoolean nRan = new AtomicBoolean(), tRan = new AtomicBoolean(), wRan = new AtomicBoolean();
            // Hold the only pool thread so that everything below queues up behind it.
            MessageLoop holder = pool.newLoop("holder");
            holder.post(() -> {
                blocked.countDown();
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocked.await(30, TimeUnit.SECONDS));
            // A first, so the ring holds it; then the fillers fill the ring; x, n, t overflow in that order.
            a.post(() -> {
                x.call(() -> 1).await(); // runs x directly on this thread: x's overflow entry goes stale
                x.post(() -> { });        // x queued again while its first entry is still in the overflow
                w.post(() -> wRan.set(true)); // another append behind it
            });
            for (MessageLoop f : fillers) f.post(() -> { });
            x.post(() -> { });
            n.post(() -> nRan.set(true));
            t.post(() -> tRan.set(true));
            gate.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(nRan.get() && tRan.get() && wRan.get()) && System.nanoTime() < deadline) Thread.onSpinWait();
            assertTrue(nRan.get() && tRan.get() && wRan.get(),
                    "ran: n=" + nRan.get() + " t=" + tRan.get() + " w=" + wRan.get());
        } finally {
            pool.close();
            assertTrue(pool.awaitTermination(Duration.ofSeconds(30)), "the pool finished closing");
        }
    }
}
