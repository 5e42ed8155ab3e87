package dev.loopcore;

import dev.loopcore.internal.LeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 12: reference-count handoff of message arguments, and leak reports. */
class RefCountHandoffTest extends LoopTestSupport {

    static final class Counted extends AbstractRefCounted {
        final AtomicInteger deallocations = new AtomicInteger();

        @Override
        protected void deallocate() {
            deallocations.incrementAndGet();
        }
    }

    @AfterEach
    void noListener() {
        LeakDetector.setListener(null);
    }

    @Test
    void anArgumentIsReleasedOnceAfterTheHandlerReturns() {
        MessageLoop loop = loop("handoff");
        Counted c = new Counted();
        AtomicInteger countInHandler = new AtomicInteger(-1);
        loop.post(x -> countInHandler.set(x.refCount()), c);
        loop.call(() -> 0).await(BOUND);
        assertEquals(1, countInHandler.get(), "the message owned the one reference while the handler ran");
        assertEquals(1, c.deallocations.get());
        assertEquals(0, c.refCount());
    }

    @Test
    void aHandlerThatRetainsKeepsItAliveUntilItReleases() {
        MessageLoop loop = loop("keep");
        Counted c = new Counted();
        AtomicReference<Counted> kept = new AtomicReference<>();
        loop.post(x -> kept.set((Counted) x.retain()), c);
        loop.call(() -> 0).await(BOUND);
        assertEquals(0, c.deallocations.get());
        assertEquals(1, c.refCount());
        assertTrue(kept.get().release());
        assertEquals(1, c.deallocations.get());
    }

    @Test
    void aPostRejectedAfterCloseReleasesItsArgumentsOnce() throws Exception {
        MessageLoop loop = loop("closed");
        loop.close();
        assertTrue(loop.awaitTermination(BOUND));
        Counted a = new Counted();
        Counted b = new Counted();
        Counted c = new Counted();
        assertFalse(loop.post((x, y, z) -> fail("ran"), a, b, c));
        assertEquals(1, a.deallocations.get());
        assertEquals(1, b.deallocations.get());
        assertEquals(1, c.deallocations.get());
        Counted call = new Counted();
        Reply<Integer> r = loop.call(() -> call.refCount());
        assertThrows(RejectedCallException.class, () -> r.await(BOUND));
        assertEquals(0, call.deallocations.get(), "a call's supplier is not an argument");
        call.release();
    }

    @Test
    void aReplyValueIsReleasedOnceWhenItsCallbackIsDroppedAndTheReplyIsUnreachable() throws Exception {
        MessageLoop target = loop("target");
        MessageLoop closed = loop("closed-callbacks");
        closed.close();
        assertTrue(closed.awaitTermination(BOUND));
        Counted value = new Counted();
        AtomicInteger ran = new AtomicInteger();
        dropCallbackOf(target, closed, value, ran);
        target.call(() -> 0).await(BOUND);
        eventually(() -> {
            System.gc();
            return value.deallocations.get() == 1;
        }, "the reply's own reference is released once the reply is unreachable");
        assertEquals(0, ran.get(), "callbacks of a closed loop are dropped, never run elsewhere");
        assertEquals(0, value.refCount());
    }

    private static void dropCallbackOf(MessageLoop target, MessageLoop closed, Counted value, AtomicInteger ran) {
        Reply<Counted> r = target.call(() -> value);
        r.then(closed, v -> ran.incrementAndGet(), e -> ran.incrementAndGet());
        eventually(r::isDone, "the reply completed");
    }

    @Test
    void releasingPastZeroAndRetainingAfterFreeThrow() {
        Counted c = new Counted();
        assertTrue(c.release());
        assertThrows(IllegalReferenceCountException.class, c::release);
        assertThrows(IllegalReferenceCountException.class, c::retain);
        assertEquals(1, c.deallocations.get());
    }

    @Test
    void anUnreleasedObjectThatBecomesUnreachableIsReportedWithItsCreationSite() {
        List<String> reports = new CopyOnWriteArrayList<>();
        LeakDetector.setListener(reports::add);
        MessageLoop loop = loop("leaky");
        leakOne(loop);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (reports.stream().noneMatch(r -> r.contains("leakOne")) && System.nanoTime() < deadline) {
            System.gc();
            loop.call(() -> 0).await(BOUND);
        }
        String report = reports.stream().filter(r -> r.contains("leakOne")).findFirst().orElse(null);
        assertNotNull(report, "no leak report; reports: " + reports);
        assertTrue(report.contains("Counted"));
        assertTrue(report.contains("created here"));
    }

    private static void leakOne(MessageLoop loop) {
        Counted c = new Counted(); // sampling is 1 in tests (see pom): every instance is tracked
        c.retain();                 // one reference too many: the loop releases one, one is leaked
        loop.post(x -> { }, c);
    }

    @Test
    void pooledBuffersStreamBetweenTwoLoopsWithoutNewBuffersInSteadyState() {
        MessageLoop producer = loop("producer");
        MessageLoop consumer = loop("consumer");
        PooledBuffer.Pool pool = new PooledBuffer.Pool(1024, 64);
        AtomicInteger sum = new AtomicInteger();
        int n = 100_000;
        CountDownLatch done = new CountDownLatch(1);
        producer.post(() -> {
            for (int i = 0; i < n; i++) {
                PooledBuffer b = pool.acquire();
                b.buffer().putInt(1).flip();
                while (!consumer.post(RefCountHandoffTest::consume, sum, b)) Thread.onSpinWait();
                if ((i & 255) == 255) consumer.call(() -> 0).await(); // bound what is in flight
            }
            consumer.post(done::countDown);
        });
        await(done);
        assertEquals(n, sum.get());
        assertTrue(pool.allocated() <= 257 + 1, "buffers allocated: " + pool.allocated());
    }

    static void consume(AtomicInteger sum, PooledBuffer b) {
        sum.addAndGet(b.buffer().getInt());
    }
}
