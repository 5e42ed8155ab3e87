package dev.loopcore.proxy;

import dev.loopcore.AbstractRefCounted;
import dev.loopcore.MessageLoop;
import dev.loopcore.RejectedCallException;
import dev.loopcore.Reply;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 10 and the proxy part of contract 3. */
class ProxyLifetimeTest extends TwoLoops {

    /** A target that records where it was built and used, and counts its closes. */
    static final class Resource implements AutoCloseable {
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();
        final MessageLoop home;
        volatile boolean closedOnHome;

        Resource(List<String> shared) {
            this.home = MessageLoop.current();
            shared.add("built");
        }

        void add(List<String> shared, String s) {
            shared.add(s);
        }

        String echo(String s) {
            return s;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            closedOnHome = home.isCurrent();
        }
    }

    @Test
    void theConstructorRunsOnTheTargetLoopAndEarlierInvokesRunAfterItInOrder() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        loop.post(() -> await(gate)); // hold the loop so the invokes queue before construction runs
        Proxy<Resource> p = Proxy.create(loop, () -> new Resource(log));
        assertTrue(p.invoke(Resource::add, log, "one"));
        assertTrue(p.invoke(Resource::add, log, "two"));
        gate.countDown();
        assertEquals("x", p.call(Resource::echo, "x").await(BOUND));
        assertEquals(List.of("built", "one", "two"), log);
        assertTrue(p.call(r -> r.home == loop).await(BOUND));
    }

    @Test
    void aThrowingConstructorFailsLaterCallsWithItsCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        Proxy<Resource> p = Proxy.create(loop, () -> {
            throw boom;
        });
        Reply<String> r = p.call(Resource::echo, "x");
        RejectedCallException e = assertThrows(RejectedCallException.class, () -> r.await(BOUND));
        assertEquals(RejectedCallException.Reason.CONSTRUCTION_FAILED, e.reason());
        assertSame(boom, e.getCause());
        assertTrue(p.isClosed());
        assertFalse(p.invoke(Resource::echo, "z"));
    }

    @Test
    void closeFromTheTargetLoopClosesTheTargetBeforeReturning() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Proxy<Resource> p = Proxy.create(loop, () -> new Resource(log));
        Resource target = p.call(r -> r).await(BOUND);
        int closesSeen = loop.call(() -> {
            p.close();
            return target.closes.get();
        }).await(BOUND);
        assertEquals(1, closesSeen);
        assertTrue(target.closedOnHome);
    }

    @Test
    void closeFromElsewhereRunsAfterEveryEarlierMessageAndRejectsLaterOnes() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Proxy<Resource> p = Proxy.create(loop, () -> new Resource(log));
        for (int i = 0; i < 100; i++) assertTrue(p.invoke(Resource::add, log, "m" + i));
        Resource target = p.call(r -> r).await(BOUND);
        p.close();
        assertFalse(p.invoke(Resource::add, log, "late"));
        RejectedCallException e = assertThrows(RejectedCallException.class,
                () -> p.call(Resource::echo, "x").await(BOUND));
        assertEquals(RejectedCallException.Reason.TARGET_CLOSED, e.reason());
        loop.call(() -> 0).await(BOUND); // the close message has run
        assertEquals(101, log.size());
        assertEquals(1, target.closes.get());
        assertTrue(target.closedOnHome);
        p.close();
        loop.call(() -> 0).await(BOUND);
        assertEquals(1, target.closes.get(), "closed exactly once");
    }

    @Test
    void closingTheLoopClosesLiveCreatedTargetsOnItOnce() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Proxy<Resource> p = Proxy.create(loop, () -> new Resource(log));
        Resource target = p.call(r -> r).await(BOUND);
        Proxy<Resource> closedBefore = Proxy.create(loop, () -> new Resource(log));
        Resource t2 = closedBefore.call(r -> r).await(BOUND);
        closedBefore.close();
        loop.close();
        assertTrue(loop.awaitTermination(BOUND));
        assertEquals(1, target.closes.get());
        assertTrue(target.closedOnHome);
        assertEquals(1, t2.closes.get());
        assertTrue(p.isClosed());
        RejectedCallException e = assertThrows(RejectedCallException.class, () -> p.call(Resource::echo, "x").await(BOUND));
        assertEquals(RejectedCallException.Reason.LOOP_CLOSED, e.reason());
    }

    @Test
    void aBoundTargetIsNeverClosedByItsProxyNorByItsLoop() throws Exception {
        Resource target = loop.call(() -> new Resource(new CopyOnWriteArrayList<>())).await(BOUND);
        Proxy<Resource> p = Proxy.bind(loop, target);
        assertEquals("y", p.call(Resource::echo, "y").await(BOUND));
        p.close();
        assertFalse(p.invoke(Resource::echo, "z"));
        loop.close();
        assertTrue(loop.awaitTermination(BOUND));
        assertEquals(0, target.closes.get());
    }

    @Test
    void aCreatedTargetWhoseProxiesAreUnreachableIsClosedOnItsLoop() throws Exception {
        Resource target = createAndDrop();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (target.closes.get() == 0 && System.nanoTime() < deadline) {
            System.gc();
            loop.call(() -> 0).await(BOUND);
            Thread.onSpinWait();
        }
        assertEquals(1, target.closes.get(), "the cleaner closed the target");
        assertTrue(target.closedOnHome);
    }

    private Resource createAndDrop() throws Exception {
        Proxy<Resource> p = Proxy.create(loop, () -> new Resource(new CopyOnWriteArrayList<>()));
        return p.call(r -> r).await(BOUND);
    }

    /** Not AutoCloseable: holds a proxy to its peer on another loop. */
    static final class Peer {
        Proxy<Peer> other;

        void set(Proxy<Peer> other) {
            this.other = other;
        }
    }

    @Test
    void aCrossLoopCycleOfNonCloseableTargetsIsCollected() throws Exception {
        WeakReference<Peer>[] refs = makeCycle();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while ((refs[0].get() != null || refs[1].get() != null) && System.nanoTime() < deadline) {
            System.gc();
            loop.call(() -> 0).await(BOUND);
            other.call(() -> 0).await(BOUND);
        }
        assertNull(refs[0].get(), "target on loop 1 collected");
        assertNull(refs[1].get(), "target on loop 2 collected");
    }

    @SuppressWarnings("unchecked")
    private WeakReference<Peer>[] makeCycle() throws Exception {
        Proxy<Peer> a = Proxy.create(loop, Peer::new);
        Proxy<Peer> b = Proxy.create(other, Peer::new);
        a.invoke(Peer::set, b);
        b.invoke(Peer::set, a);
        Peer pa = a.call(x -> x).await(BOUND);
        Peer pb = b.call(x -> x).await(BOUND);
        return new WeakReference[]{new WeakReference<>(pa), new WeakReference<>(pb)};
    }

    /** AutoCloseable peers: the documented case — the cycle lives until a loop closes. */
    static final class CloseablePeer implements AutoCloseable {
        Proxy<CloseablePeer> other;
        final AtomicInteger closes = new AtomicInteger();

        void set(Proxy<CloseablePeer> other) {
            this.other = other;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            if (other != null) other.close();
        }
    }

    @Test
    void aCrossLoopCycleOfCloseableTargetsLivesUntilALoopClosesThenBothClose() throws Exception {
        CloseablePeer[] peers = makeCloseableCycle();
        for (int i = 0; i < 3; i++) {
            System.gc();
            loop.call(() -> 0).await(BOUND);
            other.call(() -> 0).await(BOUND);
        }
        assertEquals(0, peers[0].closes.get(), "documented: the cycle is not collected");
        assertEquals(0, peers[1].closes.get());
        loop.close(); // closes peer 0, whose close closes its proxy to peer 1
        assertTrue(loop.awaitTermination(BOUND));
        other.call(() -> 0).await(BOUND);
        assertEquals(1, peers[0].closes.get());
        assertEquals(1, peers[1].closes.get());
    }

    private CloseablePeer[] makeCloseableCycle() throws Exception {
        Proxy<CloseablePeer> a = Proxy.create(loop, CloseablePeer::new);
        Proxy<CloseablePeer> b = Proxy.create(other, CloseablePeer::new);
        a.invoke(CloseablePeer::set, b);
        b.invoke(CloseablePeer::set, a);
        return new CloseablePeer[]{a.call(x -> x).await(BOUND), b.call(x -> x).await(BOUND)};
    }

    static final class Counted extends AbstractRefCounted {
        final AtomicInteger deallocations = new AtomicInteger();

        @Override
        protected void deallocate() {
            deallocations.incrementAndGet();
        }
    }

    @Test
    void aRefCountedArgumentIsReleasedOnceWhenTheTargetIsClosed() throws Exception {
        Proxy<Resource> p = Proxy.create(loop, () -> new Resource(new CopyOnWriteArrayList<>()));
        CountDownLatch gate = new CountDownLatch(1);
        loop.post(() -> await(gate));
        Counted queued = new Counted();
        AtomicInteger ranBeforeClose = new AtomicInteger();
        assertTrue(p.invoke((r, c) -> ranBeforeClose.incrementAndGet(), queued));
        p.close();
        Counted late = new Counted();
        assertFalse(p.invoke((r, c) -> fail("ran on a closed target"), late));
        assertEquals(1, late.deallocations.get());
        gate.countDown();
        loop.call(() -> 0).await(BOUND);
        // The queued invoke was posted before close(): it ran, and was released after the handler.
        assertEquals(1, ranBeforeClose.get());
        assertEquals(1, queued.deallocations.get());
        Counted afterClose = new Counted();
        Proxy<Resource> q = Proxy.create(loop, () -> new Resource(new CopyOnWriteArrayList<>()));
        loop.post(() -> await(gate));
        q.close();
        assertFalse(q.invoke((r, c) -> fail("ran"), afterClose));
        assertEquals(1, afterClose.deallocations.get());
    }

    @Test
    void nullArgumentsAreRejectedOnTheCallersThread() {
        assertEquals("loop", assertThrows(NullPointerException.class, () -> Proxy.create(null, Object::new)).getMessage());
        assertEquals("constructor", assertThrows(NullPointerException.class, () -> Proxy.create(loop, null)).getMessage());
        assertEquals("target", assertThrows(NullPointerException.class, () -> Proxy.bind(loop, null)).getMessage());
        Proxy<Resource> p = Proxy.create(loop, () -> new Resource(new CopyOnWriteArrayList<>()));
        assertEquals("method", assertThrows(NullPointerException.class,
                () -> p.invoke((java.util.function.Consumer<Resource>) null)).getMessage());
        assertEquals("iface", assertThrows(NullPointerException.class, () -> p.as(null)).getMessage());
    }

    static void await(CountDownLatch l) {
        try {
            assertTrue(l.await(20, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
