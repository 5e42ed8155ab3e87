package dev.loopcore;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 9: waits that would close a cycle throw {@link DeadlockException} instead of hanging. */
class DeadlockTest extends LoopTestSupport {

    /** A task of {@code from} that, once {@code ready} opens, awaits a call to {@code to}. */
    private static Reply<Throwable> waitOn(MessageLoop from, MessageLoop to, CountDownLatch started, CountDownLatch ready) {
        return from.call(() -> {
            started.countDown();
            await(ready);
            try {
                to.call(() -> 0).await(BOUND);
                return null;
            } catch (DeadlockException e) {
                return e;
            }
        });
    }

    @Test
    void twoLoopsAwaitingEachOtherThrowNamingTheCycleInWaitForOrder() {
        MessageLoop a = loop("A");
        MessageLoop b = loop("B");
        CountDownLatch bothStarted = new CountDownLatch(2);
        assertTimeoutPreemptively(BOUND, () -> {
            Reply<Throwable> ra = waitOn(a, b, bothStarted, bothStarted);
            Reply<Throwable> rb = waitOn(b, a, bothStarted, bothStarted);
            Throwable ea = ra.await(BOUND);
            Throwable eb = rb.await(BOUND);
            assertTrue(ea != null ^ eb != null, "exactly one wait throws; the other then completes: " + ea + " / " + eb);
            Throwable e = ea != null ? ea : eb;
            String expected = ea != null ? "A -> B -> A" : "B -> A -> B"; // the waiter is named first
            assertTrue(e.getMessage().endsWith(expected), e.getMessage());
        });
    }

    @Test
    void aThreeLoopCycleIsDetected() {
        MessageLoop a = loop("A");
        MessageLoop b = loop("B");
        MessageLoop c = loop("C");
        CountDownLatch allStarted = new CountDownLatch(3);
        AtomicReference<String> message = new AtomicReference<>();
        assertTimeoutPreemptively(BOUND, () -> {
            Reply<Throwable> ra = waitOn(a, b, allStarted, allStarted);
            Reply<Throwable> rb = waitOn(b, c, allStarted, allStarted);
            Reply<Throwable> rc = waitOn(c, a, allStarted, allStarted);
            int thrown = 0;
            for (Reply<Throwable> r : java.util.List.of(ra, rb, rc)) {
                Throwable t = r.await(BOUND);
                if (t != null) {
                    thrown++;
                    message.set(t.getMessage());
                }
            }
            assertTrue(thrown >= 1, "no wait threw");
        });
        String m = message.get();
        assertTrue(m.matches(".*(A -> B -> C -> A|B -> C -> A -> B|C -> A -> B -> C)"), m);
    }

    @Test
    void twoLoopsStartingToWaitOnEachOtherAtTheSameInstantNeverHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 300; i++) {
                MessageLoop a = loop("A" + i);
                MessageLoop b = loop("B" + i);
                CountDownLatch started = new CountDownLatch(2);
                Reply<Throwable> ra = waitOn(a, b, started, started);
                Reply<Throwable> rb = waitOn(b, a, started, started);
                Throwable ea = ra.await(BOUND);
                Throwable eb = rb.await(BOUND);
                // both tasks had started before either awaited: the waits overlap, so one must throw
                assertTrue(ea != null || eb != null, "iteration " + i + ": neither threw");
                a.close();
                b.close();
            }
        });
    }
}
