package dev.loopcore.jmh;

import dev.loopcore.AbstractRefCounted;
import dev.loopcore.MessageLoop;
import dev.loopcore.jmh.peers.CountingTask;
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
import java.util.function.BiConsumer;

/**
 * Family 5: {@code post(handler, task, arg)} with a plain argument vs a {@code RefCounted} one handed
 * off with its count (the producer retains, the loop releases after the handler). ops = posts run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RefCountedArg {
    static final int BURST = 1000;

    static final class Buffer extends AbstractRefCounted {
        @Override
        protected void deallocate() {
            throw new IllegalStateException("the benchmark keeps one reference: never freed");
        }
    }

    private static final BiConsumer<CountingTask, Object> HANDLER = (task, arg) -> task.run();

    @Param({"plain", "refcounted"})
    public String arg;

    MessageLoop loop;
    final CountingTask task = new CountingTask();
    final Object plain = new Object();
    final Buffer buffer = new Buffer();
    long posted;

    @Setup(Level.Trial)
    public void start() {
        loop = MessageLoop.builder("refcount-bench").daemon(true).start();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        loop.close();
        loop.awaitTermination(Duration.ofSeconds(10));
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void post() {
        CountingTask t = task;
        if (arg.equals("plain")) {
            for (int i = 0; i < BURST; i++) loop.post(HANDLER, t, plain);
        } else {
            Buffer b = buffer;
            for (int i = 0; i < BURST; i++) {
                b.retain(); // this reference goes with the message; the loop releases it after HANDLER
                loop.post(HANDLER, t, b);
            }
        }
        posted += BURST;
        t.awaitCount(posted);
    }
}
