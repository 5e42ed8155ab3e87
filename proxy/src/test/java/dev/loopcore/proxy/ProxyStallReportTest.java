package dev.loopcore.proxy;

import dev.loopcore.MessageLoop;
import dev.loopcore.internal.Watchdog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 17 through a proxy: a stalled invoke is reported with the target's type and the method's frame. */
class ProxyStallReportTest {

    static final class SlowService {
        void slowly(CountDownLatch done) {
            try {
                Thread.sleep(800); // the workload: a method that blocks its loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        }
    }

    @Test
    void aStalledProxyInvokeIsReportedWithTheTargetTypeAndMethod() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        CountDownLatch reported = new CountDownLatch(1);
        Watchdog.setListener(r -> {
            if (r.startsWith("loop 'proxy-stall' stalled")) {
                reports.add(r);
                reported.countDown();
            }
        });
        MessageLoop loop = MessageLoop.builder("proxy-stall").daemon(true).stallThreshold(Duration.ofMillis(100)).start();
        try {
            Proxy<SlowService> p = Proxy.create(loop, SlowService::new);
            CountDownLatch done = new CountDownLatch(1);
            assertTrue(p.invoke(SlowService::slowly, done));
            assertTrue(reported.await(20, TimeUnit.SECONDS), "no stall report");
            assertTrue(done.await(20, TimeUnit.SECONDS));
            String r = reports.get(0);
            // What runs is read off the loop thread's stack: the target's type and method, past the proxy machinery.
            assertTrue(r.contains("stalled: " + SlowService.class.getName() + ".slowly"), r);
        } finally {
            Watchdog.setListener(null);
            loop.close();
            assertTrue(loop.awaitTermination(Duration.ofSeconds(20)));
        }
    }
}
