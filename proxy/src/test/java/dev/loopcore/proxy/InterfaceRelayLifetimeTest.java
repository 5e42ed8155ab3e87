package dev.loopcore.proxy;

import dev.loopcore.AbstractRefCounted;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Contracts 8, 11 and 12 through {@code proxy.as(I.class)} (issue 13, points 5-7). */
class InterfaceRelayLifetimeTest extends TwoLoops {
    InterfaceRelayLifetimeTest() {
        super("caller", "service");
    }

    interface Service {
        Reply<String> compute();
    }

    /** Lives on the service loop; answers with a call to a target on the caller's loop. */
    static final class ServiceImpl implements Service {
        final Proxy<StringBuilder> back;

        ServiceImpl(Proxy<StringBuilder> back) {
            this.back = back;
        }

        @Override
        public Reply<String> compute() {
            return back.call(sb -> sb.append("done").toString());
        }
    }

    @Test
    void anInterfaceReplyThatForwardsACallToTheAwaitingLoopCompletesTheAwait() {
        Proxy<StringBuilder> onCaller = Proxy.create(loop, StringBuilder::new);
        Service svc = Proxy.create(other, () -> new ServiceImpl(onCaller)).as(Service.class);
        String r = assertTimeoutPreemptively(BOUND, () -> loop.call(() -> svc.compute().await(Duration.ofSeconds(5)))
                .await(BOUND));
        assertEquals("done", r);
    }

    static final class Counted extends AbstractRefCounted {
        final AtomicInteger deallocations = new AtomicInteger();

        @Override
        protected void deallocate() {
            deallocations.incrementAndGet();
        }
    }

    /** Four parameters: served by the reflective relay. */
    interface Wide {
        void take(Object a, Object b, Object c, Counted d);
    }

    static final class WideImpl implements Wide {
        final AtomicInteger took = new AtomicInteger();

        @Override
        public void take(Object a, Object b, Object c, Counted d) {
            took.incrementAndGet();
        }
    }

    @Test
    void theReflectiveRelayReleasesARefCountedArgumentOnceAfterTheMethodRan() {
        Proxy<WideImpl> p = Proxy.create(loop, WideImpl::new);
        Wide w = p.as(Wide.class);
        assertTrue(java.lang.reflect.Proxy.isProxyClass(w.getClass()));
        Counted c = new Counted();
        w.take("a", "b", "c", c);
        assertEquals(1, p.call(t -> t.took.get()).await(BOUND));
        assertEquals(1, c.deallocations.get());
        assertEquals(0, c.refCount());
    }

    @Test
    void theReflectiveRelayReleasesARefCountedArgumentOnceWhenItNeverRuns() {
        Proxy<WideImpl> p = Proxy.create(loop, WideImpl::new);
        Wide w = p.as(Wide.class);
        CountDownLatch gate = new CountDownLatch(1);
        loop.post(() -> ProxyLifetimeTest.await(gate));
        Counted queued = new Counted();
        w.take("a", "b", "c", queued); // accepted, then dropped: the proxy is closed on its loop first
        loop.post(p::close);
        Counted refused = new Counted();
        p.close();
        w.take("a", "b", "c", refused); // refused by the closed proxy
        gate.countDown();
        loop.call(() -> 0).await(BOUND);
        assertEquals(1, refused.deallocations.get());
        assertEquals(1, queued.deallocations.get());
    }

    interface WithStatic {
        static WithStatic none() {
            return null;
        }

        int answer();
    }

    @Test
    void anInterfaceWithAStaticMethodRelaysItsInstanceMethods() {
        WithStatic w = Proxy.create(loop, () -> (WithStatic) () -> 42).as(WithStatic.class);
        assertFalse(java.lang.reflect.Proxy.isProxyClass(w.getClass()), "expected the generated relay");
        assertEquals(42, w.answer());
    }

    interface Named {
        @Override
        String toString();

        String name();
    }

    interface WideNamed {
        @Override
        String toString();

        String name(Object a, Object b, Object c, Object d);
    }

    @Test
    void toStringAnswersLocallyAndAlikeInBothRelaysEvenWhenTheInterfaceRedeclaresIt() {
        Proxy<Named> p = Proxy.create(loop, () -> new Named() {
            @Override
            public String name() {
                return "n";
            }

            @Override
            public String toString() {
                return "the target";
            }
        });
        Named generated = p.as(Named.class);
        assertFalse(java.lang.reflect.Proxy.isProxyClass(generated.getClass()));
        assertEquals("Named via " + p, generated.toString());
        Proxy<WideNamed> q = Proxy.create(loop, () -> new WideNamed() {
            @Override
            public String name(Object a, Object b, Object c, Object d) {
                return "n";
            }

            @Override
            public String toString() {
                return "the target";
            }
        });
        WideNamed reflective = q.as(WideNamed.class);
        assertTrue(java.lang.reflect.Proxy.isProxyClass(reflective.getClass()));
        assertEquals("WideNamed via " + q, reflective.toString());
    }
}
