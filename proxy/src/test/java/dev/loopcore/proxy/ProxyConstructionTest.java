package dev.loopcore.proxy;

import dev.loopcore.CallFailedException;
import dev.loopcore.MailboxKind;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Contract 10: construction comes before the proxy's own messages whatever the target loop is doing
 * (awaiting, busy), and a temporary proxy stays alive until its send decided (issue 13, points 3-4).
 */
class ProxyConstructionTest extends TwoLoops {

    static final class Log {
        final List<String> events = new CopyOnWriteArrayList<>();

        Log(List<String> shared) {
            shared.add("built on " + MessageLoop.current().name());
        }

        void add(List<String> shared, String s) {
            shared.add(s);
        }

        String echo(String s) {
            return s;
        }
    }

    @Test
    void messagesFromTheAwaitedChainRunOnATargetCreatedWhileItsLoopAwaits() {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch awaiting = new CountDownLatch(1);
        CountDownLatch created = new CountDownLatch(1);
        AtomicReference<Proxy<Log>> proxy = new AtomicReference<>();
        Reply<String> outer = loop.call(() -> {
            awaiting.countDown();
            return other.call(() -> {
                ProxyLifetimeTest.await(created);
                Proxy<Log> p = proxy.get();
                assertTrue(p.invoke(Log::add, events, "invoked"));
                return p.call(Log::echo, "called").await(BOUND); // runs on loop during its await
            }).await(BOUND);
        });
        ProxyLifetimeTest.await(awaiting);
        proxy.set(Proxy.create(loop, () -> new Log(events))); // from a thread with no loop: kept aside
        created.countDown();
        assertEquals("called", outer.await(BOUND));
        proxy.get().call(Log::echo, "sync").await(BOUND);
        assertEquals(List.of("built on target", "invoked"), events);
    }

    @Test
    void aCallFromTheTargetLoopWhileItsConstructionIsQueuedBehindTheRunningTaskRuns() {
        List<String> events = new CopyOnWriteArrayList<>();
        String r = loop.call(() -> {
            Proxy<Log> p = Proxy.create(loop, () -> new Log(events)); // queued behind this task
            assertTrue(p.invoke(Log::add, events, "invoked"));
            return p.call(Log::echo, "called").await(BOUND);
        }).await(BOUND);
        assertEquals("called", r);
        loop.call(() -> 0).await(BOUND);
        assertEquals(List.of("built on target", "invoked"), events);
    }

    @Test
    void aConstructorThatAwaitsItsOwnProxyFailsWithAReasonThatSaysSo() {
        AtomicReference<Proxy<Log>> self = new AtomicReference<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch gate = new CountDownLatch(1);
        loop.post(() -> ProxyLifetimeTest.await(gate)); // the proxy is set before its constructor runs
        self.set(Proxy.create(loop, () -> {
            try {
                self.get().call(Log::echo, "x").await(BOUND);
            } catch (Throwable t) {
                seen.set(t);
            }
            return new Log(new CopyOnWriteArrayList<>());
        }));
        gate.countDown();
        assertEquals("y", self.get().call(Log::echo, "y").await(BOUND));
        Throwable t = seen.get();
        assertInstanceOf(CallFailedException.class, t);
        assertInstanceOf(IllegalStateException.class, t.getCause());
        assertTrue(t.getCause().getMessage().contains("constructor"), t.getCause().getMessage());
    }

    static final AtomicInteger RAN = new AtomicInteger();

    static final class Temp implements AutoCloseable {
        void touch() {
            RAN.incrementAndGet();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void anInvokeOnATemporaryProxyRunsThoughTheCollectorRunsDuringTheSend() throws Exception {
        MessageLoop bounded = MessageLoop.builder("bounded").mailbox(MailboxKind.BOUNDED).capacity(8).start();
        Thread gc = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) System.gc();
        });
        try {
            RAN.set(0);
            gc.start();
            int accepted = 0;
            long end = System.nanoTime() + 4_000_000_000L; // a CI budget: ~2,000 sends on a slow machine
            for (int i = 0; i < 10_000 && System.nanoTime() - end < 0; i++) {
                if (Proxy.create(bounded, Temp::new).invoke(Temp::touch)) accepted++;
            }
            bounded.call(() -> 0).await(BOUND);
            assertEquals(accepted, RAN.get(), "accepted invokes that never ran");
        } finally {
            gc.interrupt();
            gc.join(BOUND.toMillis());
            bounded.close();
            assertTrue(bounded.awaitTermination(BOUND));
        }
    }
}
