package dev.loopcore;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** Contracts 5 (identity) and 6 (delayed tasks), and the idle strategy's parking. */
class TimersAndIdentityTest extends LoopTestSupport {

    @Test
    void currentIsCheckedOnTheLoopOtherThreadsAndDrivenLoops() {
        MessageLoop loop = loop("id");
        assertNull(MessageLoop.current());
        assertFalse(loop.isCurrent());
        WrongLoopException e = assertThrows(WrongLoopException.class, loop::checkCurrent);
        assertTrue(e.getMessage().contains("id"));
        assertTrue(loop.call(() -> MessageLoop.current() == loop && loop.isCurrent()).await(BOUND));
        loop.call(() -> {
            loop.checkCurrent();
            return null;
        }).await(BOUND);
        DrivenLoop driven = track(MessageLoop.driven("driven"));
        AtomicBoolean seen = new AtomicBoolean();
        driven.post(() -> seen.set(MessageLoop.current() == driven && driven.isCurrent()));
        assertEquals(1, driven.runPending());
        assertTrue(seen.get());
        assertNull(MessageLoop.current());
    }

    @Test
    void aDrivenLoopCanOnlyBeRunByItsCreatingThread() throws Exception {
        DrivenLoop driven = track(MessageLoop.driven("owned"));
        AtomicBoolean threw = new AtomicBoolean();
        Thread other = new Thread(() -> {
            try {
                driven.runPending();
            } catch (WrongLoopException expected) {
                threw.set(true);
            }
        });
        other.start();
        other.join(BOUND.toMillis());
        assertTrue(threw.get());
    }

    @Test
    void aDrivenLoopRunsUntilClosedOnItsThread() {
        MessageLoop helper = loop("helper");
        AtomicInteger ran = new AtomicInteger();
        assertTimeoutPreemptively(BOUND, () -> {
            DrivenLoop driven = MessageLoop.driven("until-closed"); // created and run by this thread
            for (int i = 0; i < 5; i++) helper.post(() -> driven.post(ran::incrementAndGet));
            helper.post(() -> driven.post(driven::close));
            driven.runUntilClosed();
            assertTrue(driven.awaitTermination(Duration.ZERO));
        });
        assertEquals(5, ran.get());
    }

    @Test
    void aDelayedTaskRunsNoEarlierThanItsDelayOnItsLoop() {
        MessageLoop loop = loop("delayed");
        CountDownLatch ran = new CountDownLatch(1);
        AtomicLong at = new AtomicLong();
        AtomicBoolean onLoop = new AtomicBoolean();
        long t0 = System.nanoTime();
        loop.postDelayed(() -> {
            at.set(System.nanoTime());
            onLoop.set(loop.isCurrent());
            ran.countDown();
        }, Duration.ofMillis(50));
        await(ran);
        assertTrue(at.get() - t0 >= 50_000_000L, "ran after " + (at.get() - t0) + " ns");
        assertTrue(onLoop.get());
    }

    @Test
    void aCancelledDelayedTaskNeverRunsAndIsNotReferencedAnyMore() {
        MessageLoop loop = loop("cancel");
        AtomicInteger ran = new AtomicInteger();
        Runnable task = ran::incrementAndGet;
        WeakReference<Runnable> ref = new WeakReference<>(task);
        Cancellable c = loop.postDelayed(task, Duration.ofMillis(200));
        task = null;
        assertTrue(c.cancel());
        assertFalse(c.cancel());
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            loop.call(() -> 0).await(BOUND);
        }
        assertNull(ref.get(), "the cancelled task is still reachable");
        CountDownLatch later = new CountDownLatch(1);
        loop.postDelayed(later::countDown, Duration.ofMillis(300));
        await(later);
        assertEquals(0, ran.get());
    }

    @Test
    void aRepeatingTaskRunsWithAFixedDelayUntilCancelled() {
        MessageLoop loop = loop("repeating");
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        Cancellable c = loop.postRepeating(() -> {
            runs.incrementAndGet();
            three.countDown();
        }, Duration.ZERO, Duration.ofMillis(5));
        await(three);
        assertTrue(c.cancel());
        int after = loop.call(runs::get).await(BOUND);
        CountDownLatch later = new CountDownLatch(1);
        loop.postDelayed(later::countDown, Duration.ofMillis(50));
        await(later);
        assertEquals(after, runs.get(), "ran after cancel");
    }

    @Test
    void anIdleLoopParksAndAPostWakesIt() throws Exception {
        MessageLoop loop = loop("idle");
        Thread[] thread = new Thread[1];
        loop.call(() -> thread[0] = Thread.currentThread()).await(BOUND);
        eventually(() -> thread[0].getState() == Thread.State.WAITING, "the idle loop parks");
        CountDownLatch woke = new CountDownLatch(1);
        loop.post(woke::countDown);
        await(woke);
    }
}
