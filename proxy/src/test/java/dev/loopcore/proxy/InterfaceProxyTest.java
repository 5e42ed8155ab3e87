package dev.loopcore.proxy;

import dev.loopcore.CallFailedException;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 11: {@code proxy.as(I.class)}. */
class InterfaceProxyTest {
    static final Duration BOUND = Duration.ofSeconds(20);
    private final MessageLoop loop = MessageLoop.start("iface");

    @AfterEach
    void close() throws InterruptedException {
        loop.close();
        assertTrue(loop.awaitTermination(BOUND));
    }

    interface Counter {
        void add(int n);

        int total();

        Reply<Integer> totalReply();

        CompletableFuture<Integer> totalFuture();

        CompletionStage<String> where();

        String fail();
    }

    static final class CounterImpl implements Counter {
        final MessageLoop home = MessageLoop.current();
        int total;
        volatile boolean offLoop;

        private void check() {
            if (!home.isCurrent()) offLoop = true;
        }

        @Override
        public void add(int n) {
            check();
            total += n;
        }

        @Override
        public int total() {
            check();
            return total;
        }

        @Override
        public Reply<Integer> totalReply() {
            check();
            return home.call(() -> total);
        }

        @Override
        public CompletableFuture<Integer> totalFuture() {
            check();
            return CompletableFuture.completedFuture(total);
        }

        @Override
        public CompletionStage<String> where() {
            return CompletableFuture.completedFuture(MessageLoop.current().name());
        }

        @Override
        public String fail() {
            throw new IllegalArgumentException("nope");
        }
    }

    @Test
    void voidMethodsPostAndOtherTypesCallAndAwaitOnTheTargetLoop() {
        Proxy<CounterImpl> p = Proxy.create(loop, CounterImpl::new);
        Counter c = p.as(Counter.class);
        for (int i = 1; i <= 100; i++) c.add(i);
        assertEquals(5050, c.total());
        assertFalse(p.call(x -> x.offLoop).await(BOUND));
    }

    @Test
    void replyAndFutureReturnTypesCallAsynchronously() throws Exception {
        Counter c = Proxy.create(loop, CounterImpl::new).as(Counter.class);
        c.add(7);
        assertEquals(7, c.totalReply().await(BOUND));
        assertEquals(7, c.totalFuture().get(20, TimeUnit.SECONDS));
        assertEquals("iface", c.where().toCompletableFuture().get(20, TimeUnit.SECONDS));
    }

    @Test
    void aSyncRelayFromAnotherLoopRunsTheNestedFilteredAwait() throws Exception {
        MessageLoop caller = MessageLoop.start("caller");
        try {
            Counter c = Proxy.create(loop, CounterImpl::new).as(Counter.class);
            c.add(3);
            assertEquals(3, caller.call(c::total).await(BOUND));
        } finally {
            caller.close();
            assertTrue(caller.awaitTermination(BOUND));
        }
    }

    @Test
    void aThrowingTargetMethodFailsTheSyncRelayWithCallFailed() {
        Counter c = Proxy.create(loop, CounterImpl::new).as(Counter.class);
        CallFailedException e = assertThrows(CallFailedException.class, c::fail);
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void equalsHashCodeAndToStringAnswerLocallyEvenWhileTheLoopIsBusy() throws Exception {
        Counter c = Proxy.create(loop, CounterImpl::new).as(Counter.class);
        CountDownLatch gate = new CountDownLatch(1);
        loop.post(() -> {
            try {
                gate.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertEquals(c, c);
                assertNotEquals(c, Proxy.create(loop, CounterImpl::new).as(Counter.class));
                assertEquals(System.identityHashCode(c), c.hashCode());
                assertTrue(c.toString().contains("Counter"));
            });
        } finally {
            gate.countDown();
        }
    }

    @Test
    void aRelayThroughAClosedProxyDoesNotRun() {
        Proxy<CounterImpl> p = Proxy.create(loop, CounterImpl::new);
        Counter c = p.as(Counter.class);
        c.add(1);
        assertEquals(1, c.total());
        p.close();
        c.add(100);
        assertThrows(dev.loopcore.RejectedCallException.class, c::total);
    }

    interface Wide {
        String join(String a, String b, String c, String d);

        long sum(int a, long b, double c);
    }

    static final class WideImpl implements Wide {
        @Override
        public String join(String a, String b, String c, String d) {
            return a + b + c + d;
        }

        @Override
        public long sum(int a, long b, double c) {
            return a + b + (long) c;
        }
    }

    interface Narrow {
        long sum(int a, long b, double c);

        boolean flag(boolean b);

        void touch(String s);
    }

    static final class NarrowImpl implements Narrow {
        final java.util.List<String> touched = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public long sum(int a, long b, double c) {
            return a + b + (long) c;
        }

        @Override
        public boolean flag(boolean b) {
            return !b;
        }

        @Override
        public void touch(String s) {
            touched.add(s + "@" + MessageLoop.current().name());
        }
    }

    @Test
    void anInterfaceOfUpToThreeParametersGetsAGeneratedRelayThatBoxesAndUnboxesPrimitives() {
        Proxy<NarrowImpl> p = Proxy.create(loop, NarrowImpl::new);
        Narrow n = p.as(Narrow.class);
        assertFalse(java.lang.reflect.Proxy.isProxyClass(n.getClass()), "expected the generated relay");
        assertEquals(6L, n.sum(1, 2L, 3.9));
        assertTrue(n.flag(false));
        n.touch("x");
        assertEquals(java.util.List.of("x@iface"), p.call(t -> t.touched).await(BOUND));
    }

    @Test
    void anInterfaceWithAWiderMethodFallsBackToTheReflectiveRelay() {
        Wide w = Proxy.create(loop, WideImpl::new).as(Wide.class);
        assertTrue(java.lang.reflect.Proxy.isProxyClass(w.getClass()));
        assertEquals("abcd", w.join("a", "b", "c", "d"));
        assertEquals(6L, w.sum(1, 2L, 3.9));
    }

    @Test
    void aClassIsNotAnInterface() {
        Proxy<CounterImpl> p = Proxy.create(loop, CounterImpl::new);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.as(CounterImpl.class));
        assertTrue(e.getMessage().contains("iface"));
    }
}
