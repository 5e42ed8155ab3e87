package dev.loopcore.jmh;

import dev.loopcore.MessageLoop;
import dev.loopcore.jmh.peers.CountingTask;
import dev.loopcore.proxy.Proxy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Family 5: a method call on an object living on a loop, three ways — a raw {@code loop.post} with
 * the object as argument, {@code proxy.invoke(T::method, arg)}, and an interface proxy
 * ({@code proxy.as(I.class).method(arg)}): the generated relay, and the java.lang.reflect.Proxy
 * fallback. ops = calls run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProxyInvoke {
    static final int BURST = 1000;

    public interface Sink {
        void accept(CountingTask task);
    }

    /** A method with four parameters makes Proxy.as fall back to the java.lang.reflect.Proxy relay. */
    public interface WideSink extends Sink {
        void unused(Object a, Object b, Object c, Object d);
    }

    public static final class Target implements WideSink {
        @Override
        public void accept(CountingTask task) {
            task.run();
        }

        @Override
        public void unused(Object a, Object b, Object c, Object d) {
        }
    }

    @Param({"post", "invoke", "interface", "interface-reflect"})
    public String via;

    MessageLoop loop;
    Target target;
    Proxy<Target> proxy;
    Sink iface;
    Sink reflective;
    final CountingTask task = new CountingTask();
    long posted;

    @Setup(Level.Trial)
    public void start() {
        loop = MessageLoop.builder("proxy-bench").daemon(true).start();
        target = new Target();
        proxy = Proxy.create(loop, Target::new);
        iface = proxy.as(Sink.class);
        reflective = proxy.as(WideSink.class);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        loop.close();
        loop.awaitTermination(Duration.ofSeconds(10));
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void call() {
        CountingTask t = task;
        switch (via) {
            case "post":
                for (int i = 0; i < BURST; i++) loop.post(Target::accept, target, t);
                break;
            case "invoke":
                for (int i = 0; i < BURST; i++) proxy.invoke(Target::accept, t);
                break;
            case "interface":
                for (int i = 0; i < BURST; i++) iface.accept(t);
                break;
            default:
                for (int i = 0; i < BURST; i++) reflective.accept(t);
                break;
        }
        posted += BURST;
        t.awaitCount(posted);
    }
}
