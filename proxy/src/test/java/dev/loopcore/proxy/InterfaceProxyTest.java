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

    @Test
    void aClassIsNotAnInterface() {
        Proxy<CounterImpl> p = Proxy.create(loop, CounterImpl::new);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.as(CounterImpl.class));
        assertTrue(e.getMessage().contains("iface"));
    }
}
