package dev.loopcore.proxy;

import dev.loopcore.ContextPropagator;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 15 point 5 through proxies: construction, invokes, calls and interface relays see the sender's context. */
class ProxyContextPropagationTest {
    static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

    interface Greeter {
        void greet(String who);
        String context();
    }

    static final class Target implements Greeter {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch greeted = new CountDownLatch(2);

        Target() {
            seen.add("built:" + CONTEXT.get());
        }

        @Override
        public void greet(String who) {
            seen.add(who + ":" + CONTEXT.get());
            greeted.countDown();
        }

        @Override
        public String context() {
            return CONTEXT.get();
        }
    }

    @Test
    void aProxiedTargetSeesTheSendersContextInEveryKindOfMessage() throws Exception {
        ContextPropagator.install(new ContextPropagator<String>() {
            @Override
            public String capture() {
                return CONTEXT.get();
            }

            @Override
            public Scope restore(String captured) {
                String before = CONTEXT.get();
                CONTEXT.set(captured);
                return () -> CONTEXT.set(before);
            }
        });
        MessageLoop loop = MessageLoop.builder("ctx-proxy").daemon(true).start();
        try {
            CONTEXT.set("trace-1");
            Proxy<Target> p = Proxy.create(loop, Target::new);
            assertTrue(p.invoke(Target::greet, "invoke"));
            assertEquals("trace-1", p.call(Target::context).await(Duration.ofSeconds(20)));
            Greeter g = p.as(Greeter.class);
            CONTEXT.set("trace-2");
            g.greet("relay");
            assertEquals("trace-2", g.context());
            Target t = p.call(x -> x).await(Duration.ofSeconds(20));
            assertTrue(t.greeted.await(20, TimeUnit.SECONDS));
            assertEquals(List.of("built:trace-1", "invoke:trace-1", "relay:trace-2"), t.seen);
        } finally {
            ContextPropagator.uninstall();
            CONTEXT.remove();
            loop.close();
            assertTrue(loop.awaitTermination(Duration.ofSeconds(20)));
        }
    }
}
