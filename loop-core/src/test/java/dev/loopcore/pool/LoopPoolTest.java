package dev.loopcore.pool;

import dev.loopcore.DeadlockException;
import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Contracts 1, 3, 5 and 9 for pooled loops (issue 5). */
class LoopPoolTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private final List<LoopPool> pools = new ArrayList<>();

    private LoopPool pool(int threads) {
        LoopPool p = LoopPool.create("pool" + pools.size(), threads);
        pools.add(p);
        return p;
    }

    @AfterEach
    void closePools() throws InterruptedException {
        for (LoopPool p : pools) {
            p.close();
            assertTrue(p.awaitTermination(BOUND), "pool did not terminate");
        }
    }

    @Test
    void aPooledLoopNeverRunsOnTwoThreadsAtOnce() throws Exception {
        LoopPool pool = pool(2);
        MessageLoop a = pool.newLoop("a");
        MessageLoop b = pool.newLoop("b");
        int tasks = 200_000;
        AtomicBoolean inA = new AtomicBoolean();
        AtomicBoolean inB = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2 * tasks);
        Thread[] producers = new Thread[2];
        for (int p = 0; p < 2; p++) {
            producers[p] = new Thread(() -> {
                for (int i = 0; i < tasks; i++) {
                    a.post(() -> guarded(inA, overlaps, done));
                    b.post(() -> guarded(inB, overlaps, done));
                }
            });
            producers[p].start();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "tasks left: " + done.getCount());
        for (Thread t : producers) t.join(BOUND.toMillis());
        assertEquals(0, overlaps.get(), "a loop ran on two threads at once");
    }

    private static void guarded(AtomicBoolean in, AtomicInteger overlaps, CountDownLatch done) {
        if (!in.compareAndSet(false, true)) overlaps.incrementAndGet();
        for (int i = 0; i < 10; i++) Thread.onSpinWait();
        in.set(false);
        done.countDown();
    }

    /** Plain fields: each task sees the previous task's write, whichever pool thread ran it. */
    static final class PlainCounter {
        long value;
        long mismatches;
        final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    @Test
    void everythingATaskWroteIsVisibleToTheNextAcrossMigrations() throws Exception {
        LoopPool pool = pool(2);
        MessageLoop loop = pool.newLoop("migrating");
        MessageLoop other = pool.newLoop("other");
        PlainCounter c = new PlainCounter();
        int n = 100_000;
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            long expected = i;
            loop.post(() -> {
                if (c.value != expected) c.mismatches++;
                c.value = expected + 1;
                c.threads.add(Thread.currentThread());
            });
            if (i % 64 == 0) other.post(() -> { for (int k = 0; k < 100; k++) Thread.onSpinWait(); });
        }
        loop.post(done::countDown);
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(0, loop.call(() -> c.mismatches).await(BOUND));
        assertEquals(n, loop.call(() -> c.value).await(BOUND));
    }

    @Test
    void aLoopAwaitingAnotherLoopOfAOneThreadPoolCompletes() {
        LoopPool pool = pool(1);
        MessageLoop a = pool.newLoop("A");
        MessageLoop b = pool.newLoop("B");
        Integer v = assertTimeoutPreemptively(BOUND, () ->
                a.call(() -> b.call(() -> 41 + 1).await()).await(BOUND));
        assertEquals(42, v);
    }

    @Test
    void aSyncCallBackIntoTheWaitingLoopCompletesOnAOneThreadPool() {
        LoopPool pool = pool(1);
        MessageLoop a = pool.newLoop("A");
        MessageLoop b = pool.newLoop("B");
        String v = assertTimeoutPreemptively(BOUND, () ->
                a.call(() -> b.call(() -> a.call(() -> MessageLoop.current().name()).await()).await()).await(BOUND));
        assertEquals("A", v);
    }

    @Test
    void unrelatedWorkOnAOneThreadPoolDoesNotStarveAnAwait() {
        LoopPool pool = pool(1);
        MessageLoop a = pool.newLoop("A");
        MessageLoop b = pool.newLoop("B");
        MessageLoop c = pool.newLoop("C");
        // B's answer depends on C running a task posted (not awaited) by B's call.
        Integer v = assertTimeoutPreemptively(BOUND, () -> a.call(() -> {
            Reply<Integer> r = b.call(() -> {
                CountDownLatch ranOnC = new CountDownLatch(1);
                c.post(ranOnC::countDown);
                return c.call(() -> 7).await();
            });
            return r.await();
        }).await(BOUND));
        assertEquals(7, v);
    }

    @Test
    void loopsAwaitingEachOtherOnAPoolThrowDeadlockInsteadOfHanging() {
        LoopPool pool = pool(2);
        MessageLoop a = pool.newLoop("A");
        MessageLoop b = pool.newLoop("B");
        CountDownLatch bothStarted = new CountDownLatch(2);
        AtomicReference<Throwable> fromA = new AtomicReference<>();
        AtomicReference<Throwable> fromB = new AtomicReference<>();
        assertTimeoutPreemptively(BOUND, () -> {
            Reply<Object> ra = a.call(() -> {
                bothStarted.countDown();
                await(bothStarted);
                try {
                    return b.call(() -> "b").await(BOUND);
                } catch (RuntimeException e) {
                    fromA.set(e);
                    return null;
                }
            });
            Reply<Object> rb = b.call(() -> {
                bothStarted.countDown();
                await(bothStarted);
                try {
                    return a.call(() -> "a").await(BOUND);
                } catch (RuntimeException e) {
                    fromB.set(e);
                    return null;
                }
            });
            ra.await(BOUND);
            rb.await(BOUND);
        });
        // Both tasks started before either awaited, so neither call is caused by the other: a real cycle.
        assertTrue(fromA.get() instanceof DeadlockException || fromB.get() instanceof DeadlockException,
                "expected a DeadlockException, got " + fromA.get() + " / " + fromB.get());
    }

    private static void await(CountDownLatch l) {
        try {
            assertTrue(l.await(BOUND.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBusyLoopYieldsItsThreadToOtherLoops() throws Exception {
        LoopPool pool = pool(1);
        MessageLoop busy = pool.newLoop("busy");
        MessageLoop quiet = pool.newLoop("quiet");
        AtomicBoolean stop = new AtomicBoolean();
        Runnable[] spin = new Runnable[1];
        spin[0] = () -> {
            if (!stop.get()) busy.post(spin[0]);
        };
        busy.post(spin[0]);
        CountDownLatch quietRan = new CountDownLatch(1);
        quiet.post(quietRan::countDown);
        boolean ran = quietRan.await(20, TimeUnit.SECONDS);
        stop.set(true);
        assertTrue(ran, "a self-posting loop kept the only pool thread");
    }

    @Test
    void currentIsThePooledLoopOnPoolThreadsAndInsideNestedAwaits() throws Exception {
        LoopPool pool = pool(2);
        MessageLoop a = pool.newLoop("A");
        MessageLoop b = pool.newLoop("B");
        String seen = a.call(() -> {
            String before = MessageLoop.current().name();
            String inB = b.call(() -> MessageLoop.current().name() + (b.isCurrent() && !a.isCurrent())).await();
            String after = MessageLoop.current().name();
            return before + "," + inB + "," + after + "," + a.isCurrent();
        }).await(BOUND);
        assertEquals("A,Btrue,A,true", seen);
        assertNull(MessageLoop.current());
    }

    @Test
    void closingThePoolRunsAcceptedTasksAndTerminatesEveryLoop() throws Exception {
        LoopPool pool = LoopPool.create("closing", 2);
        List<MessageLoop> loops = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            MessageLoop l = pool.newLoop("l" + i);
            loops.add(l);
            for (int k = 0; k < 10; k++) assertTrue(l.post(ran::incrementAndGet));
        }
        pool.close();
        assertTrue(pool.awaitTermination(BOUND));
        assertEquals(1000, ran.get());
        for (MessageLoop l : loops) {
            assertTrue(l.isClosed());
            assertTrue(l.awaitTermination(Duration.ZERO));
            assertFalse(l.post(() -> { }));
        }
        assertThrows(IllegalStateException.class, () -> pool.newLoop("late"));
    }

    @Test
    void delayedTasksOnPooledLoopsRunOnTheirLoop() throws Exception {
        LoopPool pool = pool(1);
        MessageLoop l = pool.newLoop("timed");
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean onLoop = new AtomicBoolean();
        long t0 = System.nanoTime();
        l.postDelayed(() -> {
            onLoop.set(l.isCurrent());
            ran.countDown();
        }, Duration.ofMillis(30));
        assertTrue(ran.await(20, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 >= 30_000_000L);
        assertTrue(onLoop.get());
    }

    @Test
    void badArgumentsAreRejectedOnTheCallersThread() {
        assertEquals("name", assertThrows(NullPointerException.class, () -> LoopPool.create(null, 1)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoopPool.create("p", 0));
        assertTrue(e.getMessage().contains("threads"));
        LoopPool pool = pool(1);
        assertEquals("name", assertThrows(NullPointerException.class, () -> pool.newLoop(null)).getMessage());
    }
}
