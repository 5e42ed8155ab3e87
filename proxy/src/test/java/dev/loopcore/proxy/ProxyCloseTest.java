package dev.loopcore.proxy;

import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 10: when a proxy's close takes effect, for create and bind proxies alike (issue 13, points 1-2). */
class ProxyCloseTest extends TwoLoops {

    static final class Target implements AutoCloseable {
        final AtomicInteger ran = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        void touch() {
            ran.incrementAndGet();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void bindProxyClosedOnItsLoopRunsNoQueuedMessage() {
        Target target = loop.call(Target::new).await(BOUND);
        Proxy<Target> self = Proxy.bind(loop, target);
        CountDownLatch gate = new CountDownLatch(1);
        assertTrue(loop.post(() -> {
            ProxyLifetimeTest.await(gate);
            self.close(); // the object closes its own getProxy() on its loop, e.g. in its close()
        }));
        for (int i = 0; i < 3; i++) assertTrue(self.invoke(Target::touch)); // queued behind the closing task
        gate.countDown();
        loop.call(() -> 0).await(BOUND);
        assertEquals(0, target.ran.get(), "a message of the closed bind proxy ran on its target");
        assertTrue(self.isClosed());
        assertFalse(self.invoke(Target::touch));
        assertEquals(0, target.closes.get(), "a bind proxy never closes its target");
    }

    @Test
    void bindProxyClosedFromElsewhereRunsEveryEarlierMessageThenNone() {
        Target target = loop.call(Target::new).await(BOUND);
        Proxy<Target> p = Proxy.bind(loop, target);
        CountDownLatch gate = new CountDownLatch(1);
        loop.post(() -> ProxyLifetimeTest.await(gate));
        for (int i = 0; i < 3; i++) assertTrue(p.invoke(Target::touch));
        p.close();
        assertFalse(p.invoke(Target::touch));
        gate.countDown();
        loop.call(() -> 0).await(BOUND);
        assertEquals(3, target.ran.get());
        assertEquals(0, target.closes.get());
    }

    @Test
    void closeOnTheTargetLoopAfterACloseFromElsewhereClosesTheTargetAtOnce() {
        Proxy<Target> p = Proxy.create(loop, Target::new);
        Target target = p.call(t -> t).await(BOUND);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger closesSeenOnLoop = new AtomicInteger(-1);
        loop.post(() -> {
            ProxyLifetimeTest.await(gate);
            p.close(); // a close from elsewhere came first; this one is on the target's loop
            closesSeenOnLoop.set(target.closes.get());
        });
        assertTrue(p.invoke(Target::touch));
        assertTrue(p.invoke(Target::touch));
        p.close(); // from elsewhere: queued behind the invokes
        gate.countDown();
        loop.call(() -> 0).await(BOUND);
        assertEquals(1, closesSeenOnLoop.get(), "the on-loop close returned before the target was closed");
        assertEquals(0, target.ran.get(), "queued invokes ran after the on-loop close");
        assertEquals(1, target.closes.get());
    }

    @Test
    void anInvokeAcceptedBeforeACloseFromElsewhereRunsEvenWhenTheCloseOvertakesItDuringAnAwait() throws Exception {
        Proxy<Target> p = Proxy.create(loop, Target::new);
        Target target = p.call(t -> t).await(BOUND);
        CountDownLatch awaiting = new CountDownLatch(1);
        CountDownLatch invoked = new CountDownLatch(1);
        // loop awaits a call to other; that call (in the awaited chain) closes the proxy from elsewhere, so
        // the close message runs during the await, ahead of the invoke the await keeps aside.
        loop.post(() -> {
            awaiting.countDown();
            other.call(() -> {
                ProxyLifetimeTest.await(invoked);
                p.close();
                return 0;
            }).await(BOUND);
        });
        ProxyLifetimeTest.await(awaiting);
        boolean accepted = p.invoke(Target::touch);
        invoked.countDown();
        loop.call(() -> 0).await(BOUND);
        other.call(() -> 0).await(BOUND);
        loop.call(() -> 0).await(BOUND);
        assertTrue(accepted);
        assertEquals(1, target.ran.get(), "an accepted invoke was dropped: the close overtook it");
        assertEquals(1, target.closes.get());
    }

    @Test
    void invokesRacingACloseFromElsewhereRunExactlyWhenAccepted() throws Exception {
        for (int round = 0; round < 300; round++) {
            Proxy<Target> p = Proxy.create(loop, Target::new);
            Target target = p.call(t -> t).await(BOUND);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger accepted = new AtomicInteger();
            Thread invoker = new Thread(() -> {
                ProxyLifetimeTest.await(start);
                for (int i = 0; i < 200; i++) if (p.invoke(Target::touch)) accepted.incrementAndGet();
            });
            invoker.start();
            start.countDown();
            p.close();
            invoker.join(BOUND.toMillis());
            assertFalse(invoker.isAlive());
            loop.call(() -> 0).await(BOUND);
            assertEquals(accepted.get(), target.ran.get(), "round " + round);
            assertEquals(1, target.closes.get());
        }
    }

    @Test
    void aProxyBoundInsideACreatedTargetRunsItsAcceptedMessagesBeforeACloseFromElsewhereClosesTheTarget() {
        Proxy<Target> p = Proxy.create(loop, Target::new);
        Proxy<Target> bound = p.call(t -> Proxy.bind(loop, t)).await(BOUND); // shares the target's lifetime
        Target target = p.call(t -> t).await(BOUND);
        CountDownLatch awaiting = new CountDownLatch(1);
        CountDownLatch invoked = new CountDownLatch(1);
        loop.post(() -> {
            awaiting.countDown();
            other.call(() -> {
                ProxyLifetimeTest.await(invoked);
                p.close(); // runs during loop's await, ahead of the bound proxy's invoke kept aside
                return 0;
            }).await(BOUND);
        });
        ProxyLifetimeTest.await(awaiting);
        boolean accepted = bound.invoke(Target::touch);
        invoked.countDown();
        other.call(() -> 0).await(BOUND);
        loop.call(() -> 0).await(BOUND);
        assertTrue(accepted);
        assertEquals(1, target.ran.get(), "an invoke accepted through the bound proxy was dropped");
        assertEquals(1, target.closes.get());
        assertFalse(bound.invoke(Target::touch));
        assertTrue(bound.isClosed());
    }

    @Test
    void closingAProxyBoundInsideACreatedTargetLeavesTheTargetOpen() {
        Proxy<Target> p = Proxy.create(loop, Target::new);
        Proxy<Target> bound = p.call(t -> Proxy.bind(loop, t)).await(BOUND);
        bound.close();
        assertFalse(bound.invoke(Target::touch));
        assertTrue(p.invoke(Target::touch));
        assertEquals(1, p.call(t -> t.ran.get()).await(BOUND));
        assertEquals(0, p.call(t -> t.closes.get()).await(BOUND), "a bind proxy never closes its target");
    }
}
