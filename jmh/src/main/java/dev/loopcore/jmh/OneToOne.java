package dev.loopcore.jmh;

import dev.loopcore.jmh.peers.CountingTask;
import dev.loopcore.jmh.peers.Peer;
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

import java.util.concurrent.TimeUnit;

/** Family 1: one producer posts bursts (1,000 or 10,000) of a preallocated task to one consumer; ops = tasks run. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OneToOne {
    static final int BURST = 1000;
    static final int LONG_BURST = 10_000;

    @Param({"loopcore", "loopcore-spin", "loopcore-bounded", "jctools-spin", "jctools-park", "disruptor-busyspin",
            "disruptor-blocking", "agrona-busyspin", "agrona-backoff", "netty-nio", "netty-executor",
            "jdk-executor", "pekko"})
    public String peer;

    Peer target;
    final CountingTask task = new CountingTask();
    long posted;

    @Setup(Level.Trial)
    public void start() {
        target = Peer.create(peer);
    }

    @TearDown(Level.Trial)
    public void stop() {
        target.close();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void burst() {
        post(BURST);
    }

    /** Bursts ten times longer: a backlog the consumer must work through while the producer still posts. */
    @Benchmark
    @OperationsPerInvocation(LONG_BURST)
    public void burst10k() {
        post(LONG_BURST);
    }

    private void post(int n) {
        Peer p = target;
        CountingTask t = task;
        for (int i = 0; i < n; i++) p.post(t);
        posted += n;
        t.awaitCount(posted);
    }
}
