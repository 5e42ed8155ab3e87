package dev.loopcore.jmh;

import dev.loopcore.jmh.peers.CountingTask;
import dev.loopcore.jmh.peers.Peer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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

/**
 * Family 2: two producers post bursts to one consumer: three busy threads on two cores, which shows
 * who collapses when oversubscribed. ops = tasks run, summed over both producers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TwoToOne {
    static final int BURST = 1000;

    @State(Scope.Group)
    public static class Shared {
        @Param({"loopcore", "loopcore-spin", "loopcore-bounded", "jctools-spin", "jctools-park", "disruptor-busyspin",
                "disruptor-blocking", "agrona-busyspin", "agrona-backoff", "netty-nio", "netty-executor",
                "jdk-executor", "pekko"})
        public String peer;
        Peer target;

        @Setup(Level.Trial)
        public void start() {
            target = Peer.create(peer);
        }

        @TearDown(Level.Trial)
        public void stop() {
            target.close();
        }
    }

    @State(Scope.Thread)
    public static class Producer {
        final CountingTask task = new CountingTask();
        long posted;
    }

    @Benchmark
    @Group("twoProducers")
    @GroupThreads(2)
    @OperationsPerInvocation(BURST)
    public void burst(Shared s, Producer p) {
        Peer target = s.target;
        CountingTask t = p.task;
        for (int i = 0; i < BURST; i++) target.post(t);
        p.posted += BURST;
        t.awaitCount(p.posted);
    }
}
